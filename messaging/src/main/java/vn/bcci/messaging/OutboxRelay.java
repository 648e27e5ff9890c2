package vn.bcci.messaging;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.CloudEventHeaders;

/**
 * Publishes outbox rows to Kafka, oldest first. A batch is claimed under a transaction-scoped advisory lock (so that
 * with several instances exactly one relays at a time and per-key order holds), sent, and marked sent in the same
 * transaction only after the broker acknowledged every record. A crash before the mark re-sends the batch: consumers
 * are idempotent. It wakes at once when a transaction that wrote to the outbox commits, and polls as a fallback.
 */
@ApplicationScoped
public class OutboxRelay extends WakeableLoop {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK = 0x0B0C_C1L;

    private final AgroalDataSource dataSource;
    private final String bootstrapServers;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration retention;
    private final boolean enabled;
    private final Counter published;
    private final Counter failures;
    private final AtomicLong oldestUnsentMillis = new AtomicLong();
    private KafkaProducer<String, String> producer;
    private long lastPurge;

    public OutboxRelay(AgroalDataSource dataSource, MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, OutboxConfig config) {
        this.dataSource = dataSource;
        this.bootstrapServers = bootstrapServers;
        this.batchSize = config.batchSize();
        this.pollInterval = config.pollInterval();
        this.retention = config.retention();
        this.enabled = config.relayEnabled();
        this.published = Counter.builder("outbox.published").description("events the broker acknowledged")
                .register(registry);
        this.failures = Counter.builder("outbox.failures").description("relay batches that failed and will retry")
                .register(registry);
        Gauge.builder("outbox.lag.seconds", oldestUnsentMillis, v -> v.get() / 1000.0)
                .description("age of the oldest event not yet acknowledged by the broker").register(registry);
    }

    void start(@Observes StartupEvent ignored) {
        if (!enabled) {
            LOG.info("outbox relay disabled (messaging.outbox.relay-enabled=false)");
            return;
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                // with the broker away, fail the batch after 10 s (and retry it) instead of blocking for a minute
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay"),
                new StringSerializer(), new StringSerializer());
        startLoop("outbox-relay");
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopLoop(Duration.ofSeconds(10));
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    protected void loop() {
        int consecutiveFailures = 0;
        while (running()) {
            try {
                int sent = relayBatch();
                consecutiveFailures = 0;
                purgeOccasionally();
                if (sent < batchSize) {
                    await(pollInterval);
                }
            } catch (RuntimeException e) {
                consecutiveFailures++;
                failures.increment();
                Duration backoff = TransientFailures.BACKOFF.after(consecutiveFailures); // resume within seconds
                LOG.warnf("outbox relay failed (attempt %d), retrying in %d ms: %s", consecutiveFailures,
                        backoff.toMillis(), TransientFailures.rootMessage(e));
                recordAttempt(TransientFailures.rootMessage(e));
                await(backoff);
            }
        }
    }

    /** Publishes one batch; returns how many events were acknowledged and marked sent. */
    int relayBatch() {
        return QuarkusTransaction.requiringNew().timeout(60).call(() -> {
            try (Connection c = dataSource.getConnection()) {
                if (!tryLock(c)) {
                    return 0;
                }
                List<Row> rows = claim(c);
                if (rows.isEmpty()) {
                    oldestUnsentMillis.set(0);
                    return 0;
                }
                oldestUnsentMillis.set(System.currentTimeMillis() - rows.get(0).createdAtMillis);
                List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
                for (Row row : rows) {
                    ProducerRecord<String, String> record = new ProducerRecord<>(row.topic, row.key, row.event.data());
                    CloudEventHeaders.write(row.event, record.headers());
                    acks.add(producer.send(record));
                }
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(45, TimeUnit.SECONDS);
                }
                markSent(c, rows);
                published.increment(rows.size());
                return rows.size();
            }
        });
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, RELAY_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private List<Row> claim(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, event_id, topic, record_key, type, source, subject, "
                + "event_time, payload, created_at FROM messaging.outbox WHERE sent_at IS NULL ORDER BY id LIMIT ? "
                + "FOR UPDATE SKIP LOCKED")) {
            ps.setInt(1, batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CloudEvent event = new CloudEvent(rs.getString(2), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getString(9));
                    rows.add(new Row(rs.getLong(1), rs.getString(3), rs.getString(4), event,
                            rs.getTimestamp(10).getTime()));
                }
            }
        }
        return rows;
    }

    private static void markSent(Connection c, List<Row> rows) throws SQLException {
        Long[] ids = rows.stream().map(r -> r.id).toArray(Long[]::new);
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE messaging.outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL "
                        + "WHERE id = ANY (?)")) {
            Array array = c.createArrayOf("bigint", ids);
            ps.setArray(1, array);
            ps.executeUpdate();
        }
    }

    private void recordAttempt(String error) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                try (Connection c = dataSource.getConnection();
                        PreparedStatement ps = c
                                .prepareStatement("UPDATE messaging.outbox SET attempts = attempts + 1, "
                                        + "last_error = ? WHERE id = (SELECT min(id) FROM messaging.outbox WHERE sent_at IS NULL)")) {
                    ps.setString(1, error.length() > 1000 ? error.substring(0, 1000) : error);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("could not record the failed attempt: %s", TransientFailures.rootMessage(e));
        }
    }

    private void purgeOccasionally() {
        long now = System.currentTimeMillis();
        if (now - lastPurge < 60_000) {
            return;
        }
        lastPurge = now;
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "DELETE FROM messaging.outbox WHERE sent_at < now() - make_interval(secs => ?)")) {
                ps.setDouble(1, retention.toSeconds());
                int purged = ps.executeUpdate();
                if (purged > 0) {
                    LOG.debugf("purged %d sent outbox rows older than %s", purged, retention);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private record Row(long id, String topic, String key, CloudEvent event, long createdAtMillis) {
    }
}
