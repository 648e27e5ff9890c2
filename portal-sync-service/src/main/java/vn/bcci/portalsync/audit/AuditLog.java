package vn.bcci.portalsync.audit;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

    @Inject
    AuditStore store;
    @Inject
    Caller caller;

    /** Records the caller's action in the transaction that carries it out. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Action action, String target, String agencyCode, String detail) {
        store.insert(caller.name(), action.name(), target, agencyCode,
                detail == null || detail.length() <= 500 ? detail : detail.substring(0, 500));
    }

    /** The newest first, at most {@code limit}, before id {@code before} when given. */
    @Transactional
    public List<Entry> recent(int limit, Long before) {
        List<Object[]> rows = store.recent(limit, before == null ? Long.MAX_VALUE : before);
        return rows.stream().map(r -> new Entry(((Number) r[0]).longValue(), SqlValues.instant(r[1]), (String) r[2],
                Action.valueOf((String) r[3]), (String) r[4], (String) r[5], (String) r[6])).toList();
    }
}
