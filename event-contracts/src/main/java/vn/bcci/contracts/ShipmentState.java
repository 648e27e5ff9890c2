package vn.bcci.contracts;

/** Canonical shipment states (docs/domain.md §5) that VNPost codes and UPU EMSEVT codes are normalised to. */
public enum ShipmentState {
    REGISTERED,
    PICKUP_IN_PROGRESS,
    PICKUP_FAILED,
    ACCEPTED,
    IN_TRANSIT,
    AT_DELIVERY_OFFICE,
    OUT_FOR_DELIVERY,
    DELIVERY_FAILED,
    DELIVERED,
    RETURNING,
    RETURNED,
    CANCELLED;

    /** Terminal states never regress because a stale event arrives. */
    public boolean isTerminal() {
        return this == DELIVERED || this == RETURNED || this == CANCELLED;
    }
}
