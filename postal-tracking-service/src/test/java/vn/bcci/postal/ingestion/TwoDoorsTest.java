package vn.bcci.postal.ingestion;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.bcci.postal.PostalFixture.header;
import static vn.bcci.postal.PostalFixture.registerInbound;
import static vn.bcci.postal.PostalFixture.shipment;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.payload.VnpostTrackingEvent;
import vn.bcci.infra.SharedInfra;
import vn.bcci.infra.sim.VnpostEventGenerator;
import vn.bcci.infra.testing.ServiceInfraResource;

/**
 * Issue 4's proof of "at-least-once and unordered, by design": 1,000 real events delivered twice, shuffled, through the
 * HTTP push and the Kafka topic at the same time, some before their item is registered, end exactly where one sorted
 * delivery ends, with exactly one downstream event per real event.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class TwoDoorsTest {
    private static final int EVENTS = 1_000;

    @Inject
    MeterRegistry metrics;
    @Inject
    EntityManager em;

    @Test
    void theSameThousandEventsTwiceShuffledThroughBothDoorsEndInTheStatesOfOneSortedDelivery() throws Exception {
        VnpostEventGenerator vnpost = new VnpostEventGenerator(20261122, "EE", 30_000_000 + new Random().nextInt(
                60_000_000));
        OffsetDateTime to = OffsetDateTime.now(ZoneOffset.ofHours(7)).minusHours(1);
        List<VnpostEventGenerator.Item> items = new ArrayList<>();
        List<VnpostTrackingEvent> unique = new ArrayList<>();
        while (unique.size() < EVENTS) {
            VnpostEventGenerator.Item item = vnpost.item(to.minusDays(3), to, null);
            List<VnpostTrackingEvent> events = item.events().subList(0,
                    Math.min(item.events().size(), EVENTS - unique.size()));
            items.add(new VnpostEventGenerator.Item(item.itemCode(), null, events));
            unique.addAll(events);
        }
        // four in five items are registered before their events arrive, the rest after
        List<VnpostEventGenerator.Item> late = items.subList(0, items.size() / 5);
        items.subList(items.size() / 5, items.size()).forEach(i -> registerInbound(i.itemCode()));

        List<VnpostTrackingEvent> deliveries = new ArrayList<>(unique);
        deliveries.addAll(unique);
        Random random = new Random(7);
        Collections.shuffle(deliveries, random);
        List<VnpostTrackingEvent> overHttp = new ArrayList<>();
        List<VnpostTrackingEvent> overKafka = new ArrayList<>();
        deliveries.forEach(e -> (random.nextBoolean() ? overHttp : overKafka).add(e));

        double before = handled();
        double acceptedBefore = count("accepted");
        CompletableFuture<Void> kafka = CompletableFuture.runAsync(() -> produce(overKafka));
        for (int i = 0; i < overHttp.size(); i += 500) {
            vn.bcci.postal.PostalFixture
                    .pushBody(EventJson.write(overHttp.subList(i, Math.min(i + 500, overHttp.size()))))
                    .statusCode(200);
        }
        kafka.get(60, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(120)).until(() -> handled() - before >= 2 * EVENTS);
        assertEquals(EVENTS, count("accepted") - acceptedBefore, 0.0, "each real event accepted once");

        late.forEach(i -> registerInbound(i.itemCode()));

        for (VnpostEventGenerator.Item item : items) {
            shipment(item.itemCode()).statusCode(200)
                    .body("state", org.hamcrest.Matchers.equalTo(expectedState(item.events()).name()))
                    .body("events.size()", org.hamcrest.Matchers.equalTo(item.events().size()));
        }

        Set<String> codes = new HashSet<>();
        items.forEach(i -> codes.add(i.itemCode()));
        Number announced = (Number) em.createNativeQuery("SELECT count(*) FROM messaging.outbox WHERE type = ?1 "
                + "AND record_key IN (?2)").setParameter(1, EventTypes.SHIPMENT_EVENT_RECORDED)
                .setParameter(2, codes).getSingleResult();
        assertEquals(EVENTS, announced.intValue(), "one downstream event per real event, none for duplicates");
        Map<String, Integer> onTopic = recordedOnTopic(codes);
        for (VnpostEventGenerator.Item item : items) {
            assertEquals(item.events().size(), onTopic.getOrDefault(item.itemCode(), 0),
                    "event-recorded on shipment.events.v1 for " + item.itemCode());
        }
    }

    /** The oracle: events by event time; known codes move the state; a terminal state stays. */
    private static ShipmentState expectedState(List<VnpostTrackingEvent> events) {
        ShipmentState state = ShipmentState.REGISTERED;
        List<VnpostTrackingEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(e -> OffsetDateTime.parse(e.occurredAt()).toInstant()));
        for (VnpostTrackingEvent e : sorted) {
            if (state.isTerminal()) {
                break;
            }
            state = StatusMapping.map(e.statusCode()).state().orElse(state);
        }
        return state;
    }

    private static void produce(List<VnpostTrackingEvent> events) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
            for (VnpostTrackingEvent e : events) {
                producer.send(new ProducerRecord<>(Topics.VNPOST_TRACKING, e.itemCode(), EventJson.write(e)));
            }
            producer.flush();
        }
    }

    /** Distinct event-recorded events per item seen on the topic, read until every real event has been seen. */
    private static Map<String, Integer> recordedOnTopic(Set<String> items) {
        Map<String, Set<String>> ids = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "two-doors-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.SHIPMENT_EVENTS));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (items.contains(r.key()) && EventTypes.SHIPMENT_EVENT_RECORDED.equals(header(r, "ce_type"))) {
                        ids.computeIfAbsent(r.key(), k -> new HashSet<>()).add(header(r, "ce_id"));
                    }
                }
                return ids.values().stream().mapToInt(Set::size).sum() >= EVENTS;
            });
        }
        Map<String, Integer> counts = new HashMap<>();
        ids.forEach((k, v) -> counts.put(k, v.size()));
        return counts;
    }

    private double handled() {
        return count("accepted") + count("duplicate") + count("rejected");
    }

    private double count(String outcome) {
        return metrics.counter("tracking.events", "outcome", outcome).count();
    }
}
