package vn.bcci.messaging.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.contracts.CloudEvent;

/** Events committed while the broker is down are published, all of them, once it is back. */
@org.junit.jupiter.api.Tag("slow")
@QuarkusTest
@WithTestResource(value = DedicatedBrokerResource.class)
class OutboxBrokerOutageTest {
    private static final String TOPIC = "messaging.outage.v1";

    @Inject
    Outbox outbox;
    @Inject
    AgroalDataSource dataSource;

    record Note(int n) {
    }

    @Test
    void eventsCommittedWhileTheBrokerIsDownArePublishedWhenItReturns() throws Exception {
        DedicatedBrokerResource.broker.close();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            CloudEvent e = QuarkusTransaction.requiringNew().call(() -> outbox.publish(TOPIC, "k" + n,
                    "vn.bcci.test.outage.v1", "k" + n, Instant.now(), new Note(n)));
            ids.add(e.id());
        }
        // the relay tries, fails, notes why on the rows, keeps every row unsent, and counts no attempt against them
        // (the outage is the broker's, not theirs: none may be set aside as dead for it)
        await().atMost(Duration.ofSeconds(60)).until(() -> noted(ids) > 0);
        assertEquals(5, unsent(ids));
        assertEquals(0, attempted(ids));

        DedicatedBrokerResource.broker.restart();
        await().atMost(Duration.ofSeconds(90)).until(() -> unsent(ids) == 0);

        Set<String> published = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DedicatedBrokerResource.broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outage-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    published.add(new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
                }
                return published.containsAll(ids);
            });
        }
        assertTrue(published.containsAll(ids));
    }

    private long noted(List<String> ids) throws SQLException {
        return count("last_error IS NOT NULL", ids);
    }

    private long attempted(List<String> ids) throws SQLException {
        return count("attempts > 0", ids);
    }

    private long unsent(List<String> ids) throws SQLException {
        return count("sent_at IS NULL", ids);
    }

    private long count(String condition, List<String> ids) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM messaging.outbox WHERE " + condition + " AND event_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
