package vn.bcci.infra.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.CloudEventHeaders;
import vn.bcci.infra.SharedInfra;

/** Reads and writes the shared test broker's topics the way the services do (CloudEvents binary mode). */
public final class KafkaTestClient {
    private KafkaTestClient() {
    }

    /** Publishes a CloudEvent and waits for the broker's acknowledgement. */
    public static void send(String topic, String key, CloudEvent event) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, event.data());
            CloudEventHeaders.write(event, record.headers());
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    /**
     * Reads {@code topic} from the beginning until a record matches, or fails after {@code timeout}. Returns every
     * record read, so callers can also assert on what else was (or was not) published.
     */
    public static List<ConsumerRecord<String, String>> readUntil(String topic,
            Predicate<ConsumerRecord<String, String>> match, Duration timeout) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r);
                }
                if (seen.stream().anyMatch(match)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("no matching record on " + topic + " within " + timeout + " (read " + seen.size()
                + ")");
    }
}
