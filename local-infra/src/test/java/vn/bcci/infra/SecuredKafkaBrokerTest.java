package vn.bcci.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import vn.bcci.contracts.TopicAccess;
import vn.bcci.contracts.Topics;

/** The broker as production runs it: sign-in with SCRAM and each user held to its row of {@link TopicAccess}. */
class SecuredKafkaBrokerTest {
    private static final Map<String, String> PASSWORDS = new HashMap<>();
    private static Path dir;
    private static KafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("secured-kafka");
        broker = KafkaBroker.startSecured(0, dir, "admin-secret");
        broker.createPlatformTopics();
        TopicAccess.GRANTS.forEach(g -> PASSWORDS.put(g.user(), g.user() + "-secret"));
        broker.grantPlatformAccess(PASSWORDS);
    }

    @AfterAll
    static void stop() {
        broker.close();
        Deletes.recursively(dir);
    }

    @Test
    void eachServiceWritesItsOwnTopicsAndItsDeadLettersOnly() throws Exception {
        try (var postal = producer(TopicAccess.POSTAL_TRACKING_SERVICE, PASSWORDS.get("postal-tracking-service"))) {
            send(postal, Topics.SHIPMENT_EVENTS);
            send(postal, Topics.deadLetters(Topics.DOSSIER_EVENTS, TopicAccess.POSTAL_TRACKING_SERVICE));
            ExecutionException denied = assertThrows(ExecutionException.class,
                    () -> send(postal, Topics.DOSSIER_EVENTS));
            assertInstanceOf(TopicAuthorizationException.class, denied.getCause());
            ExecutionException othersDeadLetters = assertThrows(ExecutionException.class,
                    () -> send(postal, Topics.deadLetters(Topics.DOSSIER_EVENTS, TopicAccess.PORTAL_SYNC_SERVICE)));
            assertInstanceOf(TopicAuthorizationException.class, othersDeadLetters.getCause());
        }
        try (var vnpost = producer(TopicAccess.VNPOST, PASSWORDS.get("vnpost"))) {
            send(vnpost, Topics.VNPOST_TRACKING);
            assertInstanceOf(TopicAuthorizationException.class,
                    assertThrows(ExecutionException.class, () -> send(vnpost, Topics.SHIPMENT_EVENTS)).getCause());
        }
    }

    @Test
    void aServiceReadsItsTopicsAsItsOwnGroupOnly() throws Exception {
        try (var dossier = producer(TopicAccess.DOSSIER_SERVICE, PASSWORDS.get("dossier-service"))) {
            send(dossier, Topics.DOSSIER_EVENTS);
        }
        try (var sync = consumer(TopicAccess.PORTAL_SYNC_SERVICE, "portal-sync-service", Topics.DOSSIER_EVENTS)) {
            ConsumerRecords<String, String> read = ConsumerRecords.empty();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (read.isEmpty() && System.nanoTime() < deadline) {
                read = sync.poll(Duration.ofMillis(500));
            }
            assertEquals("k", read.iterator().next().key());
        }
        try (var elsewhere = consumer(TopicAccess.PORTAL_SYNC_SERVICE, "someone-else", Topics.DOSSIER_EVENTS)) {
            assertThrows(GroupAuthorizationException.class, () -> elsewhere.poll(Duration.ofSeconds(10)));
        }
        try (var notItsTopic = consumer(TopicAccess.PORTAL_SYNC_SERVICE, "portal-sync-service", Topics.PORTAL_SYNC)) {
            assertThrows(TopicAuthorizationException.class, () -> notItsTopic.poll(Duration.ofSeconds(10)));
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndSignInSurvivesARestart() throws Exception {
        try (var impostor = producer(TopicAccess.DOSSIER_SERVICE, "guessed")) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> send(impostor, Topics.DOSSIER_EVENTS));
            assertInstanceOf(SaslAuthenticationException.class, refused.getCause());
        }
        broker.close();
        broker.restart();
        try (var dossier = producer(TopicAccess.DOSSIER_SERVICE, PASSWORDS.get("dossier-service"))) {
            send(dossier, Topics.DOSSIER_EVENTS);
        }
    }

    private static KafkaProducer<String, String> producer(String user, String password) {
        Map<String, Object> config = new HashMap<>(broker.clientConfig(user, password));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, String topic) throws Exception {
        try {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get(40, TimeUnit.SECONDS);
        } catch (KafkaException e) { // refused before the send: sign-in or metadata
            throw new ExecutionException(e);
        }
    }

    private static KafkaConsumer<String, String> consumer(String user, String group, String topic) {
        Map<String, Object> config = new HashMap<>(broker.clientConfig(user, PASSWORDS.get(user)));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}
