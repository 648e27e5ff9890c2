package vn.bcci.dossier.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.Direction;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.dossier.postalsteps.PostalSteps;
import vn.bcci.dossier.registration.Registrations;
import vn.bcci.messaging.inbox.BatchInbox;
import vn.bcci.messaging.retry.RetryTransient;

/**
 * Postal events from {@code shipment.events.v1} onto their dossier ({@link PostalSteps}), a poll at a time ({@link BatchInbox}:
 * one transaction per poll, the event ids into the inbox in it; unreadable or poison records to
 * {@code shipment.events.v1.dlq.dossier-service}).
 */
@ApplicationScoped
public class PostalStepsConsumer {
    static final String CONSUMER = "dossier-service.shipment-events";

    private final BatchInbox batches;
    private final PostalSteps postalEvents;
    private final Registrations registrations;

    public PostalStepsConsumer(BatchInbox batches, PostalSteps postalEvents, Registrations registrations) {
        this.batches = batches;
        this.postalEvents = postalEvents;
        this.registrations = registrations;
    }

    @Incoming("shipment-events")
    @Blocking
    @RetryTransient
    public void onShipmentEvents(ConsumerRecords<String, String> records) {
        batches.process(CONSUMER, records, events -> {
            List<ShipmentEventData> data = events.stream().map(e -> e.dataAs(ShipmentEventData.class)).toList();
            postalEvents.lockItems(data.stream().filter(d -> d.dossierCode() == null)
                    .map(ShipmentEventData::itemCode).toList());
            for (int i = 0; i < events.size(); i++) {
                onShipmentEvent(events.get(i), data.get(i));
            }
        }, EventTypes.SHIPMENT_EVENT_RECORDED, EventTypes.SHIPMENT_REGISTERED);
    }

    private void onShipmentEvent(CloudEvent event, ShipmentEventData data) {
        if (EventTypes.SHIPMENT_REGISTERED.equals(event.type())) {
            if (data.direction() == Direction.INBOUND && data.dossierCode() == null && data.sender() != null
                    && data.agencyCode() != null) {
                registrations.appearFromPost(data, event.time());
            }
            return;
        }
        postalEvents.onShipmentEvent(event.id(), data);
    }
}
