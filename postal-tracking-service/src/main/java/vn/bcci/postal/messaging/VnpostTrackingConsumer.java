package vn.bcci.postal.messaging;

import java.nio.charset.StandardCharsets;
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

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.InvalidEventException;
import vn.bcci.contracts.payload.VnpostTrackingEvent;
import vn.bcci.messaging.RetryTransient;
import vn.bcci.postal.service.IngestOutcome;
import vn.bcci.postal.service.TrackingService;

/**
 * VNPost's Kafka door, {@code vnpost.tracking.v1}: the same JSON and the same handling as the HTTP push, a poll's
 * records at a time (one transaction for the lot). A record that is not an event, or that is rejected, goes to
 * {@code vnpost.tracking.v1.dlq} with the reason (headers {@code dead-letter-reason}, {@code dead-letter-topic},
 * {@code -partition}, {@code -offset}) and the others are processed. When the database cannot take the batch
 * ({@link RetryTransient}), the poll is retried with backoff, holding the partition: nothing is skipped, nothing sent
 * to the dead-letter topic for our own outage. Redeliveries are answered duplicate by the deduplication, so no inbox is needed here.
 */
@ApplicationScoped
public class VnpostTrackingConsumer {
    private static final Logger LOG = Logger.getLogger(VnpostTrackingConsumer.class);

    private final TrackingService tracking;
    private final Emitter<String> deadLetters;

    public VnpostTrackingConsumer(TrackingService tracking,
            @Channel("vnpost-tracking-dlq") Emitter<String> deadLetters) {
        this.tracking = tracking;
        this.deadLetters = deadLetters;
    }

    @Incoming("vnpost-tracking")
    @Blocking
    @RetryTransient
    public void onEvents(ConsumerRecords<String, String> records) {
        List<ConsumerRecord<String, String>> sources = new ArrayList<>(records.count());
        List<VnpostTrackingEvent> events = new ArrayList<>(records.count());
        List<ConsumerRecord<String, String>> unreadable = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                if (record.value() == null || record.value().isBlank()) {
                    throw new InvalidEventException("empty record");
                }
                events.add(EventJson.read(record.value(), VnpostTrackingEvent.class));
                sources.add(record);
            } catch (InvalidEventException e) {
                unreadable.add(record);
                reasons.add(e.getMessage());
            }
        }
        // stored first: a transient failure here retries the whole poll before anything is dead-lettered
        List<IngestOutcome> outcomes = tracking.ingestAll(events);
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).rejected()) {
                unreadable.add(sources.get(i));
                reasons.add("rejected: " + outcomes.get(i).reason());
            }
        }
        List<CompletableFuture<Void>> parked = new ArrayList<>();
        for (int i = 0; i < unreadable.size(); i++) {
            parked.add(deadLetter(unreadable.get(i), reasons.get(i)));
        }
        for (CompletableFuture<Void> sent : parked) {
            try {
                sent.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the dead-letter topic did not take a rejected record", e);
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
