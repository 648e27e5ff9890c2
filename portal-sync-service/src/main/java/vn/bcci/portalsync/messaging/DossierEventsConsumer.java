package vn.bcci.portalsync.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;

import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.messaging.Inbox;
import vn.bcci.messaging.RetryTransient;
import vn.bcci.portalsync.service.ProjectionService;

/** {@code dossier.events.v1} into the portal projection, idempotently (inbox in the transaction of the effect). */
@ApplicationScoped
public class DossierEventsConsumer {
    static final String CONSUMER = "portal-sync-service.dossier-events";

    private final Inbox inbox;
    private final ProjectionService projection;

    public DossierEventsConsumer(Inbox inbox, ProjectionService projection) {
        this.inbox = inbox;
        this.projection = projection;
    }

    @Incoming("dossier-events")
    @Blocking
    @RetryTransient
    @Transactional
    public void onDossierEvent(ConsumerRecord<String, String> record) {
        inbox.receive(CONSUMER, record, EventTypes.DOSSIER_REGISTERED, EventTypes.DOSSIER_STATUS_CHANGED,
                EventTypes.DOSSIER_DUE_DATE_CHANGED)
                .ifPresent(event -> projection.onDossierEvent(event, event.dataAs(DossierEventData.class)));
    }
}
