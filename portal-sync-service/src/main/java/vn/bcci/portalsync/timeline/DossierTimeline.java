package vn.bcci.portalsync.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import vn.bcci.contracts.calendar.WorkingCalendar;
import vn.bcci.support.sql.SqlValues;

/**
 * One dossier as the console shows it, from what portal-sync holds: its status and dates, every step (status changes
 * with their handlers, postal steps of both legs with their post offices) with how its delivery to the portal went,
 * the record's deliveries and the alerts raised (from the feed), and the deadline clock split into the agency's time
 * and the post's (docs/domain.md §6: postal transit does not count).
 */
@ApplicationScoped
public class DossierTimeline {
    /** A line of the timeline; {@code delivery} is the portal's side: PENDING, IN_DOUBT, SENT, or the feed's kind. */
    public record Line(Instant at, String kind, String itemCode, String handler, String title, String department,
            String text, String delivery, Instant deliveredAt, String answer) {
    }

    /**
     * The clock: the agency's time from receipt to result (or now), the inbound and outbound legs' time at VNPost, in
     * seconds, each also in working time (the office hours of working days, {@link WorkingCalendar#workingSeconds}, as
     * the deadlines count; a working day is {@link WorkingCalendar#WORKING_DAY_SECONDS}); null where the leg did not
     * happen (yet).
     */
    public record Clock(Long agencySeconds, Long inboundPostSeconds, Long outboundPostSeconds,
            Long agencyWorkingSeconds, Long inboundPostWorkingSeconds, Long outboundPostWorkingSeconds) {
    }

    public record View(String dossierCode, String agencyCode, String status, Integer portalStatus, String syncState,
            String inboundTrackingNumber, Instant receivedAt, Instant dueAt, Instant finishedAt, Clock clock,
            List<Line> lines) {
    }

    @Inject
    ConsoleTimelineStore store;
    @Inject
    WorkingCalendar calendar;

    /** The dossier a code or tracking number (either leg) names, if portal-sync knows it. */
    @Transactional
    public Optional<String> resolve(String codeOrTracking) {
        List<String> found = store.codesOf(codeOrTracking);
        return found.stream().findFirst();
    }

    @Transactional
    public Optional<View> of(String code, Instant now) {
        List<Object[]> head = store.head(code);
        if (head.isEmpty()) {
            return Optional.empty();
        }
        Object[] h = head.get(0);
        String inbound = (String) h[5];
        List<Line> lines = new ArrayList<>();
        List<Object[]> entries = store.entries(code);
        Instant firstInbound = null;
        Instant lastInbound = null;
        for (Object[] e : entries) {
            Instant at = SqlValues.instant(e[0]);
            String item = (String) e[1];
            if (item != null && item.equals(inbound)) {
                firstInbound = firstInbound == null ? at : firstInbound;
                lastInbound = at;
            }
            lines.add(new Line(at, item == null ? "STATUS" : "POSTAL", item, (String) e[2], (String) e[3],
                    (String) e[4], (String) e[5], (String) e[6], SqlValues.instant(e[7]), (String) e[8]));
        }
        List<Object[]> feed = store.feedLines(code);
        for (Object[] f : feed) {
            lines.add(new Line(SqlValues.instant(f[0]), (String) f[1], (String) f[2], null, null, null, (String) f[3],
                    null, null, null));
        }
        lines.sort(Comparator.comparing(Line::at));
        Instant received = SqlValues.instant(h[6]);
        Instant finished = SqlValues.instant(h[8]);
        Instant posted = SqlValues.instant(h[9]);
        Instant delivered = SqlValues.instant(h[10]);
        Instant agencyUntil = finished != null ? finished : now;
        Instant outboundUntil = delivered != null ? delivered : now;
        Clock clock = new Clock(received == null ? null : seconds(received, agencyUntil),
                firstInbound == null ? null : seconds(firstInbound, lastInbound),
                posted == null ? null : seconds(posted, outboundUntil),
                received == null ? null : calendar.workingSeconds(received, agencyUntil),
                firstInbound == null ? null : calendar.workingSeconds(firstInbound, lastInbound),
                posted == null ? null : calendar.workingSeconds(posted, outboundUntil));
        return Optional.of(new View((String) h[0], (String) h[1], (String) h[2], ((Number) h[3]).intValue(),
                (String) h[4], inbound, received, SqlValues.instant(h[7]), finished, clock, lines));
    }

    private static long seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).getSeconds());
    }
}
