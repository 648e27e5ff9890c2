package vn.bcci.portalsync.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * What we owe the portal for one dossier: the record at its latest revision, and what the portal acknowledged.
 * {@code revision > ackedRevision} means an update is owed; several changes waiting become one update.
 */
@Entity
public class PortalDossier extends PanacheEntityBase {
    public enum SyncState {
        PENDING,
        SYNCED,
        PARKED
    }

    @Id
    public String code;
    public String agencyCode;
    public String inboundTrackingNumber;
    @JdbcTypeCode(SqlTypes.JSON)
    public String record;
    public int statusCode;
    public Instant lastEventTime;
    public long revision;
    public long ackedRevision;
    public boolean portalHolds;
    @Enumerated(EnumType.STRING)
    public SyncState syncState;
    public int attempts;
    public Instant nextAttemptAt;
    public Instant leaseUntil;
    public String lastAnswer;
    public Instant changedAt;
    public Instant syncedAt;
    /** The trace context of the change that made its record owed: the portal call continues its trace. */
    public String traceparent;

    public static PortalDossier lock(String code) {
        return findById(code, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Locks the dossiers a batch touches, in code order, before it touches any, and loads them in the same statement:
     * whoever else locks several (the other consumer, the sync worker applying an answer) takes them in the same order,
     * so none waits on another in a circle. Every code given is a key of the answer; its value is {@code null} when
     * there is no such dossier yet (a batch that creates one puts it in).
     */
    public static Map<String, PortalDossier> lockAll(Collection<String> codes) {
        List<String> sorted = codes.stream().filter(Objects::nonNull).distinct().sorted().toList();
        Map<String, PortalDossier> locked = new HashMap<>();
        sorted.forEach(code -> locked.put(code, null));
        if (!sorted.isEmpty()) {
            getEntityManager().createQuery("FROM PortalDossier WHERE code IN ?1 ORDER BY code", PortalDossier.class)
                    .setParameter(1, sorted).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList()
                    .forEach(d -> locked.put(d.code, d));
        }
        return locked;
    }

    /** Marks a newer record as owed; a parked dossier is retried by a newer event. */
    public void changed(String newRecord, int newStatus, Instant now) {
        record = newRecord;
        statusCode = newStatus;
        revision++;
        changedAt = now;
        syncState = SyncState.PENDING;
    }
}
