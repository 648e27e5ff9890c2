package vn.bcci.postal.shipments;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.messaging.inbox.BatchConsumer;
import vn.bcci.messaging.inbox.TakesEvents;
import vn.bcci.messaging.retry.RetryTransient;

/**
 * From {@code dossier.events.v1}, a poll at a time ({@link BatchConsumer}; poison records to
 * {@code dossier.events.v1.dlq.postal-tracking-service}): a registered postal dossier's inbound item becomes an expected
 * shipment; a dossier to be returned by post that reaches RESULT_READY makes its (not yet named) outbound item
 * expected. The poll's dossier and item locks are taken up front in the global order, as a batch of VNPost events
 * takes them.
 */
@Singleton
@TakesEvents({EventTypes.DOSSIER_REGISTERED, EventTypes.DOSSIER_STATUS_CHANGED})
public class ExpectedShipmentsConsumer extends BatchConsumer<DossierEventData> {
    @Inject
    ShipmentService shipments;
    @Inject
    ShipmentLedger ledger;

    @Override
    protected void apply(List<CloudEvent> events, List<DossierEventData> data) {
        List<DossierEventData> relevant = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (concernsThePost(events.get(i), data.get(i))) {
                relevant.add(data.get(i));
            }
        }
        ledger.lockAll(relevant.stream().map(DossierEventData::code).toList(),
                relevant.stream().map(DossierEventData::inboundTrackingNumber).filter(Objects::nonNull).toList());
        relevant.forEach(this::onDossierEvent);
    }

    /** Whether an event's dossier concerns the post: a postal registration, or a result to return by post ready. */
    private static boolean concernsThePost(CloudEvent event, DossierEventData dossier) {
        if (EventTypes.DOSSIER_REGISTERED.equals(event.type())) {
            return dossier.channel() == Channel.POSTAL && dossier.inboundTrackingNumber() != null;
        }
        return dossier.status() == DossierStatus.RESULT_READY && dossier.returnMethod() == ReturnMethod.POSTAL;
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

    @Incoming("dossier-events")
    @Blocking
    @RetryTransient
    public void onDossierEvents(ConsumerRecords<String, String> records) {
        consume(records);
    }
}
