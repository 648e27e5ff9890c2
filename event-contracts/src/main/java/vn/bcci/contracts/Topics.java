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
    /** Clients each service's doors refused (quotas), per instance and minute, keyed by client. */
    public static final String CLIENT_LIMITS = "platform.client-limits.v1";

    /** What a topic's keyed records may spread over: the most consumers of one group that can share its work. */
    public static final int KEYED_PARTITIONS = 12;

    private Topics() {
    }

    /**
     * The partitions a topic is created with (docs/architecture.md): {@link #KEYED_PARTITIONS} for every keyed stream,
     * so that up to twelve instances (or consumer threads) of a service share it; one for the compacted catalogue.
     */
    public static int partitions(String topic) {
        return PORTAL_PROCEDURES.equals(topic) || topic.contains(".dlq.") ? 1 : KEYED_PARTITIONS;
    }

    /**
     * Where {@code consumer} (a service, its consumer group) puts the records of {@code topic} it can never use:
     * {@code <topic>.dlq.<consumer>} (docs/architecture.md), one per topic and consumer so that each service writes
     * only its own dead letters ({@link TopicAccess}).
     */
    public static String deadLetters(String topic, String consumer) {
        return topic + ".dlq." + consumer;
    }
}
