package vn.bcci.postal.ingestion;

import java.util.Map;
import java.util.Optional;

import vn.bcci.contracts.ShipmentState;

/**
 * The one mapping table of docs/domain.md §5: VNPost numeric order statuses and UPU EMSEVT codes to canonical shipment
 * states. Framework-free. An unknown code maps to {@link Outcome#unknown()}: kept raw, flagged, state unchanged.
 */
public final class StatusMapping {
    private static final Map<String, ShipmentState> TABLE = Map.ofEntries(
            Map.entry("1", ShipmentState.REGISTERED),
            Map.entry("2", ShipmentState.REGISTERED),
            Map.entry("3", ShipmentState.REGISTERED),
            Map.entry("4", ShipmentState.PICKUP_IN_PROGRESS),
            Map.entry("5", ShipmentState.PICKUP_FAILED),
            Map.entry("6", ShipmentState.ACCEPTED),
            Map.entry("7", ShipmentState.ACCEPTED),
            Map.entry("EMA", ShipmentState.ACCEPTED),
            Map.entry("10", ShipmentState.IN_TRANSIT),
            Map.entry("13", ShipmentState.IN_TRANSIT),
            Map.entry("EMB", ShipmentState.IN_TRANSIT),
            Map.entry("EMC", ShipmentState.IN_TRANSIT),
            Map.entry("EMD", ShipmentState.IN_TRANSIT),
            Map.entry("EMF", ShipmentState.IN_TRANSIT),
            Map.entry("EMJ", ShipmentState.IN_TRANSIT),
            Map.entry("EMK", ShipmentState.IN_TRANSIT),
            Map.entry("11", ShipmentState.AT_DELIVERY_OFFICE),
            Map.entry("EMG", ShipmentState.AT_DELIVERY_OFFICE),
            Map.entry("12", ShipmentState.OUT_FOR_DELIVERY),
            Map.entry("EDG", ShipmentState.OUT_FOR_DELIVERY),
            Map.entry("15", ShipmentState.DELIVERY_FAILED),
            Map.entry("EMH", ShipmentState.DELIVERY_FAILED),
            Map.entry("14", ShipmentState.DELIVERED),
            Map.entry("EMI", ShipmentState.DELIVERED),
            Map.entry("18", ShipmentState.RETURNING),
            Map.entry("20", ShipmentState.RETURNING),
            Map.entry("19", ShipmentState.RETURNED),
            Map.entry("9", ShipmentState.CANCELLED),
            Map.entry("22", ShipmentState.CANCELLED));
    /** Cash on delivery paid over: a fee event, known, but it does not move the state. */
    private static final String COD_PAID = "21";

    private StatusMapping() {
    }

    /** What a raw code means. */
    public static Outcome map(String rawCode) {
        String code = rawCode == null ? "" : rawCode.trim().toUpperCase();
        ShipmentState state = TABLE.get(code);
        if (state != null) {
            return new Outcome(true, Optional.of(state));
        }
        return new Outcome(COD_PAID.equals(code), Optional.empty());
    }

    /**
     * @param known whether the code is in the table (a fee event is known and moves nothing)
     * @param state the canonical state it moves the shipment to, if any
     */
    public record Outcome(boolean known, Optional<ShipmentState> state) {
        static Outcome unknown() {
            return new Outcome(false, Optional.empty());
        }
    }
}
