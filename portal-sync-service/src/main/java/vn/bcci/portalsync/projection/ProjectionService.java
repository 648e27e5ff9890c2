package vn.bcci.portalsync.projection;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.messaging.kafka.Tracing;
import vn.bcci.portalsync.catalogue.PortalProcedure;
import vn.bcci.portalsync.domain.PortalDossier;
import vn.bcci.portalsync.domain.PortalRecord;
import vn.bcci.portalsync.feed.OperatorFeed;
import vn.bcci.portalsync.report.ReportFactsStore;
import vn.bcci.support.text.Masking;

/**
 * Builds what the portal must show from the dossier's one ordered stream, {@code dossier.events.v1}: the record (latest
 * event time wins, so a status never goes backwards) and the progress entries, one per real-world step, postal steps
 * included (dossier-service publishes each as the dossier's own event), and the report's facts of the dossier.
 */
@ApplicationScoped
public class ProjectionService {
    @Inject
    ProjectionStore store;
    @Inject
    OperatorFeed feed;
    @Inject
    ReportFactsStore reportFacts;
    @Inject
    Tracing tracing;

    /**
     * One event of a poll; {@code locked} holds the poll's dossiers, locked and loaded together
     * ({@link PortalDossier#lockAll}), and gets the ones this event creates.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onDossierEvent(CloudEvent event, DossierEventData data, Map<String, PortalDossier> locked) {
        PortalProcedure procedure = PortalProcedure.findById(data.procedureCode());
        Instant now = Instant.now();
        PortalDossier d = locked.containsKey(data.code()) ? locked.get(data.code()) : PortalDossier.lock(data.code());
        Map<String, String> previous = d == null ? null : PortalRecord.read(d.record);
        Map<String, String> next = PortalRecord.of(data, procedure, previous);
        String record = EventJson.write(next);
        String trace = tracing.current().traceparent();
        if (d == null) {
            d = new PortalDossier();
            d.code = data.code();
            d.agencyCode = data.agencyCode();
            d.inboundTrackingNumber = data.inboundTrackingNumber();
            d.record = record;
            d.statusCode = data.status().portalCode();
            d.lastEventTime = event.time();
            d.revision = 1;
            d.syncState = PortalDossier.SyncState.PENDING;
            d.nextAttemptAt = now;
            d.changedAt = now;
            d.traceparent = trace;
            d.persist();
            locked.put(d.code, d);
        } else if (!event.time().isBefore(d.lastEventTime)) {
            d.lastEventTime = event.time();
            d.inboundTrackingNumber = data.inboundTrackingNumber();
            if (!next.equals(previous)) { // a postal step changes none of the record, mostly: nothing owed then
                d.changed(record, data.status().portalCode(), now);
                d.traceparent = trace;
            }
        }
        feedStatus(event, data, d.agencyCode);
        reportFacts.dossier(event, data);
        DossierEventData.PostalStep step = data.postalStep();
        if (step != null) { // a postal step, or the move it caused (the result delivered): the step is the entry
            reportFacts.intakeStep(d.code, step);
            Optional<String> milestone = PostalProgressTexts.describe(step);
            if (milestone.isPresent()) {
                store.addEntryOnce(event.id(), d.code, step.itemCode(), step.event().occurredAt(),
                        PostalProgressTexts.handler(step),
                        null, null, milestone.get(), d.statusCode, trace);
                feed.append(OperatorFeed.Kind.POSTAL_MILESTONE, d.code, d.agencyCode, step.itemCode(), d.statusCode,
                        step.event().occurredAt(), milestone.get());
            }
        } else if (data.transition() != null) {
            DossierEventData.Transition t = data.transition();
            DossierEventData.Handler h = t.handler();
            String content = t.note() != null && !t.note().isBlank()
                    ? t.note()
                    : "Chuyển trạng thái hồ sơ: " + t.to().vietnameseName();
            store.addEntryOnce(event.id(), d.code, null, t.at(), h == null ? "Cán bộ một cửa" : h.name(),
                    h == null ? null : h.title(), h == null ? null : h.department(), content, t.to().portalCode(),
                    trace);
        }
    }

    /** A registration or a status change, as the operators' feed shows it (the applicant's name masked). */
    private void feedStatus(CloudEvent event, DossierEventData data, String agencyCode) {
        DossierEventData.Transition t = data.transition();
        if (t == null && !EventTypes.DOSSIER_REGISTERED.equals(event.type())) {
            return;
        }
        DossierStatus status = t != null ? t.to() : data.status();
        String summary = t != null
                ? "Chuyển trạng thái: " + status.vietnameseName()
                        + (t.handler() != null && t.handler().department() != null
                                ? " (" + t.handler().department() + ")"
                                : "")
                : "Tiếp nhận hồ sơ " + data.procedureCode() + " qua kênh " + data.channel().vietnameseName()
                        + (data.applicant() != null ? ", chủ hồ sơ " + Masking.name(data.applicant().name()) : "")
                        + ": " + status.vietnameseName();
        feed.append(OperatorFeed.Kind.DOSSIER_STATUS, data.code(), agencyCode, null, status.portalCode(),
                t != null ? t.at() : event.time(), summary);
    }
}
