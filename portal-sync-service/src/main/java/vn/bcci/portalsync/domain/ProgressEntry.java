package vn.bcci.portalsync.domain;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import vn.bcci.support.text.Texts;

/**
 * One progress entry owed to the portal (CapNhatTienDoHoSoMC), sent exactly once. {@code IN_DOUBT} means a send was
 * attempted and its answer lost: before sending again, the portal is asked what it holds.
 */
@Entity
public class ProgressEntry extends PanacheEntityBase {
    public enum State {
        PENDING,
        IN_DOUBT,
        SENT,
        REFUSED,
        /** Owed, but its dossier is parked: it goes when the dossier leaves PARKED (V13's triggers keep this). */
        HELD
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String sourceEventId;
    public String dossierCode;
    public String itemCode;
    public Instant at;
    public String handler;
    public String title;
    public String department;
    public String content;
    public Integer statusCode;
    @Enumerated(EnumType.STRING)
    public State state;
    public Instant sentAt;
    public String lastAnswer;
    /** The trace context of the change that made it owed: the portal call continues its trace. */
    public String traceparent;

    /**
     * Adds the entry of one real-world step, once: the event it comes from is its identity, so a redelivered event adds
     * nothing. Texts are cut to the portal's field lengths.
     */
    public static void addOnce(String sourceEventId, String dossierCode, String itemCode, Instant at, String handler,
            String title, String department, String content, Integer statusCode, String traceparent) {
        getEntityManager().createNativeQuery("INSERT INTO progress_entry (source_event_id, dossier_code, item_code, "
                + "at, handler, title, department, content, status_code, traceparent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                + "?7, ?8, ?9, ?10) ON CONFLICT (source_event_id) DO NOTHING")
                .setParameter(1, sourceEventId).setParameter(2, dossierCode).setParameter(3, itemCode)
                .setParameter(4, at).setParameter(5, Texts.truncate(handler, 50))
                .setParameter(6, Texts.truncate(title, 100))
                .setParameter(7, Texts.truncate(department, 200)).setParameter(8, Texts.truncate(content, 1000))
                .setParameter(9, statusCode).setParameter(10, traceparent).executeUpdate();
    }
}
