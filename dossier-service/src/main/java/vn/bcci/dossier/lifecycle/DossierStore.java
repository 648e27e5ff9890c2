package vn.bcci.dossier.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.support.http.KeysetCursor;
import vn.bcci.support.security.Caller;

/**
 * {@code GET /dossiers}: filters and keyset (cursor) paging on (creation time, code), so pages neither repeat nor skip
 * rows when dossiers are registered while a client pages. An agency sees only its own; operators all.
 */
@ApplicationScoped
public class DossierStore {
    private final Clock clock = Clock.systemUTC();

    public record Filter(DossierStatus status, Channel channel, ReturnMethod returnMethod, Boolean overdue,
            Instant receivedFrom, Instant receivedTo, String agency) {
    }

    public record Page(List<Dossier> items, String nextCursor) {
    }

    /**
     * The states whose deadline can no longer pass (docs/domain.md §6). Written as literals in the query, as in the
     * partial indexes {@code dossier_open_page} and {@code dossier_agency_open_page} (V7), so PostgreSQL uses them.
     */
    static final String CLOSED = "('REJECTED', 'WITHDRAWN', 'STOPPED', 'RESULT_READY', 'RESULT_RETURNED')";

    /**
     * A dossier's submission time is never later than its creation plus the clock skew the doors admit (a few
     * minutes: {@link Transitions#CLOCK_SKEW}, tracking.future-skew for VNPost's collections): a filter on the
     * submission time is bounded on the creation time too, with a generous margin, so the page index starts near the
     * period instead of at the agency's oldest row.
     */
    static final Duration SUBMITTED_AHEAD_OF_CREATION = Duration.ofDays(1);

    @Inject
    EntityManager em;

    @SuppressWarnings("unchecked")
    public Page list(Filter f, String cursor, int limit, Caller caller) {
        StringBuilder q = new StringBuilder("SELECT * FROM dossier WHERE TRUE");
        List<Object> p = new ArrayList<>();
        String agency = caller.scope(f.agency());
        if (agency != null) {
            p.add(agency);
            q.append(" AND agency_code = ?").append(p.size());
        }
        if (f.status() != null) {
            p.add(f.status().name());
            q.append(" AND status = ?").append(p.size());
        }
        if (f.channel() != null) {
            p.add(f.channel().name());
            q.append(" AND channel = ?").append(p.size());
        }
        if (f.returnMethod() != null) {
            p.add(f.returnMethod().name());
            q.append(" AND return_method = ?").append(p.size());
        }
        if (f.receivedFrom() != null) {
            p.add(f.receivedFrom());
            q.append(" AND submitted_at >= ?").append(p.size());
            p.add(f.receivedFrom().minus(SUBMITTED_AHEAD_OF_CREATION));
            q.append(" AND created_at >= ?").append(p.size());
        }
        if (f.receivedTo() != null) {
            p.add(f.receivedTo());
            q.append(" AND submitted_at < ?").append(p.size());
        }
        if (f.overdue() != null) {
            p.add(clock.instant());
            int now = p.size();
            q.append(f.overdue()
                    ? " AND status NOT IN " + CLOSED + " AND due_at < ?" + now + " AND clock_paused_at IS NULL"
                    : " AND NOT (status NOT IN " + CLOSED + " AND coalesce(due_at, ?" + now + ") < ?" + now
                            + " AND clock_paused_at IS NULL)");
        }
        // pages in the order of creation; the overdue list most overdue first, along its own index (V10): what is
        // overdue depends on the time, so no index holds it in creation order, and finding the overdue among the open
        // in that order walks every open dossier (hundreds of thousands at national volume)
        boolean byDue = Boolean.TRUE.equals(f.overdue());
        String order = byDue ? "due_at, code" : "created_at, code";
        // the columns a filter fixes, first in the order when a page index starts with them (V7, V10): the same order,
        // but the planner then walks that index instead of guessing from the filter's share of the table (a guess
        // that walks history when the rows it wants cluster at the far end, as after a burst of old open dossiers)
        String fixed = agency != null
                ? (f.status() != null && !byDue
                        ? "agency_code, status, "
                        : f.channel() != null && !byDue
                                ? "agency_code, channel, "
                                : "agency_code, ")
                : byDue ? "" : f.status() != null ? "status, " : f.channel() != null ? "channel, " : "";
        KeysetCursor after = KeysetCursor.decode(cursor);
        if (after != null) {
            p.add(after.at());
            p.add(after.id());
            q.append(" AND (").append(order).append(") > (?").append(p.size() - 1).append(", ?").append(p.size())
                    .append(")");
        }
        q.append(" ORDER BY ").append(fixed).append(order).append(" LIMIT ").append(limit + 1);
        Query query = em.createNativeQuery(q.toString(), Dossier.class);
        for (int i = 0; i < p.size(); i++) {
            query.setParameter(i + 1, p.get(i));
        }
        List<Dossier> rows = new ArrayList<>(query.getResultList());
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            Dossier last = rows.get(limit - 1);
            next = new KeysetCursor(byDue ? last.dueAt : last.createdAt, last.code).encode();
        }
        return new Page(rows, next);
    }
}
