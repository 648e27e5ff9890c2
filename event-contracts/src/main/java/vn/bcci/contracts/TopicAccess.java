package vn.bcci.contracts;

import static vn.bcci.contracts.Topics.CLIENT_LIMITS;
import static vn.bcci.contracts.Topics.DOSSIER_EVENTS;
import static vn.bcci.contracts.Topics.PORTAL_PROCEDURES;
import static vn.bcci.contracts.Topics.PORTAL_SYNC;
import static vn.bcci.contracts.Topics.SHIPMENT_EVENTS;
import static vn.bcci.contracts.Topics.VNPOST_TRACKING;
import static vn.bcci.contracts.Topics.deadLetters;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Who may do what on the broker (docs/architecture.md, "Topics and who may use them"): each service writes the topics
 * it owns and its own dead letters, reads the topics it consumes as its consumer group, and nothing else; VNPost writes
 * its tracking topic. The one table the secured local broker (local-infra's {@code KafkaBroker}) grants from and the
 * production {@code KafkaUser}s of deploy/k8s are checked against.
 */
public final class TopicAccess {

    /**
     * One principal's grants.
     *
     * @param user the broker user (SCRAM), also the consumer group it reads as
     * @param writes topics it may write
     * @param reads topics it may read, as the consumer group {@link #user}
     */
    public record Grant(String user, List<String> writes, List<String> reads) {
        public Grant {
            writes = List.copyOf(writes);
            reads = List.copyOf(reads);
        }

        /** The consumer group it reads as, if it reads at all. */
        public Optional<String> group() {
            return reads.isEmpty() ? Optional.empty() : Optional.of(user);
        }

        /** Its own dead-letter topics: one per topic it reads. */
        public List<String> deadLetterTopics() {
            return reads.stream().map(topic -> deadLetters(topic, user)).toList();
        }

        private static Grant consumer(String user, List<String> owns, List<String> reads) {
            return new Grant(user, Stream.concat(owns.stream(), reads.stream().map(t -> deadLetters(t, user))).toList(),
                    reads);
        }
    }

    public static final String DOSSIER_SERVICE = "dossier-service";
    public static final String POSTAL_TRACKING_SERVICE = "postal-tracking-service";
    public static final String PORTAL_SYNC_SERVICE = "portal-sync-service";
    /** VNPost's publisher of tracking events (the Kafka door). */
    public static final String VNPOST = "vnpost";

    public static final List<Grant> GRANTS = List.of(
            Grant.consumer(DOSSIER_SERVICE, List.of(DOSSIER_EVENTS, CLIENT_LIMITS), List.of(SHIPMENT_EVENTS,
                    PORTAL_PROCEDURES, PORTAL_SYNC)),
            Grant.consumer(POSTAL_TRACKING_SERVICE, List.of(SHIPMENT_EVENTS, CLIENT_LIMITS), List.of(VNPOST_TRACKING,
                    DOSSIER_EVENTS)),
            Grant.consumer(PORTAL_SYNC_SERVICE, List.of(PORTAL_PROCEDURES, PORTAL_SYNC, CLIENT_LIMITS),
                    List.of(DOSSIER_EVENTS, SHIPMENT_EVENTS, CLIENT_LIMITS)),
            new Grant(VNPOST, List.of(VNPOST_TRACKING), List.of()));

    private TopicAccess() {
    }

    /** The grant of {@code user}. */
    public static Grant of(String user) {
        return GRANTS.stream().filter(g -> g.user().equals(user)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no broker user " + user));
    }

    /** Every topic of the platform: the streams of {@link Topics} and every consumer's dead letters. */
    public static List<String> allTopics() {
        return Stream.concat(Stream.of(VNPOST_TRACKING, DOSSIER_EVENTS, SHIPMENT_EVENTS, PORTAL_PROCEDURES,
                PORTAL_SYNC, CLIENT_LIMITS), GRANTS.stream().flatMap(g -> g.deadLetterTopics().stream())).toList();
    }
}
