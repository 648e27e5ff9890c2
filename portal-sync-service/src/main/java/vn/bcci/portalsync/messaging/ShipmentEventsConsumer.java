package vn.bcci.portalsync.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.messaging.Inbox;
import vn.bcci.messaging.RetryTransient;
import vn.bcci.portalsync.service.ProjectionService;

/** Postal milestones from {@code shipment.events.v1} into progress entries, idempotently. */
@ApplicationScoped
public class ShipmentEventsConsumer {
    static final String CONSUMER = "portal-sync-service.shipment-events";

    private final Inbox inbox;
    private final ProjectionService projection;

    public ShipmentEventsConsumer(Inbox inbox, ProjectionService projection) {
        this.inbox = inbox;
        this.projection = projection;
    }

    @Incoming("shipment-events")
    @Blocking
    @RetryTransient
    @Transactional
    public void onShipmentEvent(ConsumerRecord<String, String> record) {
        inbox.receive(CONSUMER, record, EventTypes.SHIPMENT_EVENT_RECORDED)
                .ifPresent(event -> projection.onShipmentEvent(event, event.dataAs(ShipmentEventData.class)));
    }
}
