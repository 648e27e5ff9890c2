package vn.bcci.dossier.messaging;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.PortalSyncOutcomeData;
import vn.bcci.dossier.timeline.TimelineEntry;
import vn.bcci.dossier.timeline.TimelineStore;
import vn.bcci.messaging.inbox.BatchConsumer;
import vn.bcci.messaging.inbox.TakesEvents;
import vn.bcci.messaging.retry.RetryTransient;

/**
 * What reached the portal and what it refused ({@code portal.sync.v1}) onto the dossier's timeline, a poll at a time
 * in one statement ({@link BatchConsumer}; unreadable or poison records to {@code portal.sync.v1.dlq.dossier-service}).
 */
@Singleton
@TakesEvents(EventTypes.PORTAL_SYNC_OUTCOME)
public class PortalOutcomesConsumer extends BatchConsumer<PortalSyncOutcomeData> {
    @Inject
    TimelineStore timeline;

    @Override
    protected void apply(List<CloudEvent> events, List<PortalSyncOutcomeData> outcomes) {
        timeline.appendToKnownDossiers(outcomes.stream().map(PortalOutcomesConsumer::entry).toList());
    }

    /** The timeline entry of an outcome (left out if the dossier is not this service's). */
    private static TimelineEntry entry(PortalSyncOutcomeData o) {
        boolean accepted = "ACCEPTED".equals(o.outcome());
        String what = "PROGRESS".equals(o.kind())
                ? "progress entry"
                : "dossier record (status " + o.portalStatus() + ")";
        String title = accepted ? "Portal holds the " + what : "Portal refused the " + what + ": " + o.message();
        return TimelineEntry.of(o.dossierCode(), o.at(), TimelineEntry.Kind.PORTAL, "portal-sync-service", title,
                EventJson.write(Map.of("kind", o.kind(), "outcome", o.outcome(), "errorCode",
                        String.valueOf(o.errorCode()), "message", String.valueOf(o.message()))));
    }

    @Incoming("portal-sync")
    @Blocking
    @RetryTransient
    public void onOutcomes(ConsumerRecords<String, String> records) {
        consume(records);
    }
}
