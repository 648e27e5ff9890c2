package vn.bcci.postal.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.InvalidEventException;
import vn.bcci.contracts.payload.VnpostTrackingEvent;
import vn.bcci.postal.service.IngestOutcome;
import vn.bcci.postal.service.TrackingService;

/**
 * VNPost's Kafka door, {@code vnpost.tracking.v1}: the same JSON and the same handling as the HTTP push, a poll's
 * records at a time (one transaction for the lot). A record that is not an event, or that is rejected, goes to
 * {@code vnpost.tracking.v1.dlq} with the reason (headers {@code dead-letter-reason}, {@code dead-letter-topic},
 * {@code -partition}, {@code -offset}) and the others are processed. When the database cannot take the batch, it is
 * retried with backoff, holding the partition: nothing is skipped, nothing sent to the dead-letter topic for our own
 * outage. Redeliveries are answered duplicate by the deduplication, so no inbox is needed here.
 */
@ApplicationScoped
public class VnpostTrackingConsumer {
    private static final Logger LOG = Logger.getLogger(VnpostTrackingConsumer.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final TrackingService tracking;
    private final Emitter<String> deadLetters;
    private final Counter retries;

    public VnpostTrackingConsumer(TrackingService tracking,
            @Channel("vnpost-tracking-dlq") Emitter<String> deadLetters, MeterRegistry metrics) {
        this.tracking = tracking;
        this.deadLetters = deadLetters;
        this.retries = Counter.builder("tracking.kafka.batch.retries")
                .description("Kafka batches the database could not take, retried").register(metrics);
    }

    @Incoming("vnpost-tracking")
    @Blocking
    public void onEvents(ConsumerRecords<String, String> records) throws InterruptedException {
        List<ConsumerRecord<String, String>> sources = new ArrayList<>(records.count());
        List<VnpostTrackingEvent> events = new ArrayList<>(records.count());
        List<CompletableFuture<Void>> parked = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                if (record.value() == null || record.value().isBlank()) {
                    throw new InvalidEventException("empty record");
                }
                events.add(EventJson.read(record.value(), VnpostTrackingEvent.class));
                sources.add(record);
            } catch (InvalidEventException e) {
                parked.add(deadLetter(record, e.getMessage()));
            }
        }
        List<IngestOutcome> outcomes = ingestWithRetry(events);
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).rejected()) {
                parked.add(deadLetter(sources.get(i), "rejected: " + outcomes.get(i).reason()));
            }
        }
        for (CompletableFuture<Void> sent : parked) {
            try {
                sent.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the dead-letter topic did not take a rejected record", e);
            }
        }
    }

    private List<IngestOutcome> ingestWithRetry(List<VnpostTrackingEvent> events) throws InterruptedException {
        Duration backoff = Duration.ofMillis(200);
        for (int attempt = 1;; attempt++) {
            try {
                return tracking.ingestAll(events);
            } catch (RuntimeException e) {
                retries.increment();
                LOG.errorf("cannot store %d VNPost events (attempt %d, %s); retrying in %d ms", events.size(),
                        attempt, e.toString(), backoff.toMillis());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private CompletableFuture<Void> deadLetter(ConsumerRecord<String, String> record, String reason) {
        LOG.warnf("VNPost record %s-%d@%d to the dead-letter topic: %s", record.topic(), record.partition(),
                record.offset(), reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Void> sent = new CompletableFuture<>();
        deadLetters.send(Message.of(record.value() == null ? "" : record.value(),
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key()).withHeaders(headers)
                        .build()),
                () -> {
                    sent.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    sent.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return sent;
    }
}
