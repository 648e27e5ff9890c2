package vn.bcci.portalsim;

import java.util.List;
import java.util.Map;

/**
 * The simulator's procedure catalogue (LayDanhSachTTHC): procedures of a province department ({@code 000.00.01.H22})
 * and a ministry ({@code 000.00.00.G12}), with a mix of BCCI eligibility.
 */
final class Catalogue {
    static final String PROVINCE = "000.00.01.H22";
    static final String MINISTRY = "000.00.00.G12";

    /** MaTTHC, TenTTHC, MaLinhVuc, TenLinhVuc, CoQuanThucHien, ThoiHanGiaiQuyet, NhanQuaBCCI, TraQuaBCCI. */
    private static final String[][] ROWS = {
            {"1.001612", "Đăng ký khai sinh", "HT", "Hộ tịch", PROVINCE, "1", "1", "1"},
            {"1.000894", "Đăng ký kết hôn", "HT", "Hộ tịch", PROVINCE, "3", "0", "0"},
            {"1.001193", "Đăng ký khai tử", "HT", "Hộ tịch", PROVINCE, "1", "1", "1"},
            {"2.000635", "Cấp bản sao trích lục hộ tịch", "HT", "Hộ tịch", PROVINCE, "1", "1", "1"},
            {"1.004746", "Xác nhận thông tin hộ tịch", "HT", "Hộ tịch", PROVINCE, "3", "1", "1"},
            {"1.001977", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", "LLTP", "Lý lịch tư pháp", PROVINCE,
                    "10", "1", "1"},
            {"2.000488", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "CT", "Chứng thực", PROVINCE, "2", "0",
                    "1"},
            {"1.002804", "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp", "DB", "Đường bộ", PROVINCE, "5",
                    "1", "1"},
            {"1.004227", "Cấp lại giấy phép lái xe", "DB", "Đường bộ", PROVINCE, "10", "1", "1"},
            {"1.001765", "Cấp giấy phép xe tập lái", "DB", "Đường bộ", PROVINCE, "2", "1", "1"},
            {"1.000271", "Đăng ký biến động quyền sử dụng đất do đổi tên", "DD", "Đất đai", PROVINCE, "10", "1",
                    "1"},
            {"1.003010", "Cấp đổi Giấy chứng nhận quyền sử dụng đất", "DD", "Đất đai", PROVINCE, "7", "1", "0"},
            {"1.004203", "Đăng ký thế chấp quyền sử dụng đất", "DD", "Đất đai", PROVINCE, "3", "1", "1"},
            {"2.001035", "Đăng ký thành lập doanh nghiệp tư nhân", "TLDN", "Thành lập và phát triển doanh nghiệp",
                    PROVINCE, "3", "1", "1"},
            {"2.001610", "Đăng ký thay đổi nội dung đăng ký doanh nghiệp", "TLDN",
                    "Thành lập và phát triển doanh nghiệp", PROVINCE, "3", "1", "1"},
            {"1.005364", "Đăng ký hộ kinh doanh", "TLDN", "Thành lập và phát triển doanh nghiệp", PROVINCE, "3", "1",
                    "1"},
            {"1.001823", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "XD", "Hoạt động xây dựng", PROVINCE, "15", "1",
                    "1"},
            {"1.009972", "Cấp chứng chỉ hành nghề hoạt động xây dựng", "XD", "Hoạt động xây dựng", PROVINCE, "20",
                    "1", "1"},
            {"1.000105", "Cấp giấy phép lao động cho người lao động nước ngoài", "VL", "Việc làm", PROVINCE, "5",
                    "1", "1"},
            {"1.001978", "Giải quyết hưởng trợ cấp thất nghiệp", "VL", "Việc làm", PROVINCE, "20", "1", "1"},
            {"1.002252", "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", "KCB", "Khám bệnh, chữa bệnh", PROVINCE,
                    "30", "1", "1"},
            {"1.004997", "Cấp giấy chứng nhận đủ điều kiện kinh doanh dược", "DUOC", "Dược phẩm", PROVINCE, "30",
                    "1", "1"},
            {"1.005092", "Công nhận tốt nghiệp trung học cơ sở (cấp bản sao bằng)", "GDDT", "Giáo dục và Đào tạo",
                    PROVINCE, "5", "1", "1"},
            {"2.002492", "Trợ cấp xã hội hàng tháng cho đối tượng bảo trợ xã hội", "BTXH", "Bảo trợ xã hội",
                    PROVINCE, "20", "1", "1"},
            {"3.000181.000.00.00.H22", "Cấp giấy phép khai thác tài nguyên nước", "TNN", "Tài nguyên nước",
                    PROVINCE, "30", "1", "0"},
            {"1.003345", "Cấp hộ chiếu phổ thông lần đầu", "XNC", "Quản lý xuất nhập cảnh", MINISTRY, "8", "0",
                    "1"},
            {"1.003347", "Cấp lại hộ chiếu phổ thông", "XNC", "Quản lý xuất nhập cảnh", MINISTRY, "8", "1", "1"},
            {"1.000656", "Cấp giấy phép kinh doanh dịch vụ lữ hành quốc tế", "DL", "Du lịch", MINISTRY, "10", "1",
                    "1"},
            {"1.001002", "Cấp văn bằng bảo hộ sáng chế", "SHTT", "Sở hữu trí tuệ", MINISTRY, "30", "1", "1"},
            {"1.005440", "Công nhận văn bằng do cơ sở giáo dục nước ngoài cấp", "GDDT", "Giáo dục và Đào tạo",
                    MINISTRY, "20", "1", "1"},
            {"1.008905", "Cấp giấy phép nhập khẩu thuốc", "DUOC", "Dược phẩm", MINISTRY, "15", "1", "1"},
            {"2.001243", "Cấp chứng chỉ hành nghề luật sư", "LS", "Luật sư", MINISTRY, "20", "1", "1"},
            {"1.010008", "Cấp giấy phép hoạt động tổ chức kiểm định", "KD", "Kiểm định", MINISTRY, "25", "0", "0"},
            {"2.000134", "Xác nhận đăng ký nhu cầu tuyển dụng", "VL", "Việc làm", MINISTRY, "7", "1", "1"},};

    static final List<Map<String, String>> PROCEDURES = java.util.Arrays.stream(ROWS).map(r -> Map.of(
            "MaTTHC", r[0], "TenTTHC", r[1], "MaLinhVuc", r[2], "TenLinhVuc", r[3], "CoQuanThucHien", r[4],
            "ThoiHanGiaiQuyet", r[5], "NhanQuaBCCI", r[6], "TraQuaBCCI", r[7])).toList();

    private Catalogue() {
    }
}
