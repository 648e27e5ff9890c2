package vn.bcci.dossier.service;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.dossier.domain.Dossier;
import vn.bcci.support.Caller;
import vn.bcci.support.ProblemException;

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
        if (limit < 1 || limit > 500) {
            throw ProblemException.invalid("limit", "must be 1 to 500");
        }
        StringBuilder q = new StringBuilder("1 = 1");
        Map<String, Object> p = new HashMap<>();
        String agency = caller.seesEverything() ? f.agency() : caller.agency();
        if (!caller.seesEverything() && f.agency() != null && !f.agency().equals(agency)) {
            throw ProblemException.forbidden("an agency may list only its own dossiers");
        }
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
        if (cursor != null && !cursor.isBlank()) {
            String[] key = decode(cursor);
            q.append(" and (createdAt > :cAt or (createdAt = :cAt and code > :cCode))");
            p.put("cAt", Instant.parse(key[0]));
            p.put("cCode", key[1]);
        }
        q.append(" order by createdAt, code");
        List<Dossier> rows = new ArrayList<>(Dossier.<Dossier>find(q.toString(), p).page(0, limit + 1).list());
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            Dossier last = rows.get(limit - 1);
            next = encode(last.createdAt, last.code);
        }
        return new Page(rows, next);
    }

    static String encode(Instant at, String code) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((at + "|" + code).getBytes(StandardCharsets.UTF_8));
    }

    static String[] decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
            Instant.parse(parts[0]);
            if (parts.length != 2) {
                throw new IllegalArgumentException();
            }
            return parts;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API returned");
        }
    }
}
