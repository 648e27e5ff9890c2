package vn.bcci.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The read-path stage of SystemBench (issue 25): every read agencies, VNPost and operators make, each list with each
 * filter, single-dossier pages, lookups by tracking number, sync views, the feed, the BCCI report and the alerts, each
 * called {@code calls} times, in rounds that call every read once (after as many rounds untimed); its answer time in
 * milliseconds, p50, p95 and max. Run on the empty system and again with history loaded, the report puts the two side
 * by side.
 */
final class ReadPaths {
    private final Bench bench;
    private final Function<String, String> token;
    private final Function<String, String> base;
    private final String postgres;

    /**
     * {@code base}: the base URL of a service by name (dossier-service, postal-tracking-service,
     * portal-sync-service); {@code postgres}: {@code host:port} of the databases, where a sample dossier is picked.
     */
    ReadPaths(Bench bench, Function<String, String> token, Function<String, String> base, String postgres) {
        this.bench = bench;
        this.token = token;
        this.base = base;
        this.postgres = postgres;
    }

    /** The agency of the coordinator's token the agency's reads are made with ({@code agency-h22}). */
    private static final String AGENCY = "000.00.01.H22";

    /** One read as it is timed: its answer times (µs) and the HTTP statuses it was answered. */
    private record Timed(String name, String url, String bearer, List<Long> micros, Map<Integer, Integer> statuses) {
    }

