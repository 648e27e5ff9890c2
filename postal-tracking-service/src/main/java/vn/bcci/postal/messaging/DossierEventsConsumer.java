package vn.bcci.postal.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.messaging.Inbox;
import vn.bcci.postal.service.ShipmentService;

/** Registered postal dossiers from {@code dossier.events.v1}: their inbound items become expected shipments. */
@ApplicationScoped
public class DossierEventsConsumer {
    static final String CONSUMER = "postal-tracking-service.dossier-events";

    private final Inbox inbox;
    private final ShipmentService shipments;

    public DossierEventsConsumer(Inbox inbox, ShipmentService shipments) {
        this.inbox = inbox;
        this.shipments = shipments;
    }

    @Incoming("dossier-events")
    @Blocking
    @Transactional
    public void onDossierEvent(ConsumerRecord<String, String> record) {
        CloudEvent event = Inbox.read(record);
        if (!EventTypes.DOSSIER_REGISTERED.equals(event.type()) || !inbox.firstDelivery(CONSUMER, event.id())) {
            return;
        }
        DossierEventData dossier = event.dataAs(DossierEventData.class);
        if (dossier.channel() == Channel.POSTAL && dossier.inboundTrackingNumber() != null) {
            shipments.expectInbound(dossier.inboundTrackingNumber(), dossier.code(), dossier.agencyCode(),
                    dossier.procedureCode());
        }
    }
}
