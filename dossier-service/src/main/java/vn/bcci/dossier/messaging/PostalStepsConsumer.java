package vn.bcci.dossier.messaging;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.Direction;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.dossier.postalsteps.PostalSteps;
import vn.bcci.dossier.registration.Registrations;
import vn.bcci.messaging.inbox.BatchConsumer;
import vn.bcci.messaging.inbox.TakesEvents;
import vn.bcci.messaging.retry.RetryTransient;

/**
 * Postal events from {@code shipment.events.v1} onto their dossier ({@link PostalSteps}), a poll at a time ({@link BatchConsumer}:
 * one transaction per poll, the event ids into the inbox in it; unreadable or poison records to
 * {@code shipment.events.v1.dlq.dossier-service}).
 */
@Singleton
@TakesEvents({EventTypes.SHIPMENT_EVENT_RECORDED, EventTypes.SHIPMENT_REGISTERED})
public class PostalStepsConsumer extends BatchConsumer<ShipmentEventData> {
    @Inject
    PostalSteps postalEvents;
    @Inject
    Registrations registrations;

    @Override
    protected void apply(List<CloudEvent> events, List<ShipmentEventData> data) {
        postalEvents.lockItems(data.stream().filter(d -> d.dossierCode() == null)
                .map(ShipmentEventData::itemCode).toList());
        for (int i = 0; i < events.size(); i++) {
            onShipmentEvent(events.get(i), data.get(i));
        }
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

    @Incoming("shipment-events")
    @Blocking
    @RetryTransient
    public void onShipmentEvents(ConsumerRecords<String, String> records) {
        consume(records);
    }
}
