package vn.bcci.messaging.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.infra.testing.KafkaTestClient;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.messaging.inbox.Inbox;

@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class OutboxTest {
    private static final String TOPIC = "messaging.test.v1";

    @Inject
    Outbox outbox;
    @Inject
    Inbox inbox;
    @Inject
    AgroalDataSource dataSource;

    record Note(String text) {
    }

    @Test
    void publishesACommittedEventWithCloudEventsHeadersAndMarksItSent() throws Exception {
        String subject = "D-" + UUID.randomUUID();
        CloudEvent event = QuarkusTransaction.requiringNew().call(() -> {
            insertLedger(subject);
            return outbox.publish(TOPIC, subject, "vn.bcci.test.noted.v1", subject, Instant.now(), new Note("hi"));
        });

        ConsumerRecord<String, String> record = consumeOne(subject);
        assertEquals(subject, record.key());
        assertEquals("{\"text\":\"hi\"}", record.value());
        assertEquals(event.id(), header(record, "ce_id"));
        assertEquals("vn.bcci.test.noted.v1", header(record, "ce_type"));
        assertEquals("/messaging-test", header(record, "ce_source"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sentAt(event.id()) != null);
    }

    @Test
    void publishesNothingForARolledBackChange() throws Exception {
        String rolledBack = "R-" + UUID.randomUUID();
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            insertLedger(rolledBack);
            outbox.publish(TOPIC, rolledBack, "vn.bcci.test.noted.v1", rolledBack, Instant.now(), new Note("no"));
            throw new IllegalStateException("the state change fails after the event was written");
        }));
        String committed = "C-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(TOPIC, committed, "vn.bcci.test.noted.v1",
                committed, Instant.now(), new Note("yes")));

        // the later committed event arrives; the rolled-back one never does, and left no row behind
        List<ConsumerRecord<String, String>> seen = consumeUntil(committed);
        assertTrue(seen.stream().noneMatch(r -> rolledBack.equals(r.key())));
        assertEquals(0, count("SELECT count(*) FROM messaging.outbox WHERE subject = '" + rolledBack + "'"));
        assertEquals(0, count("SELECT count(*) FROM ledger WHERE note = '" + rolledBack + "'"));
    }

    @Test
    void theEventsOfOneTransactionAreWrittenTogetherAtCommitAndArriveInOrder() throws Exception {
        String subject = "M-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            insertLedger(subject);
            for (int i = 0; i < 300; i++) {
                outbox.publish(TOPIC, subject, "vn.bcci.test.noted.v1", subject, Instant.now(), new Note("n" + i));
            }
            // nothing is written before the commit (this reads on the transaction's own connection): the lot goes
            // in one batch then
            try {
                assertEquals(0, count("SELECT count(*) FROM messaging.outbox WHERE subject = '" + subject + "'"));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(300, count("SELECT count(*) FROM messaging.outbox WHERE subject = '" + subject + "'"));
        List<String> texts = new ArrayList<>();
        // one key, one partition: once the last is read, all are
        for (ConsumerRecord<String, String> r : KafkaTestClient.readUntil(TOPIC,
                r -> subject.equals(r.key()) && r.value().contains("n299"), Duration.ofSeconds(20))) {
            if (subject.equals(r.key())) {
                texts.add(r.value());
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            expected.add("{\"text\":\"n" + i + "\"}");
        }
        assertEquals(expected, texts);
    }

    @Test
    void aStateChangeWhoseEventsCannotBeWrittenIsNotKept() throws Exception {
        String subject = "F-" + UUID.randomUUID();
        // a topic-less event violates the outbox's NOT NULL: the write at commit fails, and takes the change with it
        assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            insertLedger(subject);
            outbox.publish(TOPIC, subject, "vn.bcci.test.noted.v1", subject, Instant.now(), new Note("first"));
            outbox.publish(null, subject, "vn.bcci.test.noted.v1", subject, Instant.now(), new Note("bad"));
        }));
        assertEquals(0, count("SELECT count(*) FROM ledger WHERE note = '" + subject + "'"));
        assertEquals(0, count("SELECT count(*) FROM messaging.outbox WHERE subject = '" + subject + "'"));
    }

    @Test
    void aRedeliveredEventHasNoSecondEffectEvenWhenDeliveredConcurrently() throws Exception {
        String eventId = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> deliveries = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<Boolean> delivery = () -> QuarkusTransaction.requiringNew().call(() -> {
                    if (!inbox.firstDelivery("test-consumer", eventId)) {
                        return false;
                    }
                    applyEffect(eventId);
                    return true;
                });
                deliveries.add(pool.submit(delivery));
            }
            int applied = 0;
            for (Future<Boolean> f : deliveries) {
                applied += f.get() ? 1 : 0;
            }
            assertEquals(1, applied);
        } finally {
            pool.shutdown();
        }
        assertEquals(1, count("SELECT count(*) FROM effects WHERE event_id = '" + eventId + "'"));
    }

    @Test
    void anEffectThatFailsLeavesTheEventUnprocessedSoTheRedeliveryAppliesIt() throws Exception {
        String eventId = UUID.randomUUID().toString();
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            inbox.firstDelivery("test-consumer", eventId);
            applyEffect(eventId);
            throw new IllegalStateException("crash after the effect, before commit");
        }));
        boolean second = QuarkusTransaction.requiringNew().call(() -> {
            boolean first = inbox.firstDelivery("test-consumer", eventId);
            if (first) {
                applyEffect(eventId);
            }
            return first;
        });
        assertTrue(second);
        assertEquals(1, count("SELECT count(*) FROM effects WHERE event_id = '" + eventId + "'"));
    }

    private void insertLedger(String note) {
        execute("INSERT INTO ledger (note) VALUES ('" + note + "')");
    }

    private void applyEffect(String eventId) {
        execute("INSERT INTO effects (event_id) VALUES ('" + eventId + "')");
    }

    private void execute(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Instant sentAt(String eventId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT sent_at FROM messaging.outbox WHERE event_id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getTimestamp(1) != null ? rs.getTimestamp(1).toInstant() : null;
            }
        }
    }

    private ConsumerRecord<String, String> consumeOne(String key) {
        List<ConsumerRecord<String, String>> seen = consumeUntil(key);
        return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
    }

    private List<ConsumerRecord<String, String>> consumeUntil(String key) {
        return KafkaTestClient.readUntil(TOPIC, r -> key.equals(r.key()), Duration.ofSeconds(20));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
