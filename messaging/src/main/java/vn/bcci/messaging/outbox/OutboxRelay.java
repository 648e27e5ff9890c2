package vn.bcci.messaging.outbox;

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
import vn.bcci.messaging.jobs.WakeableLoop;
import vn.bcci.messaging.kafka.KafkaClients;
import vn.bcci.messaging.kafka.Tracing;
import vn.bcci.messaging.retry.Backoff;
import vn.bcci.messaging.retry.TransientFailures;

/**
 * Publishes outbox rows to Kafka, oldest first within each of {@link #LANES} lanes (a row's lane is its key's hash, so
 * a key's rows share one). A round locks a few lanes nobody else is relaying (a transaction-scoped advisory lock each),
 * so several relayers, in one instance or many, work at once without breaking per-key order; it sends their due rows
 * and marks each sent in the same transaction once the broker acknowledged it. A crash before the mark re-sends the
 * rows: consumers are idempotent. A row the broker refuses for its own sake is retried with backoff and, after
 * {@code messaging.outbox.max-attempts}, set aside as dead (metric {@code outbox_dead}, {@link OutboxAdmin}) instead of
 * holding up the rows behind it; rows behind a refused row of the same key wait while it is retried. An outage of the
 * broker counts no attempt. It wakes at once when a transaction that wrote to the outbox commits, and polls as a
 * fallback.
 */
@ApplicationScoped
public class OutboxRelay extends WakeableLoop {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Lanes of the outbox: every row of a key in one, each lane relayed by one relayer at a time. */
    static final int LANES = 16;
    /** The first key of the lanes' advisory locks (the second is the lane). */
    private static final int LANE_LOCKS = 0x0B0C_C1;

    private final AgroalDataSource dataSource;
    private final Tracing tracing;
    private final KafkaClients kafka;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration retention;
    private final boolean enabled;
    private final int lanesPerRound;
    private final int maxRecordBytes;
    private final int maxAttempts;
    private final Backoff rowBackoff;
    private final AtomicLong deadRows = new AtomicLong();
    private final Counter published;
    private final Counter failures;
    private final AtomicLong oldestUnsentMillis = new AtomicLong();
    private KafkaProducer<String, String> producer;
    private long lastPurge;
    private long lastPurgeOfSent;

    public OutboxRelay(AgroalDataSource dataSource, MeterRegistry registry,
            KafkaClients kafka, OutboxConfig config, Tracing tracing) {
        this.dataSource = dataSource;
        this.tracing = tracing;
        this.kafka = kafka;
        this.batchSize = config.batchSize();
        this.pollInterval = config.pollInterval();
        this.retention = config.retention();
        this.enabled = config.relayEnabled();
        this.lanesPerRound = config.lanesPerRound();
        this.maxRecordBytes = config.maxRecordBytes();
        this.maxAttempts = config.maxAttempts();
        this.rowBackoff = new Backoff(config.rowBackoff().min(), config.rowBackoff().max());
        Gauge.builder("outbox.dead", deadRows, AtomicLong::get)
                .description("events set aside as dead: the broker refused them maxAttempts times").register(registry);
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
        producer = new KafkaProducer<>(kafka.with(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                // with the broker away, fail the batch after 10 s (and retry it) instead of blocking for a minute
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes + 64 * 1024,
                // one batch in flight per broker connection: a failed batch is retried before the next is sent, so a
                // key's rows cannot overtake each other (with five in flight, OutboxLanesTest saw a cold broker fail a
                // key's first batch, the producer bump its epoch, and the key's later rows published before it)
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay")),
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
                Round round = relayBatch();
                purgeOccasionally();
                if (round.outage() != null) {
                    consecutiveFailures++;
                    failures.increment();
                    Duration backoff = TransientFailures.BACKOFF.after(consecutiveFailures); // resume within seconds
                    LOG.warnf("outbox relay: the broker is unavailable (attempt %d), retrying in %d ms: %s",
                            consecutiveFailures, backoff.toMillis(), round.outage());
                    await(backoff);
                } else {
                    consecutiveFailures = 0;
                    if (round.sent() == 0) {
                        await(pollInterval);
                    }
                }
            } catch (RuntimeException e) {
                consecutiveFailures++;
                failures.increment();
                Duration backoff = TransientFailures.BACKOFF.after(consecutiveFailures);
                LOG.warnf("outbox relay failed (attempt %d), retrying in %d ms: %s", consecutiveFailures,
                        backoff.toMillis(), TransientFailures.rootMessage(e));
                await(backoff);
            }
        }
    }

    /** What one round did: rows acknowledged and marked sent; the broker's outage that stopped it, if any. */
    record Round(int sent, String outage) {
    }

    /** The lane of a record key: the same for every row of the key. */
    static short lane(String key) {
        return (short) Math.floorMod(key.hashCode(), LANES);
    }

