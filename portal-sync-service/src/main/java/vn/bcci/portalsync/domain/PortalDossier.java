package vn.bcci.portalsync.domain;

import java.time.Instant;

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

    public static PortalDossier lock(String code) {
        return findById(code, LockModeType.PESSIMISTIC_WRITE);
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
