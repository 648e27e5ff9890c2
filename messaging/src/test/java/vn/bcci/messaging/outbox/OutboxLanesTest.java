package vn.bcci.messaging.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.infra.testing.KafkaTestClient;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.messaging.kafka.KafkaClients;
import vn.bcci.messaging.kafka.Tracing;

/**
 * The outbox relay's lanes: two relayers at once keep every key's order, and an event the broker keeps refusing is set
 * aside as dead after its attempts, the events of other keys never waiting for it and those of its own key waiting
 * only until then; an operator sees it and can put it back.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class OutboxLanesTest {
    private static final String TOPIC = "messaging.lanes.v1";

    @Inject
    Outbox outbox;
    @Inject
    OutboxAdmin admin;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    OutboxConfig config;
    @Inject
    Tracing tracing;
    /** The service's own relayer. */
    @Inject
    OutboxRelay relay;
    @Inject
    KafkaClients kafka;

    record Note(String key, int n, String text) {
    }

    /**
     * The service's own relayer is held while the backlog is written, so that the second one, started first, surely
     * takes lanes of it (with both woken at once, the service's had sometimes sent all 1,200 before the second's first
     * round, and the test failed on a busy machine); the service's starts again at once, and the two share the rest.
     */
    @Test
    void twoRelayersAtOnceKeepEveryKeysOrder() throws Exception {
        SimpleMeterRegistry secondsMeters = new SimpleMeterRegistry();
        // the second relayer takes small rounds (two lanes, 20 rows), so that it is still at work when the service's
        // starts: alone with the backlog, either drains it in a few rounds
        OutboxConfig smallRounds = (OutboxConfig) java.lang.reflect.Proxy.newProxyInstance(
                OutboxConfig.class.getClassLoader(), new Class<?>[]{OutboxConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "batchSize" -> 20;
                    case "lanesPerRound" -> 2;
                    default -> method.invoke(config, args);
                });
        OutboxRelay second = new OutboxRelay(dataSource, secondsMeters, kafka, smallRounds, tracing);
        relay.stop(null);
        boolean restarted = false;
        try {
            String run = UUID.randomUUID().toString().substring(0, 8);
            List<String> keys = new ArrayList<>();
            for (int k = 0; k < 24; k++) {
                keys.add(run + "-k" + k);
            }
            // four transactions at once, each with a quarter of the keys' 50 events in order
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> writing = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writing.add(writers.submit(() -> {
                    QuarkusTransaction.requiringNew().run(() -> {
                        for (int n = 0; n < 50; n++) {
                            for (int k = writer; k < keys.size(); k += 4) {
                                outbox.publish(TOPIC, keys.get(k), "vn.bcci.test.noted.v1", keys.get(k),
                                        Instant.now(), new Note(keys.get(k), n, "x"));
                            }
                        }
                    });
                    return null;
                }));
            }
            for (Future<?> f : writing) {
                f.get();
            }
            writers.shutdown();
            second.start(null);
            relay.start(null);
            restarted = true;
            Set<String> whole = new HashSet<>(); // keys whose last event was read
            Map<String, List<Integer>> byKey = new LinkedHashMap<>();
            for (ConsumerRecord<String, String> r : KafkaTestClient.readUntil(TOPIC, r -> {
                if (r.key() != null && r.key().startsWith(run) && r.value().contains("\"n\":49")) {
                    whole.add(r.key());
                }
                return whole.size() == keys.size();
            }, Duration.ofSeconds(60))) {
                if (r.key() != null && r.key().startsWith(run)) {
                    byKey.computeIfAbsent(r.key(), x -> new ArrayList<>())
                            .add(Integer.parseInt(r.value().replaceAll(".*\"n\":(\\d+).*", "$1")));
                }
            }
            for (Map.Entry<String, List<Integer>> e : byKey.entrySet()) {
                List<Integer> firsts = e.getValue().stream().distinct().toList();
                List<Integer> expected = java.util.stream.IntStream.range(0, 50).boxed().toList();
                assertEquals(expected, firsts, e.getKey() + " arrives whole and in order");
            }
            double bySecond = secondsMeters.counter("outbox.published").count();
            System.out.printf("[lanes] 1200 events of 24 keys: the second relayer sent %.0f, the service's the rest%n",
                    bySecond);
            assertTrue(bySecond > 0, "the second relayer took lanes too");
        } finally {
            second.stop(null);
            if (!restarted) {
                relay.start(null);
            }
        }
    }

    @Test
    void anEventTheBrokerKeepsRefusingIsSetAsideAndTheOthersGoOn() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String stuckKey = run + "-stuck";
        String otherKey = run + "-other";
        String huge = "x".repeat(2 * 1024 * 1024); // above the producer's max.request.size: refused for its own sake
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(TOPIC, stuckKey, "vn.bcci.test.noted.v1", stuckKey,
                Instant.now(), new Note(stuckKey, 0, huge)));
        QuarkusTransaction.requiringNew().run(() -> {
            outbox.publish(TOPIC, stuckKey, "vn.bcci.test.noted.v1", stuckKey, Instant.now(), new Note(stuckKey, 1,
                    "behind it"));
            outbox.publish(TOPIC, otherKey, "vn.bcci.test.noted.v1", otherKey, Instant.now(), new Note(otherKey, 0,
                    "another key"));
        });
        // another key never waits
        KafkaTestClient.readUntil(TOPIC, r -> otherKey.equals(r.key()), Duration.ofSeconds(20));
        // the refused event is tried max-attempts times, then set aside; only then the one behind it goes
        OutboxAdmin.DeadRow dead = await().atMost(Duration.ofSeconds(30))
                .until(() -> deadOf(stuckKey), java.util.Objects::nonNull);
        assertEquals(3, dead.attempts());
        assertTrue(dead.lastError().contains("too large"), dead.lastError());
        List<ConsumerRecord<String, String>> ofStuckKey = KafkaTestClient.readUntil(TOPIC,
                r -> stuckKey.equals(r.key()) && r.value().contains("behind it"), Duration.ofSeconds(20)).stream()
                .filter(r -> stuckKey.equals(r.key())).toList();
        assertEquals(1, ofStuckKey.size(), "the refused one never went out");
        ConsumerRecord<String, String> behind = ofStuckKey.get(0);
        assertTrue(behind.timestamp() >= dead.deadAt().toEpochMilli() - 50,
                "the event behind it waited until it was set aside: sent " + Instant.ofEpochMilli(behind.timestamp())
                        + ", set aside " + dead.deadAt());

        // an operator puts it back: tried again (and set aside again: it is still too large)
        assertTrue(admin.retry(dead.id(), "test-operator"));
        assertEquals(null, deadOf(stuckKey), "back in its lane");
        OutboxAdmin.DeadRow again = await().atMost(Duration.ofSeconds(30))
                .until(() -> deadOf(stuckKey), java.util.Objects::nonNull);
        assertTrue(again.deadAt().isAfter(dead.deadAt()));
        assertFalse(admin.retry(Long.MAX_VALUE, "test-operator"), "no such dead event");
    }

    private OutboxAdmin.DeadRow deadOf(String key) {
        Map<String, OutboxAdmin.DeadRow> byKey = new HashMap<>();
        admin.dead(0, 500).forEach(r -> byKey.put(r.key(), r));
        return byKey.get(key);
    }
}
