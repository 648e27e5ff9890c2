package vn.bcci.contracts;

import java.util.Arrays;

/**
 * Dossier status as the portal models it (domain.md §3), with its portal code {@code TrangThaiHoSo}. The allowed moves
 * between them are dossier-service's state machine.
 */
public enum DossierStatus {
    /** Mới đăng ký. */
    SUBMITTED(1),
    /** Được tiếp nhận. */
    ACCEPTED(2),
    /** Không được tiếp nhận. */
    REJECTED(3),
    /** Đang xử lý. */
    IN_PROGRESS(4),
    /** Yêu cầu bổ sung giấy tờ. */
    SUPPLEMENT_REQUESTED(5),
    /** Yêu cầu thực hiện nghĩa vụ tài chính. */
    PAYMENT_REQUESTED(6),
    /** Công dân yêu cầu rút hồ sơ. */
    WITHDRAWN(7),
    /** Dừng xử lý. */
    STOPPED(8),
    /** Đã xử lý xong. */
    RESULT_READY(9),
    /** Đã trả kết quả. */
    RESULT_RETURNED(10);

    private final int portalCode;

    DossierStatus(int portalCode) {
        this.portalCode = portalCode;
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
