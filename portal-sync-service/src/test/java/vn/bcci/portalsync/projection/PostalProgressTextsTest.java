package vn.bcci.portalsync.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.payload.DossierEventData.PostalStep;
import vn.bcci.contracts.payload.ShipmentEventData.TrackingEvent;

/** Which postal steps the portal shows, in which words, and under which handler. */
class PostalProgressTextsTest {
    private static PostalStep step(Direction direction, ShipmentState state, String office) {
        return new PostalStep("s-1", "EB123456785VN", direction, new TrackingEvent(null, "X", state,
                Instant.parse("2026-12-01T03:00:00Z"), "100000", office, null, null));
    }

    @Test
    void theInboundLegShowsItsAcceptanceAndHandoverOnly() {
        assertEquals(Optional.of("Bưu điện đã nhận hồ sơ tại Bưu cục Hà Nội, mã bưu gửi EB123456785VN"),
                PostalProgressTexts.describe(step(Direction.INBOUND, ShipmentState.ACCEPTED, "Bưu cục Hà Nội")));
        assertEquals(Optional.of("Bưu điện đã chuyển giao hồ sơ cho cơ quan, mã bưu gửi EB123456785VN"),
                PostalProgressTexts.describe(step(Direction.INBOUND, ShipmentState.DELIVERED, "Bưu cục Hà Nội")));
        for (ShipmentState quiet : new ShipmentState[]{ShipmentState.IN_TRANSIT, ShipmentState.OUT_FOR_DELIVERY,
                ShipmentState.DELIVERY_FAILED, ShipmentState.REGISTERED}) {
            assertTrue(PostalProgressTexts.describe(step(Direction.INBOUND, quiet, null)).isEmpty(), quiet.name());
        }
    }

    @Test
    void theOutboundLegShowsHandingOverDeliveryAttemptsAndTheDelivery() {
        assertEquals(Optional.of("Kết quả đã giao cho bưu điện tại Bưu cục Quận 1, mã bưu gửi EB123456785VN"),
                PostalProgressTexts.describe(step(Direction.OUTBOUND, ShipmentState.ACCEPTED, "Bưu cục Quận 1")));
        assertEquals(Optional.of("Bưu điện đang phát kết quả, mã bưu gửi EB123456785VN"),
                PostalProgressTexts.describe(step(Direction.OUTBOUND, ShipmentState.OUT_FOR_DELIVERY, null)));
        assertEquals(Optional.of("Phát kết quả không thành công, mã bưu gửi EB123456785VN"),
                PostalProgressTexts.describe(step(Direction.OUTBOUND, ShipmentState.DELIVERY_FAILED, null)));
        assertEquals(Optional.of("Đã phát kết quả cho người nhận, mã bưu gửi EB123456785VN"),
                PostalProgressTexts.describe(step(Direction.OUTBOUND, ShipmentState.DELIVERED, null)));
        assertTrue(PostalProgressTexts.describe(step(Direction.OUTBOUND, ShipmentState.IN_TRANSIT, null)).isEmpty());
    }

    @Test
    void anUnknownCodeIsNoStep() {
        assertTrue(PostalProgressTexts.describe(step(Direction.OUTBOUND, null, null)).isEmpty());
    }

    @Test
    void theHandlerIsVnpostAtItsOfficeInAtMostFiftyCharacters() {
        assertEquals("VNPost", PostalProgressTexts.handler(step(Direction.INBOUND, ShipmentState.ACCEPTED, null)));
        assertEquals("VNPost - Bưu cục Hà Nội",
                PostalProgressTexts.handler(step(Direction.INBOUND, ShipmentState.ACCEPTED, "Bưu cục Hà Nội")));
        String longName = "Bưu cục Trung tâm Khai thác Chia chọn Quốc tế Hà Nội số 2";
        assertEquals(50, PostalProgressTexts.handler(step(Direction.INBOUND, ShipmentState.ACCEPTED, longName))
                .length());
    }
}
