package vn.bcci.postal.shipments;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.calendar.WorkingCalendar;

/**
 * Delivery targets per leg (issue 4 §7): an item should be delivered within a number of working days of its acceptance
 * at the post office, fewer when sender and receiver are in the same province. Where the provinces are not known the
 * longer target applies. Framework-free.
 */
public record DeliveryTargets(int inboundSameProvince, int inboundOtherProvince, int outboundSameProvince,
        int outboundOtherProvince) {

    /** States that mean VNPost has the item: the clock of the delivery target runs from the first of them. */
    private static final Set<ShipmentState> IN_VNPOST_HANDS = Set.of(ShipmentState.ACCEPTED, ShipmentState.IN_TRANSIT,
            ShipmentState.AT_DELIVERY_OFFICE, ShipmentState.OUT_FOR_DELIVERY, ShipmentState.DELIVERY_FAILED,
            ShipmentState.DELIVERED);

    public DeliveryTargets {
        if (inboundSameProvince < 0 || inboundOtherProvince < 0 || outboundSameProvince < 0
                || outboundOtherProvince < 0) {
            throw new IllegalArgumentException("delivery targets are working days, 0 or more");
        }
    }

    /** Whether an event in this state starts the delivery clock. */
    public static boolean startsClock(ShipmentState state) {
        return state != null && IN_VNPOST_HANDS.contains(state);
    }

    /** Working days allowed for a leg; {@code sameProvince} {@code null} when not known. */
    public int workingDays(Direction direction, Boolean sameProvince) {
        boolean same = Boolean.TRUE.equals(sameProvince);
        return direction == Direction.INBOUND
                ? (same ? inboundSameProvince : inboundOtherProvince)
                : (same ? outboundSameProvince : outboundOtherProvince);
    }

    /** When an item accepted at {@code acceptedAt} should be delivered. */
    public Instant dueAt(WorkingCalendar calendar, Direction direction, Boolean sameProvince, Instant acceptedAt) {
        return calendar.addWorkingDays(acceptedAt, workingDays(direction, sameProvince));
    }

    /** {@code true}/{@code false} when both provinces are given, {@code null} when either is missing. */
    public static Boolean sameProvince(String a, String b) {
        if (a == null || b == null || a.isBlank() || b.isBlank()) {
            return null;
        }
        return normalise(a).equals(normalise(b));
    }

    /** "Tỉnh Bắc Ninh", "tp. Hà Nội" and "Hà Nội" name the same province as "Bắc Ninh" and "Hà Nội". */
    private static String normalise(String province) {
        String p = province.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        for (String prefix : new String[]{"thành phố ", "tp. ", "tp ", "tỉnh "}) {
            if (p.startsWith(prefix)) {
                return p.substring(prefix.length()).strip();
            }
        }
        return p;
    }
}
