package vn.bcci.portalsync.timeline;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** The console's dossier page's reads: a dossier by code or tracking number, its head, entries and feed lines. */
@ApplicationScoped
public class ConsoleTimelineStore {
    @Inject
    EntityManager em;

    /** The dossier a code or a tracking number (of either leg) names; at most one. */
    @SuppressWarnings("unchecked")
    List<String> codesOf(String codeOrTracking) {
        return em.createNativeQuery("SELECT code FROM portal_dossier WHERE code = ?1 UNION ALL "
                + "SELECT code FROM portal_dossier WHERE inbound_tracking_number = ?1 UNION ALL "
                + "SELECT dossier_code FROM progress_entry WHERE item_code = ?1 AND dossier_code IS NOT NULL UNION ALL "
                + "SELECT dossier_code FROM shipment_alert WHERE item_code = ?1 AND dossier_code IS NOT NULL LIMIT 1")
                .setParameter(1, codeOrTracking).getResultList();
    }

    /** code, agency, status, portal status, sync state, inbound item, received, due, finished, posted, delivered. */
    @SuppressWarnings("unchecked")
    List<Object[]> head(String code) {
        return em.createNativeQuery("SELECT d.code, d.agency_code, r.status, d.status_code, "
                + "d.sync_state, d.inbound_tracking_number, r.received_at, r.due_at, r.finished_at, m.posted_at, "
                + "m.delivered_at FROM portal_dossier d LEFT JOIN report_dossier r ON r.code = d.code LEFT JOIN "
                + "report_result_post m ON m.code = d.code WHERE d.code = ?1").setParameter(1, code).getResultList();
    }

    /** The dossier's progress entries in time order. */
    @SuppressWarnings("unchecked")
    List<Object[]> entries(String code) {
        return em.createNativeQuery("SELECT at, item_code, handler, title, department, content, "
                + "state, sent_at, last_answer, status_code FROM progress_entry WHERE dossier_code = ?1 ORDER BY at, id")
                .setParameter(1, code).getResultList();
    }

    /** The feed's lines of the dossier the page shows beside its entries. */
    @SuppressWarnings("unchecked")
    List<Object[]> feedLines(String code) {
        return em.createNativeQuery("SELECT at, kind, item_code, summary FROM feed_entry WHERE "
                + "dossier_code = ?1 AND kind IN ('SYNC_OUTCOME', 'SHIPMENT_FLAGGED', 'DOSSIER_DUE_SOON') ORDER BY id")
                .setParameter(1, code).getResultList();
    }
}
