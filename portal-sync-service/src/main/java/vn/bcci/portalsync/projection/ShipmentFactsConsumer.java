package vn.bcci.portalsync.projection;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.messaging.inbox.BatchInbox;
import vn.bcci.messaging.retry.RetryTransient;
import vn.bcci.portalsync.alerts.ShipmentAlerts;
import vn.bcci.portalsync.domain.PortalDossier;
import vn.bcci.portalsync.report.ReportFactsStore;

/**
 * {@code shipment.events.v1} into the report's facts of the result's journey by post ({@link ReportFactsStore}) and the
 * alerts of flagged items ({@link ShipmentAlerts}), a poll at a time, idempotently.
 * The portal's postal progress entries come from dossier-service's events (each postal step is one), not from here.
 */
@ApplicationScoped
public class ShipmentFactsConsumer {
    static final String CONSUMER = "portal-sync-service.shipment-events";

    private final BatchInbox batches;
    private final ReportFactsStore facts;
    private final ShipmentAlerts alerts;

    public ShipmentFactsConsumer(BatchInbox batches, ReportFactsStore facts, ShipmentAlerts alerts) {
        this.batches = batches;
        this.facts = facts;
        this.alerts = alerts;
    }

    @Incoming("shipment-events")
    @Blocking
    @RetryTransient
    public void onShipmentEvents(ConsumerRecords<String, String> records) {
        batches.process(CONSUMER, records,
                events -> {
                    List<ShipmentEventData> data = events.stream().map(e -> e.dataAs(ShipmentEventData.class))
                            .toList();
                    // the dossiers' report lock first, in code order, as the other writers of their facts
                    PortalDossier.lockReportFacts(data.stream().map(ShipmentEventData::dossierCode).toList());
                    for (int i = 0; i < events.size(); i++) {
                        if (EventTypes.SHIPMENT_EVENT_RECORDED.equals(events.get(i).type())) {
                            facts.resultJourney(data.get(i));
                        }
                        alerts.apply(events.get(i), data.get(i));
                    }
                },
                EventTypes.SHIPMENT_EVENT_RECORDED, EventTypes.SHIPMENT_FLAGGED);
    }
}