    /**
     * One round: up to {@code lanes-per-round} lanes with rows to send that no other relayer holds now (an advisory
     * lock each, to the end of the round's transaction), then their due rows in id order, sent, each marked sent once
     * the broker acknowledged it. A row the broker refuses for its own sake is retried later, then set aside as dead;
     * rows behind it with the same key wait meanwhile. An outage of the broker ends the round (the rows stay owed).
     */
    Round relayBatch() {
        return QuarkusTransaction.requiringNew().timeout(60).call(() -> {
            try (Connection c = dataSource.getConnection()) {
                List<Row> rows = claim(c);
                if (rows.isEmpty()) {
                    return new Round(0, null);
                }
                oldestUnsentMillis.set(System.currentTimeMillis() - rows.get(0).createdAtMillis);
                List<Row> sending = new ArrayList<>(rows.size());
                List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
                java.util.Set<String> held = new java.util.HashSet<>(); // keys behind a refused row: not this round
                for (Row row : rows) {
                    if (row.key != null && held.contains(row.key)) {
                        continue;
                    }
                    ProducerRecord<String, String> record = new ProducerRecord<>(row.topic, row.key, row.event.data());
                    CloudEventHeaders.write(row.event, record.headers());
                    // the publish continues the trace of the change that wrote the row; consumers continue this span
                    io.opentelemetry.api.trace.Span publish = tracing.start("publish " + row.topic,
                            io.opentelemetry.api.trace.SpanKind.PRODUCER, List.of(row.trace));
                    publish.setAttribute("messaging.system", "kafka");
                    publish.setAttribute("messaging.destination.name", row.topic);
                    publish.setAttribute("messaging.message.id", row.event.id());
                    publish.setAttribute("cloudevents.event_type", row.event.type());
                    Tracing.Parent sent = Tracing.of(publish);
                    if (sent.traceparent() != null) {
                        record.headers().add(CloudEventHeaders.TRACEPARENT,
                                sent.traceparent().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        if (sent.tracestate() != null && !sent.tracestate().isEmpty()) {
                            record.headers().add(CloudEventHeaders.TRACESTATE,
                                    sent.tracestate().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        }
                    }
                    publish.end();
                    int size = size(record);
                    if (size > maxRecordBytes) { // the broker would refuse it: known before sending
                        refused(c, row, new IllegalArgumentException("record too large: " + size + " bytes, more "
                                + "than messaging.outbox.max-record-bytes (" + maxRecordBytes + ")"));
                        if (row.key != null) {
                            held.add(row.key);
                        }
                        continue;
                    }
                    sending.add(row);
                    Future<RecordMetadata> ack;
                    try {
                        ack = producer.send(record);
                    } catch (org.apache.kafka.common.KafkaException e) {
                        ack = java.util.concurrent.CompletableFuture.failedFuture(e);
                    }
                    acks.add(ack);
                    if (failedForTheBroker(ack)) {
                        break; // the broker is away: each further send would wait as long (max.block), for nothing
                    }
                }
                rows = sending;
                List<Long> sent = new ArrayList<>(rows.size());
                String outage = null;
                for (int i = 0; i < rows.size(); i++) {
                    try {
                        acks.get(i).get(45, TimeUnit.SECONDS);
                        sent.add(rows.get(i).id);
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (TransientFailures.isTransient(e.getCause())) {
                            outage = TransientFailures.rootMessage(e.getCause());
                        } else {
                            refused(c, rows.get(i), e.getCause());
                        }
                    } catch (java.util.concurrent.TimeoutException e) {
                        outage = "no acknowledgement within 45 s";
                    }
                }
                markSent(c, sent);
                published.increment(sent.size());
                if (outage != null) {
                    recordOutage(c, rows, sent, outage);
                }
                return new Round(sent.size(), outage);
            }
        });
    }

    /**
     * The round's rows, in one statement: it locks up to {@code lanes-per-round} free lanes with rows to send, in a
     * random order so that instances spread over them, and reads those lanes' due rows (a row comes only from a lane
     * whose lock the statement took).
     */
    private List<Row> claim(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("WITH lanes AS MATERIALIZED (SELECT lane FROM (SELECT lane "
                + "FROM (SELECT DISTINCT lane FROM messaging.outbox WHERE sent_at IS NULL AND dead_at IS NULL) pending "
                + "ORDER BY random()) l WHERE pg_try_advisory_xact_lock(?, lane) LIMIT ?) "
                + "SELECT id, event_id, topic, record_key, type, source, subject, "
                + "event_time, payload, created_at, attempts, traceparent, tracestate FROM messaging.outbox o "
                + "WHERE sent_at IS NULL "
                + "AND dead_at IS NULL AND lane IN (SELECT lane FROM lanes) "
                + "AND (next_attempt_at IS NULL OR next_attempt_at <= now()) "
                + "AND NOT EXISTS (SELECT 1 FROM messaging.outbox w WHERE w.record_key = o.record_key AND w.id < o.id "
                + "AND w.sent_at IS NULL AND w.dead_at IS NULL AND w.next_attempt_at > now()) ORDER BY id LIMIT ?")) {
            ps.setInt(1, LANE_LOCKS);
            ps.setInt(2, lanesPerRound);
            ps.setInt(3, batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CloudEvent event = new CloudEvent(rs.getString(2), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getString(9));
                    rows.add(new Row(rs.getLong(1), rs.getString(3), rs.getString(4), event,
                            rs.getTimestamp(10).getTime(), rs.getInt(11),
                            new Tracing.Parent(rs.getString(12), rs.getString(13))));
                }
            }
        }
        return rows;
    }

