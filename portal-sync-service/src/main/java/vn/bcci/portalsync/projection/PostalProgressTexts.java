package vn.bcci.portalsync.projection;

import java.util.Optional;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.payload.DossierEventData.PostalStep;

/**
 * Which postal steps of a dossier the citizen sees on the portal as progress entries, and how they read. What a step
 * means for the dossier's status (the result delivered by post: 10) is dossier-service's to decide, not ours.
 * Framework-free.
 */
public final class PostalProgressTexts {
    private PostalProgressTexts() {
    }

    /** The progress entry text for this step, or empty when it is not one the portal shows. */
    public static Optional<String> describe(PostalStep step) {
        if (step.event() == null || step.event().canonicalState() == null) {
            return Optional.empty();
        }
        String office = step.event().postOfficeName() == null ? "" : " tại " + step.event().postOfficeName();
        String item = step.itemCode();
        ShipmentState state = step.event().canonicalState();
        if (step.direction() == Direction.INBOUND) {
            return switch (state) {
                case ACCEPTED -> Optional.of("Bưu điện đã nhận hồ sơ" + office + ", mã bưu gửi " + item);
                case DELIVERED -> Optional.of("Bưu điện đã chuyển giao hồ sơ cho cơ quan, mã bưu gửi " + item);
                default -> Optional.empty();
            };
        }
        return switch (state) {
            case ACCEPTED -> Optional.of("Kết quả đã giao cho bưu điện" + office + ", mã bưu gửi " + item);
            case OUT_FOR_DELIVERY -> Optional.of("Bưu điện đang phát kết quả, mã bưu gửi " + item);
            case DELIVERY_FAILED -> Optional.of("Phát kết quả không thành công" + office + ", mã bưu gửi " + item);
            case DELIVERED -> Optional.of("Đã phát kết quả cho người nhận, mã bưu gửi " + item);
            default -> Optional.empty();
        };
    }

    /** Who the portal shows as handler of a postal step (NguoiXuLy, at most 50 characters). */
    public static String handler(PostalStep step) {
        String name = step.event() != null && step.event().postOfficeName() != null
                ? "VNPost - " + step.event().postOfficeName()
                : "VNPost";
        return name.length() > 50 ? name.substring(0, 50) : name;
    }
}
