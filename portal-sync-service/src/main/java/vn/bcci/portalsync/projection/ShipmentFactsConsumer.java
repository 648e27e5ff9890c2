package vn.bcci.portalsync.projection;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.messaging.inbox.BatchConsumer;
import vn.bcci.messaging.inbox.TakesEvents;
import vn.bcci.messaging.retry.RetryTransient;
import vn.bcci.portalsync.alerts.ShipmentAlerts;
import vn.bcci.portalsync.report.ReportFactsStore;

/**
 * {@code shipment.events.v1} into the report's facts of the result's journey by post ({@link ReportFactsStore}) and the
 * alerts of flagged items ({@link ShipmentAlerts}), a poll at a time, idempotently.
 * The portal's postal progress entries come from dossier-service's events (each postal step is one), not from here.
 */
@Singleton
@TakesEvents({EventTypes.SHIPMENT_EVENT_RECORDED, EventTypes.SHIPMENT_FLAGGED})
public class ShipmentFactsConsumer extends BatchConsumer<ShipmentEventData> {
    @Inject
    ReportFactsStore facts;
    @Inject
    ShipmentAlerts alerts;

    @Override
    protected void apply(List<CloudEvent> events, List<ShipmentEventData> data) {
        // the dossiers' report lock first, in code order, as the other writers of their facts
        facts.lockFacts(data.stream().map(ShipmentEventData::dossierCode).toList());
        for (int i = 0; i < events.size(); i++) {
            if (EventTypes.SHIPMENT_EVENT_RECORDED.equals(events.get(i).type())) {
                facts.resultJourney(data.get(i));
            }
            alerts.apply(events.get(i), data.get(i));
        }
    }

    @Incoming("shipment-events")
    @Blocking
    @RetryTransient
    public void onShipmentEvents(ConsumerRecords<String, String> records) {
        consume(records);
    }
}
