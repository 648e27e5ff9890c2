package vn.bcci.contracts;

import java.util.Arrays;

/**
 * Dossier status as the portal models it (docs/domain.md §3), with its portal code {@code TrangThaiHoSo}. The allowed moves
 * between them are dossier-service's state machine.
 */
public enum DossierStatus {
    SUBMITTED(1, "Mới đăng ký"),
    ACCEPTED(2, "Được tiếp nhận"),
    REJECTED(3, "Không được tiếp nhận"),
    IN_PROGRESS(4, "Đang xử lý"),
    SUPPLEMENT_REQUESTED(5, "Yêu cầu bổ sung giấy tờ"),
    PAYMENT_REQUESTED(6, "Yêu cầu thực hiện nghĩa vụ tài chính"),
    WITHDRAWN(7, "Công dân yêu cầu rút hồ sơ"),
    STOPPED(8, "Dừng xử lý"),
    RESULT_READY(9, "Đã xử lý xong"),
    RESULT_RETURNED(10, "Đã trả kết quả");

    /** The terminal statuses ({@link #isTerminal}) as an SQL list of literals: {@code ('REJECTED', …)}. */
    public static final String TERMINAL_SQL = Arrays.stream(values()).filter(DossierStatus::isTerminal)
            .map(s -> "'" + s.name() + "'").collect(java.util.stream.Collectors.joining(", ", "(", ")"));

    private final int portalCode;
    private final String vietnameseName;

    DossierStatus(int portalCode, String vietnameseName) {
        this.portalCode = portalCode;
        this.vietnameseName = vietnameseName;
    }

    /** The status as the portal and the one-stop forms name it, e.g. "Được tiếp nhận". */
    public String vietnameseName() {
        return vietnameseName;
    }

    /** {@code TrangThaiHoSo}. */
    public int portalCode() {
        return portalCode;
    }

    public boolean isTerminal() {
        return this == REJECTED || this == WITHDRAWN || this == STOPPED || this == RESULT_RETURNED;
    }

    public static DossierStatus ofPortalCode(int code) {
        return Arrays.stream(values()).filter(s -> s.portalCode == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown portal status code " + code));
    }
}
