package vn.bcci.postal.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import vn.bcci.contracts.ShipmentState;

/** Every row of docs/domain.md §5. */
class StatusMappingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "1, REGISTERED", "2, REGISTERED", "3, REGISTERED",
            "4, PICKUP_IN_PROGRESS", "5, PICKUP_FAILED",
            "6, ACCEPTED", "7, ACCEPTED", "EMA, ACCEPTED",
            "10, IN_TRANSIT", "13, IN_TRANSIT", "EMB, IN_TRANSIT", "EMC, IN_TRANSIT", "EMD, IN_TRANSIT",
            "EMF, IN_TRANSIT", "EMJ, IN_TRANSIT", "EMK, IN_TRANSIT",
            "11, AT_DELIVERY_OFFICE", "EMG, AT_DELIVERY_OFFICE",
            "12, OUT_FOR_DELIVERY", "EDG, OUT_FOR_DELIVERY",
            "15, DELIVERY_FAILED", "EMH, DELIVERY_FAILED",
            "14, DELIVERED", "EMI, DELIVERED",
            "18, RETURNING", "20, RETURNING", "19, RETURNED",
            "9, CANCELLED", "22, CANCELLED"})
    void mapsEveryKnownCode(String code, ShipmentState expected) {
        StatusMapping.Outcome outcome = StatusMapping.map(code);
        assertTrue(outcome.known());
        assertEquals(Optional.of(expected), outcome.state());
    }

    @Test
    void codPaidOverIsAKnownFeeEventThatMovesNothing() {
        assertEquals(new StatusMapping.Outcome(true, Optional.empty()), StatusMapping.map("21"));
    }

    @Test
    void acceptsUpuCodesInAnyCaseAndWithSpaces() {
        assertEquals(Optional.of(ShipmentState.DELIVERED), StatusMapping.map(" emi ").state());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "8", "16", "17", "23", "99", "EMX", "", "EDH"})
    void unknownCodesAreFlaggedAndMoveNothing(String code) {
        StatusMapping.Outcome outcome = StatusMapping.map(code);
        assertFalse(outcome.known());
        assertTrue(outcome.state().isEmpty());
    }
}
