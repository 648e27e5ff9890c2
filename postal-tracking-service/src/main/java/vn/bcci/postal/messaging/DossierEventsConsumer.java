package vn.bcci.postal.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.messaging.Inbox;
import vn.bcci.messaging.RetryTransient;
import vn.bcci.postal.service.ShipmentService;

/**
 * From {@code dossier.events.v1}: a registered postal dossier's inbound item becomes an expected shipment; a dossier to
 * be returned by post that reaches RESULT_READY makes its (not yet named) outbound item expected.
 */
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
    @RetryTransient
    @Transactional
    public void onDossierEvent(ConsumerRecord<String, String> record) {
        inbox.receive(CONSUMER, record, EventTypes.DOSSIER_REGISTERED, EventTypes.DOSSIER_STATUS_CHANGED)
                .ifPresent(event -> {
                    DossierEventData dossier = event.dataAs(DossierEventData.class);
                    if (EventTypes.DOSSIER_REGISTERED.equals(event.type())) {
                        if (dossier.channel() == Channel.POSTAL && dossier.inboundTrackingNumber() != null) {
                            shipments.expectInbound(dossier.inboundTrackingNumber(), dossier.code(),
                                    dossier.agencyCode(), dossier.procedureCode());
                        }
                    } else if (dossier.status() == DossierStatus.RESULT_READY
                            && dossier.returnMethod() == ReturnMethod.POSTAL) {
                        shipments.expectOutbound(dossier.code(), dossier.agencyCode(), dossier.procedureCode(),
                                dossier.inboundTrackingNumber());
                    }
                });
    }
}
