package vn.bcci.portalsync.service;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.Direction;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.portalsync.domain.PortalDossier;
import vn.bcci.portalsync.domain.PortalRecord;
import vn.bcci.portalsync.domain.PostalMilestones;
import vn.bcci.portalsync.domain.Procedure;
import vn.bcci.support.Masking;
import vn.bcci.support.Texts;

/**
 * Builds what the portal must show from both event streams: the dossier record (latest event time wins, so a status
 * never goes backwards) and the progress entries, one per real-world step.
 */
@ApplicationScoped
public class ProjectionService {
    private static final TypeReference<Map<String, String>> RECORD = new TypeReference<>() {
    };

    private final EntityManager em;
    private final ObjectMapper json;
    private final OperatorFeed feed;

    public ProjectionService(EntityManager em, ObjectMapper json, OperatorFeed feed) {
        this.em = em;
        this.json = json;
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

    /**
     * Serialises, per inbound item, a dossier's arrival with its postal steps that name no dossier yet: without it a
     * step stored as waiting (no dossier seen) while the dossier's transaction, not seeing that step, adopts the
     * waiting ones, stays waiting for ever and never reaches the portal (found by the outage test: VNPost's events
     * for an item reached us before its dossier's registration, both in flight together). Transaction-scoped advisory
     * locks, taken after the dossier row locks and in item order, by both consumers.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockItems(java.util.Collection<String> itemCodes) {
        java.util.List<String> sorted = itemCodes.stream().filter(java.util.Objects::nonNull).distinct().sorted()
                .toList();
        for (String item : sorted) {
            em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))").setParameter(1, "inbound-item:" + item)
                    .getSingleResult();
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void onDossierEvent(CloudEvent event, DossierEventData data) {
        Procedure procedure = Procedure.findById(data.procedureCode());
        String record = EventJson.write(PortalRecord.of(data, procedure));
        Instant now = Instant.now();
        PortalDossier d = PortalDossier.lock(data.code());
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
            em.flush();
            adoptWaitingEntries(d);
        } else if (!event.time().isBefore(d.lastEventTime)) {
            d.lastEventTime = event.time();
            d.inboundTrackingNumber = data.inboundTrackingNumber();
            d.changed(record, data.status().portalCode(), now);
        }
        feedStatus(event, data, d.agencyCode);
        reportFacts(event, data);
        // a move VNPost made (the result delivered) is already the postal milestone's entry: one entry per step
        if (data.transition() != null && (data.transition().handler() == null
                || !data.transition().handler().isVnpost())) {
            DossierEventData.Transition t = data.transition();
            DossierEventData.Handler h = t.handler();
            String content = t.note() != null && !t.note().isBlank()
                    ? t.note()
                    : "Chuyển trạng thái hồ sơ: " + t.to().vietnameseName();
            addEntry(event.id(), d.code, null, t.at(), h == null ? "Cán bộ một cửa" : h.name(),
                    h == null ? null : h.title(), h == null ? null : h.department(), content, t.to().portalCode());
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void onShipmentEvent(CloudEvent event, ShipmentEventData data) {
        resultDeliveryFacts(data);
        Optional<String> milestone = PostalMilestones.describe(data);
        if (milestone.isEmpty()) {
            return;
        }
        PortalDossier d = data.dossierCode() != null
                ? PortalDossier.lock(data.dossierCode())
                : PortalDossier.byInboundTrackingNumber(data.itemCode());
        addEntry(event.id(), d == null ? data.dossierCode() : d.code, data.itemCode(), data.event().occurredAt(),
                PostalMilestones.handler(data), null, null, milestone.get(), d == null ? null : d.statusCode);
        feed.append(OperatorFeed.Kind.POSTAL_MILESTONE, d == null ? data.dossierCode() : d.code,
                d == null ? data.agencyCode() : d.agencyCode, data.itemCode(), d == null ? null : d.statusCode,
                data.event().occurredAt(), milestone.get());
        if (d != null && PostalMilestones.returnsTheResult(data)
                && d.statusCode == DossierStatus.RESULT_READY.portalCode()) {
            Map<String, String> record = readRecord(d.record);
            record.put("TrangThaiHoSo", Integer.toString(DossierStatus.RESULT_RETURNED.portalCode()));
            record.put("NgayTra", PortalRecord.time(data.event().occurredAt()));
            d.changed(EventJson.write(record), DossierStatus.RESULT_RETURNED.portalCode(), Instant.now());
        }
    }

    /** What the BCCI report counts of the dossier (domain.md §7): its latest facts, the newest event winning. */
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

    /** Postal steps that arrived before the dossier did, found by its inbound tracking number. */
    private void adoptWaitingEntries(PortalDossier d) {
        if (d.inboundTrackingNumber == null) {
            return;
        }
        em.createNativeQuery("UPDATE progress_entry SET dossier_code = ?1, status_code = coalesce(status_code, ?2) "
                + "WHERE dossier_code IS NULL AND item_code = ?3")
                .setParameter(1, d.code).setParameter(2, d.statusCode).setParameter(3, d.inboundTrackingNumber)
                .executeUpdate();
    }

    private Map<String, String> readRecord(String record) {
        try {
            return json.readValue(record, RECORD);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored portal record is unreadable", e);
        }
    }

}
