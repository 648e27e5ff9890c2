package vn.bcci.portalsync.domain;

import java.util.Optional;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.payload.ShipmentEventData;

/**
 * Which postal events are real-world steps the citizen sees on the portal, and how they read (progress entries, never
 * a status change, except the outbound delivery). Framework-free.
 */
public final class PostalMilestones {
    private PostalMilestones() {
    }

    /** The progress entry text for this event, or empty when it is not a milestone. */
    public static Optional<String> describe(ShipmentEventData data) {
        if (data.event() == null || data.event().canonicalState() == null) {
            return Optional.empty();
        }
        String office = data.event().postOfficeName() == null ? "" : " tại " + data.event().postOfficeName();
        String item = data.itemCode();
        ShipmentState state = data.event().canonicalState();
        if (data.direction() == Direction.INBOUND) {
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
    public static String handler(ShipmentEventData data) {
        String name = data.event() != null && data.event().postOfficeName() != null
                ? "VNPost - " + data.event().postOfficeName()
                : "VNPost";
        return name.length() > 50 ? name.substring(0, 50) : name;
    }

    /** Outbound delivered: the only postal event that changes the portal status (to 10). */
    public static boolean returnsTheResult(ShipmentEventData data) {
        return data.direction() == Direction.OUTBOUND && data.event() != null
                && data.event().canonicalState() == ShipmentState.DELIVERED;
    }
}
