package vn.bcci.contracts;

/** Shipment direction: inbound carries the dossier to the agency, outbound carries the result to the citizen. */
public enum Direction {
    INBOUND,
    OUTBOUND
}
