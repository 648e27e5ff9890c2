package vn.bcci.messaging.inbox;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

import vn.bcci.messaging.kafka.KafkaClients;
import vn.bcci.messaging.retry.TransientCondition;
import vn.bcci.messaging.retry.TransientFailures;

/**
 * Where a record no consumer can ever process goes: {@code <its topic>.dlq.<consumer group>}, with headers
 * {@code dead-letter-reason}, {@code dead-letter-topic}, {@code -partition}, {@code -offset}; acknowledged by the broker
 * (acks=all) before the caller moves on, so a dead-lettered record is never lost. Counted in
 * {@code consumer_dead_letters_total{topic}}.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    KafkaClients kafka;
    @Inject
    MeterRegistry metrics;
    private volatile KafkaProducer<String, String> producer;

    /** Sends the record to {@code dlqTopic} with the reason and waits for the broker's acknowledgement. */
    public void send(ConsumerRecord<String, String> record, String dlqTopic, String reason) {
        LOG.warnf("%s-%d@%d to %s: %s", record.topic(), record.partition(), record.offset(), dlqTopic, reason);
        ProducerRecord<String, String> dead = new ProducerRecord<>(dlqTopic, record.key(), record.value());
        record.headers().forEach(h -> dead.headers().add(h));
        dead.headers().add("dead-letter-reason", bytes(reason));
        dead.headers().add("dead-letter-topic", bytes(record.topic()));
        dead.headers().add("dead-letter-partition", bytes(Integer.toString(record.partition())));
        dead.headers().add("dead-letter-offset", bytes(Long.toString(record.offset())));
        try {
            producer().send(dead).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new Unavailable("the dead-letter topic " + dlqTopic + " did not take a record", e);
        }
        metrics.counter("consumer.dead.letters", "topic", record.topic()).increment();
    }

    /**
     * The broker did not take a dead letter (it is down, or slow): our outage, not the record's, so the poll is retried
     * ({@link TransientFailures}) and nothing moves on until the record is safely dead-lettered.
     */
    public static final class Unavailable extends TransientCondition {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(kafka.with(Map.of(
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000,
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                            ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000)),
                            new StringSerializer(), new StringSerializer());
                }
            }
        }
        return producer;
    }

    private static byte[] bytes(String value) {
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
