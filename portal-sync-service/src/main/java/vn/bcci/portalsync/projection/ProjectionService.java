package vn.bcci.portalsync.projection;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.Direction;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.portalsync.catalogue.Procedure;
import vn.bcci.portalsync.domain.PortalDossier;
import vn.bcci.portalsync.domain.PortalRecord;
import vn.bcci.portalsync.feed.OperatorFeed;
import vn.bcci.support.Masking;
import vn.bcci.support.Texts;

/**
 * Builds what the portal must show from the dossier's one ordered stream, {@code dossier.events.v1}: the record (latest
 * event time wins, so a status never goes backwards) and the progress entries, one per real-world step, postal steps
 * included (dossier-service publishes each as the dossier's own event). {@code shipment.events.v1} feeds only the
 * report's facts of the result's journey by post.
 */
@ApplicationScoped
public class ProjectionService {
    private final EntityManager em;
    private final OperatorFeed feed;

    public ProjectionService(EntityManager em, OperatorFeed feed) {
        this.em = em;
        this.feed = feed;
    }

    /**
     * Locks the dossiers a batch touches, in code order, before it touches any: whoever else locks several (the other
     * consumer, the sync worker applying an answer) takes them in the same order, so none waits on another in a circle.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockDossiers(java.util.Collection<String> codes) {
        java.util.List<String> sorted = codes.stream().filter(java.util.Objects::nonNull).distinct().sorted().toList();
        if (!sorted.isEmpty()) {
            em.createNativeQuery("SELECT code FROM portal_dossier WHERE code IN (?1) ORDER BY code FOR UPDATE")
                    .setParameter(1, sorted).getResultList();
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void onDossierEvent(CloudEvent event, DossierEventData data) {
        Procedure procedure = Procedure.findById(data.procedureCode());
        Instant now = Instant.now();
        PortalDossier d = PortalDossier.lock(data.code());
        Map<String, String> previous = d == null ? null : PortalRecord.read(d.record);
        Map<String, String> next = PortalRecord.of(data, procedure, previous);
        String record = EventJson.write(next);
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
            d.persist();
        } else if (!event.time().isBefore(d.lastEventTime)) {
            d.lastEventTime = event.time();
            d.inboundTrackingNumber = data.inboundTrackingNumber();
            if (!next.equals(previous)) { // a postal step changes none of the record, mostly: nothing owed then
                d.changed(record, data.status().portalCode(), now);
            }
        }
        feedStatus(event, data, d.agencyCode);
        reportFacts(event, data);
        DossierEventData.PostalStep step = data.postalStep();
        if (step != null) { // a postal step, or the move it caused (the result delivered): the step is the entry
            Optional<String> milestone = PostalMilestones.describe(step);
            if (milestone.isPresent()) {
                addEntry(event.id(), d.code, step.itemCode(), step.event().occurredAt(), PostalMilestones.handler(step),
                        null, null, milestone.get(), d.statusCode);
                feed.append(OperatorFeed.Kind.POSTAL_MILESTONE, d.code, d.agencyCode, step.itemCode(), d.statusCode,
                        step.event().occurredAt(), milestone.get());
            }
        } else if (data.transition() != null) {
            DossierEventData.Transition t = data.transition();
            DossierEventData.Handler h = t.handler();
            String content = t.note() != null && !t.note().isBlank()
                    ? t.note()
                    : "Chuyển trạng thái hồ sơ: " + t.to().vietnameseName();
            addEntry(event.id(), d.code, null, t.at(), h == null ? "Cán bộ một cửa" : h.name(),
                    h == null ? null : h.title(), h == null ? null : h.department(), content, t.to().portalCode());
        }
    }

    /** What the BCCI report learns from the result's journey by post. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onShipmentEvent(ShipmentEventData data) {
        resultDeliveryFacts(data);
    }

    /** What the BCCI report counts of the dossier (docs/domain.md §7): its latest facts, the newest event winning. */
    private void reportFacts(CloudEvent event, DossierEventData data) {
        em.createNativeQuery("INSERT INTO report_dossier (code, agency_code, channel, return_method, status, "
                + "received_at, due_at, finished_at, last_event_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                + "ON CONFLICT (code) DO UPDATE SET agency_code = EXCLUDED.agency_code, channel = EXCLUDED.channel, "
                + "return_method = EXCLUDED.return_method, status = EXCLUDED.status, received_at = "
                + "EXCLUDED.received_at, due_at = EXCLUDED.due_at, finished_at = EXCLUDED.finished_at, "
                + "last_event_time = EXCLUDED.last_event_time WHERE report_dossier.last_event_time <= "
                + "EXCLUDED.last_event_time")
                .setParameter(1, data.code()).setParameter(2, data.agencyCode())
                .setParameter(3, data.channel().name())
                .setParameter(4, data.returnMethod() == null ? null : data.returnMethod().name())
                .setParameter(5, data.status().name())
                .setParameter(6, data.submittedAt() != null ? data.submittedAt() : event.time())
                .setParameter(7, data.dueAt()).setParameter(8, data.finishedAt()).setParameter(9, event.time())
                .executeUpdate();
    }

    /** The result's journey by post, for the report: handed to VNPost, delivered, failed or returned. */
    private void resultDeliveryFacts(ShipmentEventData data) {
        if (data.direction() != Direction.OUTBOUND || data.dossierCode() == null || data.event() == null
                || data.event().canonicalState() == null) {
            return;
        }
        String column = switch (data.event().canonicalState()) {
            case ACCEPTED -> "posted_at";
            case DELIVERED -> "delivered_at";
            case DELIVERY_FAILED, RETURNING, RETURNED -> "failed_at";
            default -> null;
        };
        if (column != null) {
            em.createNativeQuery("INSERT INTO report_result_post (code, " + column + ") VALUES (?1, ?2) "
                    + "ON CONFLICT (code) DO UPDATE SET " + column + " = LEAST(coalesce(report_result_post." + column
                    + ", EXCLUDED." + column + "), EXCLUDED." + column + ")").setParameter(1, data.dossierCode())
                    .setParameter(2, data.event().occurredAt()).executeUpdate();
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
                : "Tiếp nhận hồ sơ " + data.procedureCode() + " qua kênh " + data.channel()
                        + (data.applicant() != null ? ", chủ hồ sơ " + Masking.name(data.applicant().name()) : "")
                        + ": " + status.vietnameseName();
        feed.append(OperatorFeed.Kind.DOSSIER_STATUS, data.code(), agencyCode, null, status.portalCode(),
                t != null ? t.at() : event.time(), summary);
    }

    private void addEntry(String sourceEventId, String dossierCode, String itemCode, Instant at, String handler,
            String title, String department, String content, Integer statusCode) {
        em.createNativeQuery("INSERT INTO progress_entry (source_event_id, dossier_code, item_code, at, handler, "
                + "title, department, content, status_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                + "ON CONFLICT (source_event_id) DO NOTHING")
                .setParameter(1, sourceEventId).setParameter(2, dossierCode).setParameter(3, itemCode)
                .setParameter(4, at).setParameter(5, Texts.truncate(handler, 50))
                .setParameter(6, Texts.truncate(title, 100))
                .setParameter(7, Texts.truncate(department, 200)).setParameter(8, Texts.truncate(content, 1000))
                .setParameter(9, statusCode).executeUpdate();
    }
}
