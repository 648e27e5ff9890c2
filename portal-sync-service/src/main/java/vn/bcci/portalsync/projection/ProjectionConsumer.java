package vn.bcci.portalsync.projection;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.messaging.inbox.BatchConsumer;
import vn.bcci.messaging.inbox.TakesEvents;
import vn.bcci.messaging.retry.RetryTransient;
import vn.bcci.portalsync.domain.PortalDossier;
import vn.bcci.portalsync.report.ReportFactsStore;

/**
 * {@code dossier.events.v1} into the portal projection, a poll at a time in one transaction, idempotently (inbox in
 * the transaction of the effect); the poll's dossiers are locked first, in one order (their report facts' lock, then
 * their rows), so the two consumers and the sync worker never deadlock.
 */
@Singleton
@TakesEvents({EventTypes.DOSSIER_REGISTERED, EventTypes.DOSSIER_STATUS_CHANGED, EventTypes.DOSSIER_DUE_DATE_CHANGED,
        EventTypes.DOSSIER_POSTAL_NOTED})
public class ProjectionConsumer extends BatchConsumer<DossierEventData> {
    @Inject
    ProjectionService projection;
    @Inject
    ReportFactsStore facts;

    @Override
    protected void apply(List<CloudEvent> events, List<DossierEventData> data) {
        List<String> codes = data.stream().map(DossierEventData::code).toList();
        facts.lockFacts(codes);
        var locked = PortalDossier.lockAll(codes);
        for (int i = 0; i < events.size(); i++) {
            projection.onDossierEvent(events.get(i), data.get(i), locked);
        }
    }

    @Incoming("dossier-events")
    @Blocking
    @RetryTransient
    public void onDossierEvents(ConsumerRecords<String, String> records) {
        consume(records);
    }
}