    /** Each read's figures, by name: calls, p50, p95, max (ms), and the HTTP statuses seen. */
    Map<String, Map<String, Object>> run(int calls) throws Exception {
        String[] sample;
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + postgres + "/dossier", "postgres",
                "postgres");
                Statement st = c.createStatement()) {
            // what the stages before wrote (the write stages, or the history's load) written out before either stage
            st.execute("CHECKPOINT");
            sample = sample(st);
        }
        String code = sample[0];
        String item = sample[1];
        Instant now = Instant.now();
        String month = LocalDate.now(ZoneOffset.ofHours(7)).withDayOfMonth(1).atStartOfDay()
                .toInstant(ZoneOffset.ofHours(7)).toString();
        String lastMonth = now.minus(30, ChronoUnit.DAYS).toString();
        String sixMonths = now.minus(183, ChronoUnit.DAYS).toString();
        Map<String, String[]> reads = new LinkedHashMap<>();
        String d = "dossier-service";
        String p = "postal-tracking-service";
        String s = "portal-sync-service";
        reads.put("dossier list, operator, all", new String[]{"operator", d, "/api/v1/dossiers"});
        reads.put("dossier list, operator, overdue", new String[]{"operator", d, "/api/v1/dossiers?overdue=true"});
        reads.put("dossier list, operator, status", new String[]{"operator", d,
                "/api/v1/dossiers?status=IN_PROGRESS"});
        reads.put("dossier list, operator, postal channel", new String[]{"operator", d,
                "/api/v1/dossiers?channel=POSTAL"});
        reads.put("dossier list, agency, all", new String[]{"agency-h22", d, "/api/v1/dossiers"});
        reads.put("dossier list, agency, status", new String[]{"agency-h22", d,
                "/api/v1/dossiers?status=RESULT_RETURNED"});
        reads.put("dossier list, agency, overdue", new String[]{"agency-h22", d, "/api/v1/dossiers?overdue=true"});
        reads.put("dossier list, agency, last 30 days", new String[]{"agency-h22", d,
                "/api/v1/dossiers?receivedFrom=" + lastMonth});
        reads.put("dossier list, agency, from 6 months back", new String[]{"agency-h22", d,
                "/api/v1/dossiers?receivedFrom=" + sixMonths});
        reads.put("dossier page", new String[]{"operator", d, "/api/v1/dossiers/" + code});
        reads.put("dossier timeline", new String[]{"operator", d, "/api/v1/dossiers/" + code + "/timeline"});
        reads.put("shipments, operator, stalled", new String[]{"operator", p, "/api/v1/shipments?stalled=true"});
        reads.put("shipments, operator, overdue", new String[]{"operator", p, "/api/v1/shipments?overdue=true"});
        reads.put("shipments, VNPost, in transit", new String[]{"vnpost", p, "/api/v1/shipments?state=IN_TRANSIT"});
        reads.put("shipments, agency, all", new String[]{"agency-h22", p, "/api/v1/shipments"});
        reads.put("shipments of a dossier", new String[]{"operator", p, "/api/v1/shipments?dossierCode=" + code});
        reads.put("shipment by tracking number", new String[]{"vnpost", p, "/api/v1/shipments/" + item});
        reads.put("sync list, SYNCED", new String[]{"operator", s, "/api/v1/sync?state=SYNCED"});
        reads.put("sync list, PARKED", new String[]{"operator", s, "/api/v1/sync?state=PARKED"});
        reads.put("sync view, operator", new String[]{"operator", s, "/api/v1/sync/" + code});
        reads.put("sync view, agency", new String[]{"agency-h22", s, "/api/v1/sync/" + code});
        reads.put("console dossier page", new String[]{"operator", s, "/api/v1/timeline/" + code});
        reads.put("console lookup by tracking number", new String[]{"operator", s, "/api/v1/timeline/" + item});
        reads.put("feed, newest, operator", new String[]{"operator", s, "/api/v1/feed?newest=true"});
        reads.put("feed, newest, agency", new String[]{"agency-h22", s, "/api/v1/feed?newest=true"});
        reads.put("alerts summary, operator", new String[]{"operator", s, "/api/v1/alerts"});
        reads.put("alerts summary, agency", new String[]{"agency-h22", s, "/api/v1/alerts"});
        reads.put("alerts, overdue", new String[]{"operator", s, "/api/v1/alerts/OVERDUE"});
        reads.put("BCCI report, this month", new String[]{"operator", s, "/api/v1/reports/bcci?from=" + enc(month)});
        reads.put("BCCI report, 6 months, all agencies", new String[]{"operator", s, "/api/v1/reports/bcci?from="
                + enc(sixMonths)});
        reads.put("BCCI report, 6 months, one agency", new String[]{"agency-h22", s, "/api/v1/reports/bcci?from="
                + enc(sixMonths)});
        reads.put("BCCI report, a year, all agencies", new String[]{"operator", s, "/api/v1/reports/bcci?from="
                + enc(now.minus(365, ChronoUnit.DAYS).toString())});
        String year = Integer.toString(LocalDate.now(ZoneOffset.ofHours(7)).getYear());
        reads.put("BCCI index, a year, every agency", new String[]{"operator", s, "/api/v1/index?level=AGENCY&period="
                + year});
        reads.put("BCCI index, a year, every province and ministry", new String[]{"operator", s,
                "/api/v1/index?level=UNIT&period=" + year});
        reads.put("BCCI index, a year, one agency's province", new String[]{"agency-h22", s,
                "/api/v1/index?level=UNIT&period=" + year});
        List<Timed> timed = new ArrayList<>();
        reads.forEach((name, r) -> timed.add(new Timed(name, base.apply(r[1]) + r[2], token.apply(r[0]),
                new ArrayList<>(), new LinkedHashMap<>())));
        // as many rounds untimed as timed (the JIT compiles each read's path on the empty system as fully as on the
        // loaded one, which comes second), then every read once a round: a pause of the machine (a collection, a job)
        // falls on every read alike instead of on whichever read's calls it met
        for (int round = -calls; round < calls; round++) {
            for (Timed read : timed) {
                long t0 = System.nanoTime();
                HttpResponse<String> answer = bench.get(read.url(), read.bearer());
                long took = (System.nanoTime() - t0) / 1000;
                if (round >= 0) {
                    read.micros().add(took);
                    read.statuses().merge(answer.statusCode(), 1, Integer::sum);
                }
            }
        }
        Map<String, Map<String, Object>> figures = new LinkedHashMap<>();
        for (Timed read : timed) {
            List<Long> times = read.micros();
            Collections.sort(times);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("calls", calls);
            f.put("p50", Bench.pct(times, 50) / 1000.0);
            f.put("p95", Bench.pct(times, 95) / 1000.0);
            f.put("max", times.get(times.size() - 1) / 1000.0);
            f.put("statuses", read.statuses());
            figures.put(read.name(), f);
        }
        return figures;
    }

    /**
     * A read answered anything but 200 did not time what its name says (the agency's sync view of another agency's
     * dossier answered 404 in every run before this was printed): said beside its figures, never left silent.
     */
    private static String refused(Map<String, Object> figures) {
        Object statuses = figures.get("statuses");
        return statuses instanceof Map<?, ?> m && m.keySet().stream().allMatch(k -> String.valueOf(k).equals("200"))
                ? ""
                : "   NOT A READ: answered " + statuses;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * A dossier of the agency whose coordinator reads ({@code agency-h22}: an agency sees only its own, and another's
     * answers 404) with both postal items, the newest such (history's if loaded: its pages are the fullest); else
     * any agency's.
     */
    private static String[] sample(Statement st) throws SQLException {
        String postal = "inbound_tracking_number IS NOT NULL AND outbound_tracking_number IS NOT NULL";
        for (String query : new String[]{
                "SELECT code, inbound_tracking_number FROM dossier WHERE agency_code = '" + AGENCY + "' AND " + postal
                        + " ORDER BY created_at DESC LIMIT 1",
                "SELECT code, inbound_tracking_number FROM dossier WHERE " + postal
                        + " ORDER BY created_at DESC LIMIT 1",
                "SELECT code, coalesce(inbound_tracking_number, 'EB000000000VN') FROM dossier ORDER BY created_at DESC "
                        + "LIMIT 1"}) {
            try (ResultSet rs = st.executeQuery(query)) {
                if (rs.next()) {
                    return new String[]{rs.getString(1), rs.getString(2)};
                }
            }
        }
        return new String[]{"none", "EB000000000VN"};
    }

    /** Prints empty and loaded side by side. */
    static void print(Map<String, Map<String, Object>> empty, Map<String, Map<String, Object>> loaded,
            String loadedLabel) throws IOException {
        System.out.printf("%-44s %22s %22s %8s%n", "read (ms)", "empty p50 / p95", loadedLabel + " p50 / p95",
                "ratio");
        for (String name : empty.keySet()) {
            Map<String, Object> e = empty.get(name);
            Map<String, Object> l = loaded == null ? null : loaded.get(name);
            double ep95 = ((Number) e.get("p95")).doubleValue();
            System.out.printf("%-44s %22s %22s %8s%s%n", name, e.get("p50") + " / " + e.get("p95"),
                    l == null ? "-" : l.get("p50") + " / " + l.get("p95"),
                    l == null ? "-" : "%.2f".formatted(((Number) l.get("p95")).doubleValue() / Math.max(ep95, 0.001)),
                    refused(e) + (l == null ? "" : refused(l)));
        }
    }
}
