package vn.bcci.postal.ingestion;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.bcci.postal.PostalFixture.dossierCode;
import static vn.bcci.postal.PostalFixture.dossierEvent;
import static vn.bcci.postal.PostalFixture.event;
import static vn.bcci.postal.PostalFixture.item;
import static vn.bcci.postal.PostalFixture.registerInbound;
import static vn.bcci.postal.PostalFixture.shipment;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.contracts.Topics;
import vn.bcci.infra.SharedInfra;
import vn.bcci.infra.testing.DedicatedPostgresResource;
import vn.bcci.infra.testing.KafkaTestClient;

/**
 * Our own outage is not the carrier's fault: while the database is down, VNPost's Kafka records and dossier events wait
 * (retried, the partition held) and none goes to a dead-letter topic; when it is back, every one is applied.
 */
@org.junit.jupiter.api.Tag("slow")
@QuarkusTest
@WithTestResource(value = DedicatedPostgresResource.class)
class DatabaseOutageTest {
    @Inject
    MeterRegistry metrics;

    @AfterEach
    void databaseBack() {
        DedicatedPostgresResource.restartDatabase();
    }

    @Test
    void eventsThatArriveWhileTheDatabaseIsDownAreAppliedWhenItIsBackAndNoneIsDeadLettered() throws Exception {
        String item = item();
        registerInbound(item);
        double retriesBefore = retries();
        double dossierRetriesBefore = dossierRetries();

        DedicatedPostgresResource.stopDatabase();
        send(item, event(null, item, "EMA", 0), event(null, item, "EMB", 30), event(null, item, "EMG", 60));
        // and a dossier event for the inbox-backed consumer: its inbound item must be expected once the database is back
        String dossier = dossierCode();
        String inbound = item();
        dossierEvent(EventTypes.DOSSIER_REGISTERED, dossier, DossierStatus.SUBMITTED, Channel.POSTAL,
                ReturnMethod.POSTAL, inbound);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> retries() > retriesBefore && dossierRetries() > dossierRetriesBefore);
        DedicatedPostgresResource.restartDatabase();

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> shipment(item).statusCode(200)
                .body("state", equalTo("AT_DELIVERY_OFFICE")).body("events.size()", equalTo(3)));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> shipment(inbound).statusCode(200)
                .body("dossierCode", equalTo(dossier)));
        // a poison record after them marks the end of what the dead-letter topic can hold for this item
        send(item, "{poison " + item);
        List<ConsumerRecord<String, String>> dead = KafkaTestClient.readUntil(
                Topics.deadLetters(Topics.VNPOST_TRACKING, "postal-tracking-service"),
                r -> r.value().equals("{poison " + item), Duration.ofSeconds(30));
        assertEquals(1, dead.stream().filter(r -> r.value().contains(item)).count(),
                "only the poison record is dead-lettered");
    }

    private static void send(String key, String... values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(Topics.VNPOST_TRACKING, key, value)).get(10, TimeUnit.SECONDS);
            }
        }
    }

    private double retries() {
        return metrics.counter("consumer.transient.retries", "method", "VnpostTrackingConsumer.onEvents").count();
    }

    private double dossierRetries() {
        return metrics.counter("consumer.transient.retries", "method", "ExpectedShipmentsConsumer.onDossierEvents")
                .count();
    }
}
