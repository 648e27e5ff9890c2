package vn.bcci.postal.shipments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.calendar.WorkingCalendar;

class DeliveryTargetsTest {
    private static final DeliveryTargets TARGETS = new DeliveryTargets(2, 4, 1, 3);
    private static final WorkingCalendar NO_HOLIDAYS = new WorkingCalendar(Map.of());

    private static Instant vn(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(WorkingCalendar.VIETNAM).toInstant();
    }

    @Test
    void theTargetDependsOnTheLegAndWhetherBothEndsAreInOneProvince() {
        assertEquals(2, TARGETS.workingDays(Direction.INBOUND, true));
        assertEquals(4, TARGETS.workingDays(Direction.INBOUND, false));
        assertEquals(1, TARGETS.workingDays(Direction.OUTBOUND, true));
        assertEquals(3, TARGETS.workingDays(Direction.OUTBOUND, false));
        assertEquals(3, TARGETS.workingDays(Direction.OUTBOUND, null), "unknown provinces: the longer target");
    }

    @Test
    void dueCountsWorkingDaysFromAcceptance() {
        // accepted Thursday 20 Nov 2025 10:00, 2 working days, same province: Monday 24 Nov 10:00
        assertEquals(vn("2025-11-24T10:00"), TARGETS.dueAt(NO_HOLIDAYS, Direction.INBOUND, true,
                vn("2025-11-20T10:00")));
    }

    @Test
    void provincesAreComparedWithoutTheirAdministrativePrefix() {
        assertTrue(DeliveryTargets.sameProvince("Tỉnh Bắc Ninh", "bắc  ninh"));
        assertTrue(DeliveryTargets.sameProvince("TP. Hà Nội", "Hà Nội"));
        assertTrue(DeliveryTargets.sameProvince("Thành phố Hồ Chí Minh", "Hồ Chí Minh"));
        assertFalse(DeliveryTargets.sameProvince("Hà Nội", "Bắc Ninh"));
        assertNull(DeliveryTargets.sameProvince("Hà Nội", null));
        assertNull(DeliveryTargets.sameProvince(" ", "Hà Nội"));
    }

    @Test
    void theClockStartsWhenVnpostHasTheItem() {
        assertTrue(DeliveryTargets.startsClock(ShipmentState.ACCEPTED));
        assertTrue(DeliveryTargets.startsClock(ShipmentState.IN_TRANSIT));
        assertTrue(DeliveryTargets.startsClock(ShipmentState.DELIVERED));
        assertFalse(DeliveryTargets.startsClock(ShipmentState.REGISTERED));
        assertFalse(DeliveryTargets.startsClock(ShipmentState.PICKUP_FAILED));
        assertFalse(DeliveryTargets.startsClock(ShipmentState.CANCELLED));
        assertFalse(DeliveryTargets.startsClock(null));
    }

    @Test
    void negativeTargetsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DeliveryTargets(-1, 1, 1, 1));
    }
}
