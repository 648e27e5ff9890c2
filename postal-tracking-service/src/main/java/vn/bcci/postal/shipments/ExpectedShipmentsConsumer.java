package vn.bcci.postal.shipments;

import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.messaging.inbox.BatchInbox;
import vn.bcci.messaging.retry.RetryTransient;

/**
 * From {@code dossier.events.v1}, a poll at a time ({@link BatchInbox}; poison records to
 * {@code dossier.events.v1.dlq.postal-tracking-service}): a registered postal dossier's inbound item becomes an expected
 * shipment; a dossier to be returned by post that reaches RESULT_READY makes its (not yet named) outbound item
 * expected. The poll's dossier and item locks are taken up front in the global order, as a batch of VNPost events
 * takes them.
 */
@ApplicationScoped
public class ExpectedShipmentsConsumer {
    static final String CONSUMER = "postal-tracking-service.dossier-events";

    private final BatchInbox batches;
    private final ShipmentService shipments;
    private final ShipmentLedger ledger;

    public ExpectedShipmentsConsumer(BatchInbox batches, ShipmentService shipments, ShipmentLedger ledger) {
        this.batches = batches;
        this.shipments = shipments;
        this.ledger = ledger;
    }

    @Incoming("dossier-events")
    @Blocking
    @RetryTransient
    public void onDossierEvents(ConsumerRecords<String, String> records) {
        batches.process(CONSUMER, records, events -> {
            List<DossierEventData> relevant = events.stream().map(this::relevant).filter(Objects::nonNull).toList();
            ledger.lockAll(relevant.stream().map(DossierEventData::code).toList(),
                    relevant.stream().map(DossierEventData::inboundTrackingNumber).filter(Objects::nonNull).toList());
            relevant.forEach(this::onDossierEvent);
        }, EventTypes.DOSSIER_REGISTERED, EventTypes.DOSSIER_STATUS_CHANGED);
    }

    /** The dossier of an event that concerns the post, else {@code null}. */
    private DossierEventData relevant(CloudEvent event) {
        DossierEventData dossier = event.dataAs(DossierEventData.class);
        if (EventTypes.DOSSIER_REGISTERED.equals(event.type())) {
            return dossier.channel() == Channel.POSTAL && dossier.inboundTrackingNumber() != null ? dossier : null;
        }
        return dossier.status() == DossierStatus.RESULT_READY && dossier.returnMethod() == ReturnMethod.POSTAL
                ? dossier
                : null;
    }

    private void onDossierEvent(DossierEventData dossier) {
        if (dossier.status() == DossierStatus.RESULT_READY) {
            shipments.expectOutbound(dossier.code(), dossier.agencyCode(), dossier.procedureCode(),
                    dossier.inboundTrackingNumber());
        } else {
            shipments.expectInbound(dossier.inboundTrackingNumber(), dossier.code(), dossier.agencyCode(),
                    dossier.procedureCode());
        }
    }
}
