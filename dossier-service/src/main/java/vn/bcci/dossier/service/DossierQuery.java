package vn.bcci.dossier.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.dossier.domain.Dossier;
import vn.bcci.support.Caller;
import vn.bcci.support.KeysetCursor;

/**
 * {@code GET /dossiers}: filters and keyset (cursor) paging on (creation time, code), so pages neither repeat nor skip
 * rows when dossiers are registered while a client pages. An agency sees only its own; operators all.
 */
@ApplicationScoped
public class DossierQuery {
    private final Clock clock = Clock.systemUTC();

    public record Filter(DossierStatus status, Channel channel, ReturnMethod returnMethod, Boolean overdue,
            Instant receivedFrom, Instant receivedTo, String agency) {
    }

    public record Page(List<Dossier> items, String nextCursor) {
    }

    public Page list(Filter f, String cursor, int limit, Caller caller) {
        StringBuilder q = new StringBuilder("1 = 1");
        Map<String, Object> p = new HashMap<>();
        String agency = caller.scope(f.agency());
        if (agency != null) {
            q.append(" and agencyCode = :agency");
            p.put("agency", agency);
        }
        if (f.status() != null) {
            q.append(" and status = :status");
            p.put("status", f.status());
        }
        if (f.channel() != null) {
            q.append(" and channel = :channel");
            p.put("channel", f.channel());
        }
        if (f.returnMethod() != null) {
            q.append(" and returnMethod = :returnMethod");
            p.put("returnMethod", f.returnMethod());
        }
        if (f.receivedFrom() != null) {
            q.append(" and submittedAt >= :from");
            p.put("from", f.receivedFrom());
        }
        if (f.receivedTo() != null) {
            q.append(" and submittedAt < :to");
            p.put("to", f.receivedTo());
        }
        if (f.overdue() != null) {
            String overdue = "(dueAt < :now and clockPausedAt is null and status not in :closed)";
            q.append(f.overdue()
                    ? " and " + overdue
                    : " and not " + overdue.replace("dueAt <", "coalesce(dueAt, :now) <"));
            p.put("now", clock.instant());
            p.put("closed", List.of(DossierStatus.REJECTED, DossierStatus.WITHDRAWN, DossierStatus.STOPPED,
                    DossierStatus.RESULT_READY, DossierStatus.RESULT_RETURNED));
        }
        KeysetCursor after = KeysetCursor.decode(cursor);
        if (after != null) {
            q.append(" and (createdAt > :cAt or (createdAt = :cAt and code > :cCode))");
            p.put("cAt", after.at());
            p.put("cCode", after.id());
        }
        q.append(" order by createdAt, code");
        List<Dossier> rows = new ArrayList<>(Dossier.<Dossier>find(q.toString(), p).page(0, limit + 1).list());
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            Dossier last = rows.get(limit - 1);
            next = new KeysetCursor(last.createdAt, last.code).encode();
        }
        return new Page(rows, next);
    }
}
