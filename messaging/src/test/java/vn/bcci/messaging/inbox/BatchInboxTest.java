package vn.bcci.messaging.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.CloudEventHeaders;
import vn.bcci.infra.testing.KafkaTestClient;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.messaging.retry.TransientFailures;

/** A poll in one transaction; a poison event costs itself only; redelivery changes nothing; transient is retried. */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class BatchInboxTest {
    private static final String TYPE = "vn.bcci.test.happened.v1";
    private static final String TOPIC = "batch.test.v1";

    @Inject
    BatchInbox batches;
    @Inject
    io.agroal.api.AgroalDataSource db;

    private static ConsumerRecord<String, String> record(long offset, CloudEvent event) {
        ConsumerRecord<String, String> r = new ConsumerRecord<>(TOPIC, 0, offset, event == null ? "k" : event.id(),
                event == null ? "not an event" : event.data());
        if (event != null) {
            CloudEventHeaders.write(event, r.headers());
        }
        return r;
    }

    private static CloudEvent event(String data) {
        return new CloudEvent(UUID.randomUUID().toString(), TYPE, "/test", "s", Instant.now(), data);
    }

    private static ConsumerRecords<String, String> poll(List<ConsumerRecord<String, String>> records) {
        return new ConsumerRecords<>(Map.of(new TopicPartition(TOPIC, 0), records));
    }

    private long effects(List<CloudEvent> events) {
        try (var c = db.getConnection();
                var ps = c.prepareStatement("SELECT count(*) FROM effects WHERE event_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", events.stream().map(CloudEvent::id).toArray()));
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void apply(List<CloudEvent> events) {
        for (CloudEvent e : events) {
            if (e.data().contains("poison")) {
                throw new IllegalArgumentException("this event can never be applied");
            }
            try (var c = db.getConnection();
                    var ps = c.prepareStatement("INSERT INTO effects (event_id) VALUES (?)")) {
                ps.setString(1, e.id());
                ps.executeUpdate();
            } catch (SQLException failure) {
                throw new IllegalStateException(failure);
            }
        }
    }

    @Test
    void aPoisonEventIsDeadLetteredAloneAndItsNeighboursAreAppliedOnceEvenWhenRedelivered() {
        String consumer = "batch-test-" + UUID.randomUUID();
        List<CloudEvent> good = new ArrayList<>();
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CloudEvent e = event("{\"n\": " + i + "}");
            good.add(e);
            records.add(record(i, e));
        }
        CloudEvent poison = event("{\"poison\": true}");
        records.add(2, record(10, poison));
        records.add(4, record(11, null)); // not a CloudEvent at all
        records.add(record(12, good.get(0))); // a redelivery within the same poll

        batches.process(consumer, "test", poll(records), this::apply, TYPE);
        assertEquals(5, effects(good), "every good event applied once");
        assertEquals(0, effects(List.of(poison)));
        List<ConsumerRecord<String, String>> dead = KafkaTestClient.readUntil(TOPIC + ".dlq.test",
                r -> poison.id().equals(r.key()), Duration.ofSeconds(20));
        ConsumerRecord<String, String> parked = dead.stream().filter(r -> poison.id().equals(r.key())).findFirst()
                .orElseThrow();
        assertTrue(new String(parked.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)
                .contains("can never be applied"));
        assertTrue(dead.stream().anyMatch(r -> "not an event".equals(r.value())), "the unreadable one too");

        // the whole poll again (a crash before the offsets were committed): nothing is applied twice
        batches.process(consumer, "test", poll(records.stream().filter(r -> r.offset() != 10).toList()), this::apply,
                TYPE);
        assertEquals(5, effects(good));
    }

    @Test
    void aTransientFailureIsThrownForTheRetryOfTheWholePollAndNothingIsKeptOfIt() {
        String consumer = "batch-test-" + UUID.randomUUID();
        CloudEvent e = event("{\"n\": 1}");
        RuntimeException down = assertThrows(RuntimeException.class, () -> batches.process(consumer, "test",
                poll(List.of(record(0, e))), events -> {
                    apply(events);
                    throw new IllegalStateException(new SQLException("connection refused", "08001"));
                }, TYPE));
        assertTrue(TransientFailures.isTransient(down));
        assertEquals(0, effects(List.of(e)), "rolled back, inbox row included");
        batches.process(consumer, "test", poll(List.of(record(0, e))), this::apply, TYPE);
        assertEquals(1, effects(List.of(e)), "the retry applies it");
    }
}
