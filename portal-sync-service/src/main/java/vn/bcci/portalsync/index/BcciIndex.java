package vn.bcci.portalsync.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import vn.bcci.portalsync.report.BcciReport;

/**
 * The BCCI implementation index (docs/domain.md §7, "The BCCI implementation index"): per unit of a level and period,
 * each criterion's share beside the previous period's, its score (the criterion's weight times its share) and the
 * total, ranked. Computed from the report's aggregates ({@link IndexStore}), never from the facts.
 */
@ApplicationScoped
public class BcciIndex {
    @Inject
    IndexStore store;
    @Inject
    IndexConfig config;

    /** A criterion's figure: {@code count} of {@code of}, the share, last period's share, and the score. */
    public record Measure(long count, long of, Double share, Double previousShare, Double score) {
    }

    public record Criteria(Measure offered, Measure intakeByPost, Measure returnByPost, Measure onTime,
            Measure firstAttemptDelivery, Measure transparency) {
        List<Measure> all() {
            return java.util.Arrays.asList(offered, intakeByPost, returnByPost, onTime, firstAttemptDelivery,
                    transparency);
        }
    }

    /**
     * Figures shown beside the criteria, not scored: dossiers received, BCCI dossiers received (by post or with the
     * result returned by post), every dossier's on-time share, results that failed or came back against those handed
     * to the post, and the p95 of the delay to the portal's first acknowledgement of BCCI dossiers (seconds).
     */
    public record Figures(long received, long bcciReceived, Double onTimeAll, long failedOrReturned, long handedToPost,
            Double syncDelayP95Seconds, Leg intakeLeg, Leg resultLeg) {
    }

    /**
     * A postal leg's time in working seconds (docs/domain.md §6), over the legs that ended in the period: the inbound
     * item from collection to the agency, the result from the post's counter to the citizen; from a histogram, each
     * quantile interpolated within its bucket ({@link #LEG_BOUNDS}); {@code null}s with no leg.
     */
    public record Leg(long legs, Double medianWorkingSeconds, Double p90WorkingSeconds) {
    }

    /** The legs' histogram buckets' bounds, working seconds (V19's report_leg_bucket). */
    static final double[] LEG_BOUNDS = {3600, 7200, 14400, 28800, 43200, 57600, 86400, 115200, 144000, 201600, 288000,
            432000, 576000};

    public record Unit(int rank, String unit, String kind, Double score, Double previousScore, Criteria criteria,
            Figures figures) {
    }

    /** The weights in force, by criterion, as the answer states them. */
    public record Weights(double offered, double intakeByPost, double returnByPost, double onTime,
            double firstAttemptDelivery, double transparency) {
        double[] values() {
            return new double[]{offered, intakeByPost, returnByPost, onTime, firstAttemptDelivery, transparency};
        }
    }

    public record Page(String period, String from, String to, String previousPeriod, Level level, Weights weights,
            long units, int offset, int limit, List<Unit> items) {
    }

    Weights weights() {
        IndexConfig.Weights w = config.weights();
        return new Weights(w.offered(), w.intakeByPost(), w.returnByPost(), w.onTime(), w.firstAttemptDelivery(),
                w.transparency());
    }

    /** The index of {@code period} per unit of {@code level} ({@code only}: one unit), ranked, a page of it. */
    public Page of(Period period, Level level, String only, int offset, int limit) {
        Period previous = period.previous();
        Map<String, Map<String, Long>> now = store.sums(level, only, period.from(), period.to());
        Map<String, Map<String, Long>> before = store.sums(level, only, previous.from(), previous.to());
        Map<String, long[]> catalogue = store.catalogue(level, only);
        if (level == Level.NATIONAL) {
            now.putIfAbsent("", Map.of());
        }
        List<Unit> ranked = rank(level, now, before, catalogue, weights());
        List<Unit> page = ranked.subList(Math.min(offset, ranked.size()), Math.min(offset + limit, ranked.size()));
        return new Page(period.name(), period.from().toString(), period.to().toString(), previous.name(), level,
                weights(), ranked.size(), offset, limit, page);
    }

    /** Every unit with figures in the period, the previous one or the catalogue, ranked by total score. */
    static List<Unit> rank(Level level, Map<String, Map<String, Long>> now, Map<String, Map<String, Long>> before,
            Map<String, long[]> catalogue, Weights weights) {
        Set<String> units = new HashSet<>(now.keySet());
        units.addAll(before.keySet());
        units.addAll(catalogue.keySet());
        List<Unit> unranked = new ArrayList<>();
        for (String unit : units) {
            Map<String, Long> n = now.getOrDefault(unit, Map.of());
            Map<String, Long> b = before.getOrDefault(unit, Map.of());
            long[] cat = catalogue.getOrDefault(unit, new long[2]);
            Criteria previous = criteria(b, cat, null, weights);
            Criteria withPrevious = criteria(n, cat, previous, weights);
            // no dossier figures in a period: no score for it (the catalogue alone would make one, and rank a unit
            // without a single dossier first)
            unranked.add(new Unit(0, unit, Level.kindOf(level, unit),
                    now.containsKey(unit) ? total(withPrevious, weights) : null,
                    before.containsKey(unit) ? total(previous, weights) : null, withPrevious, figures(n)));
        }
        unranked.sort(Comparator.comparing((Unit u) -> u.score() == null ? -1 : u.score()).reversed()
                .thenComparing(Unit::unit));
        List<Unit> ranked = new ArrayList<>();
        for (int i = 0; i < unranked.size(); i++) {
            Unit u = unranked.get(i);
            ranked.add(new Unit(i + 1, u.unit(), u.kind(), u.score(), u.previousScore(), u.criteria(), u.figures()));
        }
        return ranked;
    }

