package vn.bcci.portalsync.audit;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import vn.bcci.support.security.Caller;
import vn.bcci.support.sql.SqlValues;

/**
 * Who did what, in the transaction of the doing: an operator's resend of a parked dossier, a reconciliation started,
 * a webhook subscription re-enabled ({@code operator_action}). Read by operators at {@code GET /api/v1/audit}.
 */
@ApplicationScoped
public class AuditLog {
    public enum Action {
        RESEND_DOSSIER,
        START_RECONCILIATION,
        RECOVER_WEBHOOK,
        /** The retention job erased an ended dossier's personal data (docs/domain.md §8); the actor is "retention". */
        ERASE_PERSONAL_DATA
    }

    public record Entry(long id, Instant at, String actor, Action action, String target, String agencyCode,
            String detail) {
    }

    private final EntityManager em;
    private final Caller caller;

    public AuditLog(EntityManager em, Caller caller) {
        this.em = em;
        this.caller = caller;
    }

    /** Records the caller's action in the transaction that carries it out. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Action action, String target, String agencyCode, String detail) {
        em.createNativeQuery("INSERT INTO operator_action (actor, action, target, agency_code, detail) VALUES (?1, ?2, "
                + "?3, ?4, ?5)").setParameter(1, caller.name()).setParameter(2, action.name())
                .setParameter(3, target).setParameter(4, agencyCode)
                .setParameter(5, detail == null || detail.length() <= 500 ? detail : detail.substring(0, 500))
                .executeUpdate();
    }

    /** The newest first, at most {@code limit}, before id {@code before} when given. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Entry> recent(int limit, Long before) {
        List<Object[]> rows = em.createNativeQuery("SELECT id, at, actor, action, target, agency_code, detail FROM "
                + "operator_action WHERE id < ?1 ORDER BY id DESC LIMIT ?2")
                .setParameter(1, before == null ? Long.MAX_VALUE : before).setParameter(2, limit).getResultList();
        return rows.stream().map(r -> new Entry(((Number) r[0]).longValue(), SqlValues.instant(r[1]), (String) r[2],
                Action.valueOf((String) r[3]), (String) r[4], (String) r[5], (String) r[6])).toList();
    }
}
