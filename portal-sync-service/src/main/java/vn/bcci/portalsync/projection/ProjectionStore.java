package vn.bcci.portalsync.projection;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import vn.bcci.support.text.Texts;

/** The projection's own statement: the progress entries it adds to the portal's view of a dossier. */
@ApplicationScoped
public class ProjectionStore {
    @Inject
    EntityManager em;

    /**
     * Adds the entry of one real-world step, once: the event it comes from is its identity, so a redelivered event adds
     * nothing. Texts are cut to the portal's field lengths.
     */
    public void addEntryOnce(String sourceEventId, String dossierCode, String itemCode, Instant at, String handler,
            String title, String department, String content, Integer statusCode, String traceparent) {
        em.createNativeQuery("INSERT INTO progress_entry (source_event_id, dossier_code, item_code, at, handler, "
                + "title, department, content, status_code, traceparent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                + "?10) ON CONFLICT (source_event_id) DO NOTHING")
                .setParameter(1, sourceEventId).setParameter(2, dossierCode).setParameter(3, itemCode)
                .setParameter(4, at).setParameter(5, Texts.truncate(handler, 50))
                .setParameter(6, Texts.truncate(title, 100))
                .setParameter(7, Texts.truncate(department, 200)).setParameter(8, Texts.truncate(content, 1000))
                .setParameter(9, statusCode).setParameter(10, traceparent).executeUpdate();
    }
}
