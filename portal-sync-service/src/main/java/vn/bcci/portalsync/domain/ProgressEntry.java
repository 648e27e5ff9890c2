package vn.bcci.portalsync.domain;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

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
}
