package vn.bcci.postal.ingestion;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import vn.bcci.contracts.ShipmentState;

/**
 * The one mapping table of docs/domain.md §5: VNPost numeric order statuses and UPU EMSEVT codes to canonical shipment
 * states. Framework-free. An unknown code maps to {@link Outcome#unknown()}: kept raw, flagged, state unchanged.
 */
public final class StatusMapping {
    /** The table of docs/domain.md §5, a row a state: the VNPost statuses, then the UPU codes, that mean it. */
    private static final Map<String, ShipmentState> TABLE = table(
            row(ShipmentState.REGISTERED, "1", "2", "3"),
            row(ShipmentState.PICKUP_IN_PROGRESS, "4"),
            row(ShipmentState.PICKUP_FAILED, "5"),
            row(ShipmentState.ACCEPTED, "6", "7", "EMA"),
            row(ShipmentState.IN_TRANSIT, "10", "13", "EMB", "EMC", "EMD", "EMF", "EMJ", "EMK"),
            row(ShipmentState.AT_DELIVERY_OFFICE, "11", "EMG"),
            row(ShipmentState.OUT_FOR_DELIVERY, "12", "EDG"),
            row(ShipmentState.DELIVERY_FAILED, "15", "EMH"),
            row(ShipmentState.DELIVERED, "14", "EMI"),
            row(ShipmentState.RETURNING, "18", "20"),
            row(ShipmentState.RETURNED, "19"),
            row(ShipmentState.CANCELLED, "9", "22"));
    /** Cash on delivery paid over: a fee event, known, but it does not move the state. */
    private static final String COD_PAID = "21";

    private StatusMapping() {
    }

    private static Map.Entry<ShipmentState, List<String>> row(ShipmentState state, String... codes) {
        return Map.entry(state, List.of(codes));
    }

    /** The rows by code; a code in two rows is a mistake in the table, refused when the class loads. */
    @SafeVarargs
    private static Map<String, ShipmentState> table(Map.Entry<ShipmentState, List<String>>... rows) {
        Map<String, ShipmentState> byCode = new HashMap<>();
        for (Map.Entry<ShipmentState, List<String>> row : rows) {
            for (String code : row.getValue()) {
                ShipmentState before = byCode.put(code, row.getKey());
                if (before != null) {
                    throw new IllegalStateException("code " + code + " means both " + before + " and " + row.getKey());
                }
            }
        }
        return Map.copyOf(byCode);
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
