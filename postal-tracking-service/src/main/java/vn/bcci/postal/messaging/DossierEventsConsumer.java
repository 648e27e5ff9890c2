package vn.bcci.postal.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.Channel;
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
        inbox.receive(CONSUMER, record, EventTypes.DOSSIER_REGISTERED)
                .map(event -> event.dataAs(DossierEventData.class))
                .filter(dossier -> dossier.channel() == Channel.POSTAL && dossier.inboundTrackingNumber() != null)
                .ifPresent(dossier -> shipments.expectInbound(dossier.inboundTrackingNumber(), dossier.code(),
                        dossier.agencyCode(), dossier.procedureCode()));
    }
}
