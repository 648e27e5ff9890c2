package vn.bcci.portalsync.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.payload.ShipmentEventData;

/** How the feed reads a shipment alert: in Vietnamese, local time, and nothing personal. */
class ShipmentAlertsSummaryTest {
    private static final Instant OVERDUE = Instant.parse("2026-12-07T02:30:00Z"); // 09:30 in Hà Nội
    private static final Instant STALLED = Instant.parse("2026-12-06T17:05:00Z"); // 00:05 the next day

    private static ShipmentEventData flagged(Direction direction, Instant stalled, Instant overdue) {
        return new ShipmentEventData("EB123456785VN", direction, "000.00.01.H22-261207-0042", "000.00.01.H22",
                ShipmentState.IN_TRANSIT, ShipmentState.IN_TRANSIT, null, "1.001612", null, null, stalled, overdue);
    }

    @Test
    void anOverdueResultNamesItsLegAndSinceWhenInLocalTime() {
        assertEquals("Bưu gửi EB123456785VN (trả kết quả) quá hạn phát từ 07/12/2026 09:30",
                ShipmentAlerts.summary(flagged(Direction.OUTBOUND, null, OVERDUE)));
    }

    @Test
    void aStalledDossierOnItsWayInSaysSo() {
        assertEquals("Bưu gửi EB123456785VN (chuyển hồ sơ đến cơ quan) bị ngưng (quá lâu không có sự kiện mới), "
                + "ghi nhận lúc 07/12/2026 00:05", ShipmentAlerts.summary(flagged(Direction.INBOUND, STALLED, null)));
    }

    @Test
    void bothFlagsAreReadTogetherAndNoDossierOrAgencyIsQuoted() {
        String s = ShipmentAlerts.summary(flagged(Direction.OUTBOUND, STALLED, OVERDUE));
        assertEquals("Bưu gửi EB123456785VN (trả kết quả) quá hạn phát từ 07/12/2026 09:30, bị ngưng (quá lâu không "
                + "có sự kiện mới), ghi nhận lúc 07/12/2026 00:05", s);
        assertFalse(s.contains("H22"), s);
    }
}
