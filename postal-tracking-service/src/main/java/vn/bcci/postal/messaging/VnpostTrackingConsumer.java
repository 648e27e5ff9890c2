package vn.bcci.postal.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.InvalidEventException;
import vn.bcci.contracts.payload.VnpostTrackingEvent;
import vn.bcci.postal.service.IngestOutcome;
import vn.bcci.postal.service.TrackingService;

/**
 * VNPost's Kafka door, {@code vnpost.tracking.v1}: the same JSON and the same handling as the HTTP push. A record that
 * is not an event, or that is rejected, goes to the dead-letter topic with the reason and the next record is processed.
 * Redeliveries are answered duplicate by the deduplication, so no inbox is needed here.
 */
@ApplicationScoped
public class VnpostTrackingConsumer {
    private final TrackingService tracking;

    public VnpostTrackingConsumer(TrackingService tracking) {
        this.tracking = tracking;
    }

    @Incoming("vnpost-tracking")
    @Blocking
    public void onEvent(ConsumerRecord<String, String> record) {
        if (record.value() == null || record.value().isBlank()) {
            throw new InvalidEventException("empty record");
        }
        VnpostTrackingEvent event = EventJson.read(record.value(), VnpostTrackingEvent.class);
        IngestOutcome outcome = tracking.ingest(event);
        if (outcome.rejected()) {
            throw new InvalidEventException("rejected: " + outcome.reason());
        }
    }
}
