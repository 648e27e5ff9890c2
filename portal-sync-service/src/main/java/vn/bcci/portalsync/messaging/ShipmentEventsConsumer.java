package vn.bcci.portalsync.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.messaging.BatchInbox;
import vn.bcci.messaging.RetryTransient;
import vn.bcci.portalsync.service.ProjectionService;

/** Postal milestones from {@code shipment.events.v1} into progress entries, a poll at a time, idempotently. */
@ApplicationScoped
public class ShipmentEventsConsumer {
    static final String CONSUMER = "portal-sync-service.shipment-events";

    private final BatchInbox batches;
    private final ProjectionService projection;

    public ShipmentEventsConsumer(BatchInbox batches, ProjectionService projection) {
        this.batches = batches;
        this.projection = projection;
    }

    @Incoming("shipment-events")
    @Blocking
    @RetryTransient
    public void onShipmentEvents(ConsumerRecords<String, String> records) {
        batches.process(CONSUMER, "portal-sync-service", records, events -> {
            projection.lockDossiers(events.stream().map(CloudEvent::subject).toList());
            java.util.List<ShipmentEventData> data = events.stream().map(e -> e.dataAs(ShipmentEventData.class))
                    .toList();
            projection.lockItems(data.stream().filter(d -> d.dossierCode() == null).map(ShipmentEventData::itemCode)
                    .toList());
            for (int i = 0; i < events.size(); i++) {
                projection.onShipmentEvent(events.get(i), data.get(i));
            }
        }, EventTypes.SHIPMENT_EVENT_RECORDED);
    }
}
