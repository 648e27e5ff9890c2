package vn.bcci.postal.ingestion;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventSchemas;
import vn.bcci.contracts.InvalidEventException;
import vn.bcci.contracts.TopicAccess;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.payload.VnpostTrackingEvent;
import vn.bcci.messaging.database.DatabaseMigration;
import vn.bcci.messaging.inbox.DeadLetters;
import vn.bcci.messaging.retry.RetryTransient;

/**
 * VNPost's Kafka door, {@code vnpost.tracking.v1}: the same JSON and the same handling as the HTTP push, a poll's
 * records at a time (one transaction for the lot). A record that is not an event of the published schema
 * ({@link EventSchemas#VNPOST_TRACKING_EVENT}), or that the ingestion rules reject, goes to
 * {@code vnpost.tracking.v1.dlq.postal-tracking-service} with the reason (headers {@code dead-letter-reason}, {@code dead-letter-topic},
 * {@code -partition}, {@code -offset}) and the others are processed. When the database cannot take the batch
 * ({@link RetryTransient}), the poll is retried with backoff, holding the partition: nothing is skipped, nothing sent
 * to the dead-letter topic for our own outage. Redeliveries are answered duplicate by the deduplication, so no inbox is needed here.
 */
@ApplicationScoped
public class VnpostTrackingConsumer {

    static final String DLQ = Topics.deadLetters(Topics.VNPOST_TRACKING, TopicAccess.POSTAL_TRACKING_SERVICE);

    @Inject
    TrackingService tracking;
    @Inject
    DeadLetters deadLetters;
    @Inject
    DatabaseMigration migration;

    @Incoming("vnpost-tracking")
    @Blocking
    @RetryTransient
    public void onEvents(ConsumerRecords<String, String> records) {
        migration.awaitMigrated(); // a service started before its database waits here, holding the partition
        List<ConsumerRecord<String, String>> sources = new ArrayList<>(records.count());
        List<VnpostTrackingEvent> events = new ArrayList<>(records.count());
        List<ConsumerRecord<String, String>> unreadable = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                if (record.value() == null || record.value().isBlank()) {
                    throw new InvalidEventException("empty record");
                }
                String broken = EventSchemas.problemWith(EventSchemas.VNPOST_TRACKING_EVENT, record.value());
                if (broken != null) {
                    throw new InvalidEventException(broken);
                }
                events.add(EventJson.read(record.value(), VnpostTrackingEvent.class));
                sources.add(record);
            } catch (RuntimeException e) { // whatever the record holds, it costs itself alone
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
        for (int i = 0; i < unreadable.size(); i++) {
            deadLetters.send(unreadable.get(i), DLQ, reasons.get(i));
        }
    }
}
