package vn.bcci.portalsync.delivery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An entry in doubt is recognised among the portal's by its time, content and handler together. */
class PortalEntriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode held() throws Exception {
        return JSON.readTree("""
                [{"ThoiDiemXuLy": "20261201100000", "NoiDungXuLy": "Bưu điện đã nhận hồ sơ", "NguoiXuLy": "VNPost"},
                 {"ThoiDiemXuLy": "20261201110000", "NoiDungXuLy": "Chuyển trạng thái hồ sơ: Được tiếp nhận",
                  "NguoiXuLy": "Nguyễn Thị Hoa"}]""");
    }

    @Test
    void anEntryIsHeldWhenTimeContentAndHandlerAllMatch() throws Exception {
        assertTrue(PortalEntries.holds(held(), "20261201110000", "Chuyển trạng thái hồ sơ: Được tiếp nhận",
                "Nguyễn Thị Hoa"));
    }

    @Test
    void oneDifferenceIsAnotherEntry() throws Exception {
        assertFalse(PortalEntries.holds(held(), "20261201110001", "Chuyển trạng thái hồ sơ: Được tiếp nhận",
                "Nguyễn Thị Hoa"), "time");
        assertFalse(PortalEntries.holds(held(), "20261201110000", "Chuyển trạng thái hồ sơ: Đang xử lý",
                "Nguyễn Thị Hoa"), "content");
        assertFalse(PortalEntries.holds(held(), "20261201110000", "Chuyển trạng thái hồ sơ: Được tiếp nhận",
                "VNPost"), "handler");
    }

    @Test
    void nothingHeldHoldsNothing() throws Exception {
        assertFalse(PortalEntries.holds(null, "20261201100000", "Bưu điện đã nhận hồ sơ", "VNPost"));
        assertFalse(PortalEntries.holds(JSON.readTree("{}"), "20261201100000", "Bưu điện đã nhận hồ sơ", "VNPost"));
        assertFalse(PortalEntries.holds(JSON.readTree("[]"), "20261201100000", "Bưu điện đã nhận hồ sơ", "VNPost"));
    }
}
