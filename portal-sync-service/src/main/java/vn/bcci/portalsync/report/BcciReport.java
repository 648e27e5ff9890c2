package vn.bcci.portalsync.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import vn.bcci.contracts.Timeliness;
import vn.bcci.contracts.VietnamTime;

/**
 * The figures of docs/domain.md §7 for a period {@code [from, to)}, per agency and in total:
 * <ul>
 * <li>received: dossiers received in the period, by channel (online, in person, via BCCI);</li>
 * <li>resolved: results released in the period, early / on time / late ({@link Timeliness}), and the on-time rate
 * (early + on time) / resolved;</li>
 * <li>in progress at the end of the period (or now), within deadline or overdue (a supplement request stops the
 * clock);</li>
 * <li>results by post: released in the period to be returned by post, handed to VNPost, delivered, failed or returned
 * in the period;</li>
 * <li>synchronisation: dossiers received in the period (all must reach the portal), those the portal acknowledged,
 * the coverage, and the p50/p95 delay from portal-sync learning of a dossier to the portal's first
 * acknowledgement.</li>
 * </ul>
 */
@ApplicationScoped
public class BcciReport {
    @Inject
    ReportStore store;

    public record Received(long total, long online, long inPerson, long postal) {
    }

    public record Resolved(long total, long early, long onTime, long late, Double onTimeRate) {
    }

    public record InProgress(long withinDeadline, long overdue) {
    }

    public record ResultsByPost(long toReturnByPost, long handedToPost, long delivered, long failedOrReturned) {
    }

    public record Sync(long mustSync, long synced, Double coverage, Double delayP50Seconds, Double delayP95Seconds) {
    }

    public record Figures(String agencyCode, Received received, Resolved resolved, InProgress inProgress,
            ResultsByPost resultsByPost, Sync sync) {
    }

    /**
     * docs/domain.md §6 in SQL, on {@code report_dossier r}: the dossier's deadline clock runs (not refused, withdrawn or
     * stopped, and no supplement request pending, which stops it). Overdue = running and past {@code r.due_at}; the
     * report and the console's alerts both use it.
     */
    public static final String CLOCK_RUNNING = "r.status NOT IN ('REJECTED', 'WITHDRAWN', 'STOPPED', "
            + "'SUPPLEMENT_REQUESTED')";

    public record Report(Instant from, Instant to, List<Figures> agencies, Figures total) {
    }

    /**
     * The synchronisation delay's histogram: a delay is counted in the first bucket whose bound (seconds) it does not
     * exceed, the last bucket beyond them all (V12's report_delay_bucket, which numbers them from 1).
     */
    public static final double[] DELAY_BOUNDS = {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800,
            3600,
            7200, 14400, 28800, 86400, 172800, 604800};

    /** Which figure each aggregate metric adds to ({@code n[]} of {@link #figures}). */
    static final Map<String, Integer> METRICS = Map.ofEntries(Map.entry("received", 0),
            Map.entry("received.ONLINE", 1), Map.entry("received.IN_PERSON", 2), Map.entry("received.POSTAL", 3),
            Map.entry("to_post", 6), Map.entry("posted", 7), Map.entry("delivered", 8), Map.entry("failed", 9),
            Map.entry("synced", 10), Map.entry("resolved.EARLY", 12), Map.entry("resolved.ON_TIME", 13),
            Map.entry("resolved.LATE", 14), Map.entry("resolved.NONE", 15));

    /**
     * The report; {@code agency} {@code null} for every agency. Counted by Vietnam calendar day from the aggregates
     * (V12): the days from {@code from}'s to {@code to}'s ({@code to} excluded when it is a day's start, as a month's
     * end is), whole months from the monthly aggregates; in progress at {@code to} when it is past (at the start of
     * the first day from it on), from the open dossiers themselves when it is now.
     */
    public Report of(String agency, Instant from, Instant to, Instant now) {
        LocalDate d0 = day(from);
        LocalDate dEnd = day(to.minusNanos(1)).plusDays(1);
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, long[]> delays = new TreeMap<>();
        store.read(agency, d0, dEnd, to.isBefore(now), now, counts, delays);
        List<Figures> agencies = new ArrayList<>();
        long[] total = new long[16];
        long[] totalDelays = new long[DELAY_BOUNDS.length + 1];
        counts.forEach((code, n) -> {
            long[] h = delays.get(code);
            agencies.add(figures(code, n, h));
            for (int i = 0; i < n.length; i++) {
                total[i] += n[i];
            }
            for (int i = 0; h != null && i < h.length; i++) {
                totalDelays[i] += h[i];
            }
        });
        return new Report(from, to, agencies, figures(null, total, totalDelays));
    }

    private static LocalDate day(Instant t) {
        return t.atZone(VietnamTime.ZONE).toLocalDate();
    }

    /** The delay at quantile {@code q} of a histogram, interpolated within its bucket; {@code null} for none. */
    public static Double quantile(long[] histogram, double q) {
        return quantile(histogram, q, DELAY_BOUNDS);
    }

    /**
     * The value at quantile {@code q} of a histogram whose buckets end at {@code bounds} (the last beyond them all),
     * interpolated within its bucket; {@code null} for none.
     */
    public static Double quantile(long[] histogram, double q, double[] bounds) {
        long total = 0;
        for (long n : histogram) {
            total += n;
        }
        if (total == 0) {
            return null;
        }
        double target = q * total;
        long before = 0;
        for (int b = 0; b < histogram.length; b++) {
            if (histogram[b] > 0 && before + histogram[b] >= target) {
                double lower = b == 0 ? 0 : bounds[b - 1];
                double upper = b < bounds.length ? bounds[b] : lower * 2;
                return lower + (upper - lower) * Math.max(0, target - before) / histogram[b];
            }
            before += histogram[b];
        }
        return bounds[bounds.length - 1];
    }

    private static Figures figures(String agency, long[] n, long[] delayHistogram) {
        Double[] delay = delayHistogram == null
                ? null
                : new Double[]{quantile(delayHistogram, 0.5), quantile(delayHistogram, 0.95)};
        if (delay != null && delay[0] == null) {
            delay = null;
        }
        long resolved = n[12] + n[13] + n[14];
        long received = n[0];
        return new Figures(agency,
                new Received(received, n[1], n[2], n[3]),
                new Resolved(resolved, n[12], n[13], n[14],
                        resolved == 0 ? null : round((double) (n[12] + n[13]) / resolved)),
                new InProgress(n[4], n[5]),
                new ResultsByPost(n[6], n[7], n[8], n[9]),
                new Sync(received, n[10], received == 0 ? null : round((double) n[10] / received),
                        delay == null ? null : round(delay[0]), delay == null ? null : round(delay[1])));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