    private static void markSent(Connection c, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE messaging.outbox SET sent_at = now(), "
                + "attempts = attempts + 1, last_error = NULL, next_attempt_at = NULL WHERE id = ANY (?)")) {
            Array array = c.createArrayOf("bigint", ids.toArray());
            ps.setArray(1, array);
            ps.executeUpdate();
        }
    }

    /** The broker refused the row for its own sake: another attempt later, or dead after the last. */
    private void refused(Connection c, Row row, Throwable why) throws SQLException {
        int attempt = row.attempts + 1;
        boolean dead = attempt >= maxAttempts;
        String error = cut(why.getClass().getSimpleName() + ": " + why.getMessage(), 1000);
        try (PreparedStatement ps = c.prepareStatement("UPDATE messaging.outbox SET attempts = ?, last_error = ?, "
                + "next_attempt_at = now() + make_interval(secs => ?), dead_at = CASE WHEN ? THEN now() END "
                + "WHERE id = ?")) {
            ps.setInt(1, attempt);
            ps.setString(2, error);
            ps.setDouble(3, rowBackoff.after(attempt).toMillis() / 1000.0);
            ps.setBoolean(4, dead);
            ps.setLong(5, row.id);
            ps.executeUpdate();
        }
        if (dead) {
            LOG.errorf("outbox: event %s (%s on %s) set aside as dead after %d attempts, the rows behind it go on; "
                    + "an operator can retry it (GET /api/v1/outbox/dead): %s", row.event.id(), row.event.type(),
                    row.topic, attempt, error);
        } else {
            LOG.warnf("outbox: the broker refused event %s (%s on %s), attempt %d of %d: %s", row.event.id(),
                    row.event.type(), row.topic, attempt, maxAttempts, error);
        }
    }

    /** The broker's outage, noted on the rows it left unsent (no attempt counted: it is not theirs). */
    private static void recordOutage(Connection c, List<Row> rows, List<Long> sent, String outage)
            throws SQLException {
        Object[] unsent = rows.stream().map(r -> r.id).filter(id -> !sent.contains(id)).toArray();
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE messaging.outbox SET last_error = ? WHERE id = ANY (?) AND dead_at IS NULL")) {
            ps.setString(1, cut(outage, 1000));
            ps.setArray(2, c.createArrayOf("bigint", unsent));
            ps.executeUpdate();
        }
    }

    /** Every 10 s the dead rows are counted (gauge {@code outbox_dead}); every minute sent rows past retention go. */
    private void purgeOccasionally() {
        long now = System.currentTimeMillis();
        if (now - lastPurge < 10_000) {
            return;
        }
        boolean purge = now - lastPurgeOfSent >= 60_000;
        lastPurge = now;
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM messaging.outbox WHERE dead_at IS NOT NULL");
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    deadRows.set(rs.getLong(1));
                }
                if (purge) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "DELETE FROM messaging.outbox WHERE sent_at < now() - make_interval(secs => ?)")) {
                        ps.setDouble(1, retention.toSeconds());
                        int purged = ps.executeUpdate();
                        if (purged > 0) {
                            LOG.debugf("purged %d sent outbox rows older than %s", purged, retention);
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        if (purge) {
            lastPurgeOfSent = now;
        }
    }

    /** Whether a send already failed, for a reason of the broker's (its metadata out of reach). */
    private static boolean failedForTheBroker(Future<RecordMetadata> ack) {
        if (!ack.isDone()) {
            return false;
        }
        try {
            ack.get();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return TransientFailures.isTransient(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** What the record weighs on the wire, near enough: key, value and headers. */
    private static int size(ProducerRecord<String, String> record) {
        int size = 64 + (record.key() == null ? 0 : record.key().length() * 3) + record.value().length() * 3;
        for (org.apache.kafka.common.header.Header h : record.headers()) {
            size += h.key().length() + h.value().length + 8;
        }
        if (size > 256 * 1024) { // only a big one is weighed exactly
            size = 64
                    + (record.key() == null ? 0 : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    + record.value().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            for (org.apache.kafka.common.header.Header h : record.headers()) {
                size += h.key().length() + h.value().length + 8;
            }
        }
        return size;
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private record Row(long id, String topic, String key, CloudEvent event, long createdAtMillis, int attempts,
            Tracing.Parent trace) {
    }
}
