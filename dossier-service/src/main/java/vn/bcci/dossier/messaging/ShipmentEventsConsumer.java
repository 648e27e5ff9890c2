package vn.bcci.dossier.messaging;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.Direction;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.dossier.domain.Dossier;
import vn.bcci.dossier.domain.TimelineEntry;
import vn.bcci.dossier.service.DossierService;
import vn.bcci.dossier.service.PostalMilestones;
import vn.bcci.messaging.BatchInbox;
import vn.bcci.messaging.RetryTransient;

/**
 * Postal milestones from {@code shipment.events.v1} onto the dossier's timeline, a poll at a time ({@link BatchInbox}:
 * one transaction per poll, the event ids into the inbox in it; unreadable or poison records to
 * {@code shipment.events.v1.dlq.dossier-service}).
 */
@ApplicationScoped
public class ShipmentEventsConsumer {
    static final String CONSUMER = "dossier-service.shipment-events";
    private static final Logger LOG = Logger.getLogger(ShipmentEventsConsumer.class);

    private final BatchInbox batches;
    private final PostalMilestones milestones;
    private final DossierService dossiers;

    public ShipmentEventsConsumer(BatchInbox batches, PostalMilestones milestones, DossierService dossiers) {
        this.batches = batches;
        this.milestones = milestones;
        this.dossiers = dossiers;
    }

    @Incoming("shipment-events")
    @Blocking
    @RetryTransient
    public void onShipmentEvents(ConsumerRecords<String, String> records) {
        batches.process(CONSUMER, "dossier-service", records, events -> events.forEach(this::onShipmentEvent),
                EventTypes.SHIPMENT_EVENT_RECORDED, EventTypes.SHIPMENT_REGISTERED);
    }

    private void onShipmentEvent(CloudEvent event) {
        ShipmentEventData data = event.dataAs(ShipmentEventData.class);
        if (EventTypes.SHIPMENT_REGISTERED.equals(event.type())) {
            if (data.direction() == Direction.INBOUND && data.dossierCode() == null && data.sender() != null
                    && data.agencyCode() != null) {
                dossiers.createFromPost(data, event.time());
            }
            return;
        }
        Dossier dossier = data.dossierCode() != null
                ? Dossier.findById(data.dossierCode())
                : Dossier.findByInboundTrackingNumber(data.itemCode());
        if (dossier == null || data.event() == null) {
            LOG.debugf("shipment event %s for %s names no known dossier", event.id(), data.itemCode());
            return;
        }
        ShipmentEventData.TrackingEvent e = data.event();
        String what = e.canonicalState() != null ? e.canonicalState().name() : "code " + e.statusCode();
        String title = data.direction() + " " + data.itemCode() + ": " + what
                + (e.postOfficeName() != null ? " at " + e.postOfficeName() : "");
        TimelineEntry.of(dossier.code, e.occurredAt(), TimelineEntry.Kind.POSTAL, "postal-tracking-service", title,
                EventJson.write(Map.of("itemCode", data.itemCode(), "direction", data.direction(), "statusCode",
                        e.statusCode(), "state", String.valueOf(e.canonicalState()))))
                .persist();
        milestones.apply(dossier, data);
    }
}
