package vn.bcci.portalsync.projection;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.messaging.inbox.BatchInbox;
import vn.bcci.messaging.retry.RetryTransient;
import vn.bcci.portalsync.domain.PortalDossier;

/**
 * {@code dossier.events.v1} into the portal projection, a poll at a time in one transaction, idempotently (inbox in
 * the transaction of the effect); the poll's dossiers are locked first, in one order (their report facts' lock, then
 * their rows), so the two consumers and the sync worker never deadlock.
 */
@ApplicationScoped
public class ProjectionConsumer {
    static final String CONSUMER = "portal-sync-service.dossier-events";

    private final BatchInbox batches;
    private final ProjectionService projection;

    public ProjectionConsumer(BatchInbox batches, ProjectionService projection) {
        this.batches = batches;
        this.projection = projection;
    }

    @Incoming("dossier-events")
    @Blocking
    @RetryTransient
    public void onDossierEvents(ConsumerRecords<String, String> records) {
        batches.process(CONSUMER, records, events -> {
            List<DossierEventData> data = events.stream().map(e -> e.dataAs(DossierEventData.class))
                    .toList();
            List<String> codes = data.stream().map(DossierEventData::code).toList();
            PortalDossier.lockReportFacts(codes);
            var locked = PortalDossier.lockAll(codes);
            for (int i = 0; i < events.size(); i++) {
                projection.onDossierEvent(events.get(i), data.get(i), locked);
            }
        }, EventTypes.DOSSIER_REGISTERED, EventTypes.DOSSIER_STATUS_CHANGED, EventTypes.DOSSIER_DUE_DATE_CHANGED,
                EventTypes.DOSSIER_POSTAL_NOTED);
    }
}