    private static long get(Map<String, Long> n, String metric) {
        return n.getOrDefault(metric, 0L);
    }

    private static Criteria criteria(Map<String, Long> n, long[] catalogue, Criteria previous, Weights weights) {
        double[] w = weights.values();
        long finished = get(n, "resolved.EARLY") + get(n, "resolved.ON_TIME") + get(n, "resolved.LATE")
                + get(n, "resolved.NONE");
        long bcciOnTime = get(n, "bcci.resolved.EARLY") + get(n, "bcci.resolved.ON_TIME");
        long bcciJudged = bcciOnTime + get(n, "bcci.resolved.LATE");
        List<Measure> p = previous == null ? null : previous.all();
        return new Criteria(
                measure(catalogue[1], catalogue[0], p == null ? null : p.get(0), w[0]),
                measure(get(n, "received.POSTAL"), get(n, "received"), p == null ? null : p.get(1), w[1]),
                measure(get(n, "to_post"), finished, p == null ? null : p.get(2), w[2]),
                measure(bcciOnTime, bcciJudged, p == null ? null : p.get(3), w[3]),
                measure(get(n, "delivered.first"), get(n, "delivered"), p == null ? null : p.get(4), w[4]),
                measure(get(n, "bcci.in_step"), get(n, "bcci.closed"), p == null ? null : p.get(5), w[5]));
    }

    private static Measure measure(long count, long of, Measure previous, double weight) {
        Double share = of == 0 ? null : round(Math.min(1.0, (double) count / of), 1000);
        return new Measure(count, of, share, previous == null ? null : previous.share(),
                share == null ? null : round(weight * share, 10));
    }

    /**
     * The total: the criteria's scores summed over those with figures, brought back to the sum of all weights (a unit
     * with no results by post yet is not marked down for it); {@code null} with no figures at all. A unit with no
     * dossier in the period gets none ({@link #rank}).
     */
    static Double total(Criteria c, Weights weights) {
        double[] w = weights.values();
        List<Measure> all = c.all();
        double sum = 0;
        double weighed = 0;
        double allWeights = 0;
        for (int i = 0; i < w.length; i++) {
            allWeights += w[i];
            if (all.get(i).share() != null) {
                sum += w[i] * all.get(i).share();
                weighed += w[i];
            }
        }
        return weighed == 0 ? null : round(sum * allWeights / weighed, 10);
    }

    private static Figures figures(Map<String, Long> n) {
        long judged = get(n, "resolved.EARLY") + get(n, "resolved.ON_TIME") + get(n, "resolved.LATE");
        long[] delays = new long[BcciReport.DELAY_BOUNDS.length + 1];
        n.forEach((metric, count) -> {
            if (metric.startsWith("bcci.delay.")) {
                int bucket = Integer.parseInt(metric.substring("bcci.delay.".length()));
                delays[Math.min(Math.max(bucket, 1), delays.length) - 1] += count;
            }
        });
        Double p95 = BcciReport.quantile(delays, 0.95);
        return new Figures(get(n, "received"), get(n, "bcci.received"),
                judged == 0
                        ? null
                        : round((double) (get(n, "resolved.EARLY") + get(n, "resolved.ON_TIME")) / judged,
                                1000),
                get(n, "failed"), get(n, "posted"), p95 == null ? null : round(p95, 10), leg(n, "leg.in."),
                leg(n, "leg.out."));
    }

    private static Leg leg(Map<String, Long> n, String prefix) {
        long[] histogram = new long[LEG_BOUNDS.length + 1];
        long legs = 0;
        for (Map.Entry<String, Long> e : n.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                int bucket = Integer.parseInt(e.getKey().substring(prefix.length()));
                histogram[Math.min(Math.max(bucket, 1), histogram.length) - 1] += e.getValue();
                legs += e.getValue();
            }
        }
        Double median = BcciReport.quantile(histogram, 0.5, LEG_BOUNDS);
        Double p90 = BcciReport.quantile(histogram, 0.9, LEG_BOUNDS);
        return new Leg(legs, median == null ? null : (double) Math.round(median),
                p90 == null ? null : (double) Math.round(p90));
    }

    private static double round(double v, int per) {
        return Math.round(v * per) / (double) per;
    }
}
