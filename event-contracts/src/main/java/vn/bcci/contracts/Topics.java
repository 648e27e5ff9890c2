package vn.bcci.contracts;

/** The Kafka topics of docs/architecture.md. Their names are part of the contract. */
public final class Topics {
    /** Raw VNPost tracking events, keyed by tracking number; same JSON as the HTTP push. */
    public static final String VNPOST_TRACKING = "vnpost.tracking.v1";
    /** dossier-service's events, keyed by dossier code. */
    public static final String DOSSIER_EVENTS = "dossier.events.v1";
    /** postal-tracking-service's events, keyed by dossier code, else tracking number. */
    public static final String SHIPMENT_EVENTS = "shipment.events.v1";
    /** The portal's procedure catalogue, keyed by procedure code (compacted). */
    public static final String PORTAL_PROCEDURES = "portal.procedures.v1";
    /** What reached the portal and what it refused, keyed by dossier code. */
    public static final String PORTAL_SYNC = "portal.sync.v1";

    private Topics() {
    }
}
