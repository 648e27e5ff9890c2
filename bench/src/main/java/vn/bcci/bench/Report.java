package vn.bcci.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A SystemBench run as a page people can read: throughput offered and achieved per stage against the same run's
 * ceilings, latency percentiles per stage on a log scale, CPU per operation by process as stacked bars, and, given an
 * earlier run, the two side by side; the JSON is a link. Each chart is also written as an SVG file (the README embeds
 * the overview). SystemBench writes it after each run; {@code java -cp bench/target/bench.jar vn.bcci.bench.Report
 * RUN.json [BEFORE.json] OUT_DIR} redraws one from its JSON.
 */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};
    private static final int W = 900;
    private static final int H = 320;
    private static final int LEFT = 70;
    private static final int BOTTOM = 60;
    private static final int TOP = 40;

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Report RUN.json [BEFORE.json] OUT_DIR");
            System.exit(2);
        }
        Map<String, Object> run = read(Path.of(args[0]));
        Map<String, Object> before = args.length > 2 ? read(Path.of(args[1])) : null;
        Path out = Path.of(args[args.length - 1]);
        write(run, before, Path.of(args[0]).getFileName().toString(), out);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path json) throws IOException {
        return JSON.readValue(json.toFile(), Map.class);
    }

    /** Writes {@code system-bench.html} and its charts as SVG files into {@code out}. */
    static void write(Map<String, Object> run, Map<String, Object> before, String jsonName, Path out)
            throws IOException {
        Files.createDirectories(out);
        String throughput = throughput(run);
        String latency = latency(run);
        String cpu = cpu(run, before);
        Files.writeString(out.resolve("throughput.svg"), throughput);
        Files.writeString(out.resolve("latency.svg"), latency);
        Files.writeString(out.resolve("cpu.svg"), cpu);
        StringBuilder page = new StringBuilder("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
                + "<title>BCCI system benchmark</title><style>body{font-family:sans-serif;max-width:960px;margin:auto;"
                + "color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;"
                + "text-align:right}th:first-child,td:first-child{text-align:left}</style></head><body>"
                + "<h1>BCCI system benchmark</h1>");
        Map<String, Object> machine = map(run.get("machine"));
        page.append("<p>Run of ").append(esc(String.valueOf(machine.get("started")))).append(" on ")
                .append(machine.get("cores")).append(" cores, ").append(machine.get("instancesPerService"))
                .append(" instance(s) per service. Final portal state: <b>")
                .append(Boolean.TRUE.equals(map(run.get("finalState")).get("exactlyRight"))
                        ? "exactly right"
                        : "WRONG " + esc(String.valueOf(run.get("finalState"))))
                .append("</b>. Figures as JSON: <a href='").append(esc(jsonName)).append("'>").append(esc(jsonName))
                .append("</a>.</p>");
        page.append("<h2>Throughput</h2>").append(throughput).append("<h2>Latency</h2>").append(latency)
                .append("<h2>CPU per operation</h2>").append(cpu);
        if (before != null) {
            page.append("<h2>Before and after</h2>").append(comparison(before, run));
        }
        page.append("</body></html>\n");
        Files.writeString(out.resolve("system-bench.html"), page);
    }

    // ---- the charts ------------------------------------------------------------------------------------------------

    /** Offered and achieved per stage, log scale, with the broker's and PostgreSQL's ceilings as lines. */
    static String throughput(Map<String, Object> run) {
        List<String> stages = new ArrayList<>();
        List<double[]> values = new ArrayList<>(); // offered, achieved
        Map<String, Object> burst = map(run.get("registrationOpenLoop"));
        stages.add("registrations (closed loop)");
        values.add(new double[]{Double.NaN, num(burst.get("perSecond"))});
        for (Map<String, Object> phase : list(run.get("vnpost"))) {
            Object rate = phase.get("rate");
            stages.add("VNPost " + rate + (rate instanceof Number ? "/s" : ""));
            values.add(new double[]{rate instanceof Number n ? n.doubleValue() : Double.NaN,
                    num(phase.get("achievedPerSecond"))});
        }
        Map<String, Object> ceilings = map(run.get("ceilings"));
        Map<String, Double> lines = new LinkedHashMap<>();
        lines.put("broker produce→consume ceiling", num(map(ceilings.get("kafka")).get("recordsPerSecond")));
        lines.put("PostgreSQL single-row commits", num(map(ceilings.get("postgres")).get("singleRowCommitsPerSecond")));
        double max = lines.values().stream().mapToDouble(Double::doubleValue).max().orElse(10) * 1.5;
        Svg svg = new Svg("operations per second (log scale) offered and achieved per stage, and this run's ceilings");
        Axis y = svg.logAxis(1, max, "per second");
        int n = stages.size();
        double slot = (W - LEFT - 20.0) / n;
        for (int i = 0; i < n; i++) {
            double x = LEFT + i * slot;
            double[] v = values.get(i);
            if (!Double.isNaN(v[0])) {
                svg.bar(x + slot * 0.15, slot * 0.33, y, v[0], "#c7d7ea", "offered " + fmt(v[0]) + "/s");
            }
            svg.bar(x + slot * 0.5, slot * 0.33, y, v[1], COLOURS[0], "achieved " + fmt(v[1]) + "/s");
            svg.label(x + slot / 2, H - BOTTOM + 16, stages.get(i));
        }
        int c = 2;
        for (Map.Entry<String, Double> line : lines.entrySet()) {
            svg.hline(y.at(line.getValue()), COLOURS[c++ % COLOURS.length], line.getKey() + " " + fmt(line.getValue())
                    + "/s");
        }
        svg.legend(List.of("offered", "achieved"), List.of("#c7d7ea", COLOURS[0]));
        return svg.end();
    }

    /** p50, p95, p99 and max per stage in milliseconds, log scale. */
    static String latency(Map<String, Object> run) {
        Map<String, Map<String, Object>> stages = new LinkedHashMap<>();
        Map<String, Object> dossiers = map(run.get("dossiers"));
        stages.put("registration REST", micros(map(map(dossiers.get("registration")).get("latencyMicros"))));
        stages.put("transition REST", micros(map(map(dossiers.get("transition")).get("latencyMicros"))));
        stages.put("transition → portal", map(map(dossiers.get("transitionToPortal")).get("delayMs")));
        for (Map<String, Object> phase : list(run.get("vnpost"))) {
            stages.put("VNPost " + phase.get("rate") + " → portal", map(phase.get("eventToPortalMs")));
        }
        String[] pcts = {"p50", "p95", "p99", "max"};
        double max = 10;
        for (Map<String, Object> p : stages.values()) {
            for (String k : pcts) {
                max = Math.max(max, num(p.get(k)));
            }
        }
        Svg svg = new Svg("latency per stage in milliseconds (log scale): p50, p95, p99, max");
        Axis y = svg.logAxis(1, max * 1.5, "ms");
        double slot = (W - LEFT - 20.0) / stages.size();
        int i = 0;
        for (Map.Entry<String, Map<String, Object>> stage : stages.entrySet()) {
            double x = LEFT + i++ * slot;
            for (int k = 0; k < pcts.length; k++) {
                double v = num(stage.getValue().get(pcts[k]));
                svg.bar(x + slot * (0.1 + 0.2 * k), slot * 0.18, y, v, COLOURS[k], stage.getKey() + " " + pcts[k]
                        + " " + fmt(v) + " ms");
            }
            svg.label(x + slot / 2, H - BOTTOM + 16, stage.getKey());
        }
        svg.hline(y.at(1000), "#d62728", "1 s");
        svg.legend(List.of(pcts), List.of(COLOURS).subList(0, 4));
        return svg.end();
    }

    /** CPU milliseconds per operation, stacked by process, per stage; an earlier run's total as a marker. */
    static String cpu(Map<String, Object> run, Map<String, Object> before) {
        Map<String, Map<String, Object>> stages = cpuStages(run);
        Map<String, Map<String, Object>> earlier = before == null ? Map.of() : cpuStages(before);
        Set<String> processes = new LinkedHashSet<>();
        double max = 1;
        for (Map<String, Object> cpu : stages.values()) {
            processes.addAll(map(cpu.get("msPerOperation")).keySet());
            max = Math.max(max, num(cpu.get("totalMs")));
        }
        for (Map<String, Object> cpu : earlier.values()) {
            max = Math.max(max, num(cpu.get("totalMs")));
        }
        Svg svg = new Svg("CPU milliseconds per operation, by process" + (before == null
                ? ""
                : " (black mark: the earlier run)"));
        Axis y = svg.linearAxis(max * 1.15, "ms per operation");
        double slot = (W - LEFT - 20.0) / Math.max(1, stages.size());
        int i = 0;
        List<String> names = new ArrayList<>(processes);
        for (Map.Entry<String, Map<String, Object>> stage : stages.entrySet()) {
            double x = LEFT + i++ * slot;
            double base = 0;
            Map<String, Object> per = map(stage.getValue().get("msPerOperation"));
            for (int p = 0; p < names.size(); p++) {
                double v = num(per.get(names.get(p)));
                svg.stacked(x + slot * 0.25, slot * 0.5, y, base, base + v, COLOURS[p % COLOURS.length],
                        names.get(p) + " " + fmt(v) + " ms");
                base += v;
            }
            svg.label(x + slot / 2, y.at(base) - 4, fmt(base) + " ms");
            Map<String, Object> old = earlier.get(stage.getKey());
            if (old != null) {
                double t = num(old.get("totalMs"));
                svg.mark(x + slot * 0.2, slot * 0.6, y.at(t), "earlier run " + fmt(t) + " ms");
            }
            svg.label(x + slot / 2, H - BOTTOM + 16, stage.getKey());
        }
        svg.legend(names, List.of(COLOURS).subList(0, Math.min(COLOURS.length, names.size())));
        return svg.end();
    }

    private static Map<String, Map<String, Object>> cpuStages(Map<String, Object> run) {
        Map<String, Map<String, Object>> stages = new LinkedHashMap<>();
        Object burst = map(run.get("registrationOpenLoop")).get("cpu");
        if (burst != null) {
            stages.put("registration", map(burst));
        }
        for (Map<String, Object> phase : list(run.get("vnpost"))) {
            if (phase.get("cpu") != null) {
                stages.put("VNPost event at " + phase.get("rate"), map(phase.get("cpu")));
            }
        }
        return stages;
    }

    /** The figures the efficiency work is judged by, before and after. */
    static String comparison(Map<String, Object> before, Map<String, Object> after) {
        StringBuilder t = new StringBuilder("<table><tr><th>figure</th><th>before</th><th>after</th></tr>");
        row(t, "started", map(before.get("machine")).get("started"), map(after.get("machine")).get("started"));
        row(t, "CPU per registration, ms", cpuTotal(map(before.get("registrationOpenLoop"))),
                cpuTotal(map(after.get("registrationOpenLoop"))));
        row(t, "closed-loop registrations per second", map(before.get("registrationOpenLoop")).get("perSecond"),
                map(after.get("registrationOpenLoop")).get("perSecond"));
        List<Map<String, Object>> b = list(before.get("vnpost"));
        List<Map<String, Object>> a = list(after.get("vnpost"));
        for (Map<String, Object> phase : a) {
            Map<String, Object> old = b.stream().filter(p -> String.valueOf(p.get("rate")).equals(String.valueOf(
                    phase.get("rate")))).findFirst().orElse(Map.of());
            String r = "VNPost " + phase.get("rate");
            row(t, r + ": achieved per second", old.get("achievedPerSecond"), phase.get("achievedPerSecond"));
            row(t, r + ": accepted → portal p50 / p99, ms", p5099(old), p5099(phase));
            row(t, r + ": CPU per event, ms", cpuTotal(old), cpuTotal(phase));
        }
        return t.append("</table>").toString();
    }

    private static Object cpuTotal(Map<String, Object> stage) {
        return stage.get("cpu") == null ? null : map(stage.get("cpu")).get("totalMs");
    }

    private static String p5099(Map<String, Object> phase) {
        Map<String, Object> e2e = map(phase.get("eventToPortalMs"));
        return e2e.isEmpty() ? "-" : e2e.get("p50") + " / " + e2e.get("p99");
    }

    private static void row(StringBuilder t, String name, Object before, Object after) {
        t.append("<tr><td>").append(esc(name)).append("</td><td>").append(esc(String.valueOf(before == null
                ? "-"
                : before))).append("</td><td>").append(esc(String.valueOf(after == null ? "-" : after)))
                .append("</td></tr>");
    }

    // ---- drawing ----------------------------------------------------------------------------------------------------

    /** A value axis: where a value is drawn. */
    interface Axis {
        double at(double value);
    }

    /** An SVG chart of {@link #W} × {@link #H}: a plot area, a title, a legend. */
    static final class Svg {
        private final StringBuilder b = new StringBuilder();

        Svg(String title) {
            b.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append(W).append("' height='").append(H)
                    .append("' font-family='sans-serif' font-size='11' role='img' aria-label='").append(esc(title))
                    .append("'><rect width='100%' height='100%' fill='#fff'/><text x='").append(LEFT)
                    .append("' y='16' font-size='13'>").append(esc(title)).append("</text>");
        }

        Axis logAxis(double min, double max, String unit) {
            double lo = Math.log10(min);
            double hi = Math.log10(max);
            Axis axis = v -> H - BOTTOM - (Math.log10(Math.max(v, min)) - lo) / (hi - lo) * (H - BOTTOM - TOP);
            for (double t = Math.pow(10, Math.floor(lo)); t <= max; t *= 10) {
                if (t >= min) {
                    tick(axis.at(t), fmt(t));
                }
            }
            unit(unit);
            return axis;
        }

        Axis linearAxis(double max, String unit) {
            Axis axis = v -> H - BOTTOM - v / max * (H - BOTTOM - TOP);
            double step = Math.pow(10, Math.floor(Math.log10(max)));
            if (max / step < 3) {
                step /= 2;
            }
            for (double t = 0; t <= max; t += step) {
                tick(axis.at(t), fmt(t));
            }
            unit(unit);
            return axis;
        }

        private void tick(double y, String label) {
            b.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#e5e5e5'/>"
                    + "<text x='%d' y='%.1f' text-anchor='end'>%s</text>", LEFT, W - 20, y, y, LEFT - 6, y + 4,
                    esc(label)));
        }

        private void unit(String unit) {
            b.append(String.format(Locale.ROOT, "<text x='14' y='%d' transform='rotate(-90 14 %d)' "
                    + "text-anchor='middle'>%s</text>", (H - BOTTOM + TOP) / 2, (H - BOTTOM + TOP) / 2, esc(unit)));
            b.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='#333'/>", LEFT,
                    W - 20, H - BOTTOM, H - BOTTOM));
        }

        void bar(double x, double w, Axis y, double v, String colour, String title) {
            stacked(x, w, y, 0, v, colour, title);
        }

        void stacked(double x, double w, Axis y, double from, double to, String colour, String title) {
            double top = y.at(to);
            double bottom = from <= 0 ? H - BOTTOM : y.at(from);
            b.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'>"
                    + "<title>%s</title></rect>", x, top, w, Math.max(0, bottom - top), colour, esc(title)));
        }

        void mark(double x, double w, double y, String title) {
            b.append(String.format(Locale.ROOT, "<line x1='%.1f' x2='%.1f' y1='%.1f' y2='%.1f' stroke='#000' "
                    + "stroke-width='2'><title>%s</title></line>", x, x + w, y, y, esc(title)));
        }

        void hline(double y, String colour, String label) {
            b.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='%s' "
                    + "stroke-dasharray='6 3'/><text x='%d' y='%.1f' fill='%s' text-anchor='end'>%s</text>", LEFT,
                    W - 20, y, y, colour, W - 22, y - 3, colour, esc(label)));
        }

        void label(double x, double y, String text) {
            b.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' text-anchor='middle'>%s</text>", x, y,
                    esc(text)));
        }

        void legend(List<String> names, List<String> colours) {
            double x = LEFT;
            for (int i = 0; i < names.size(); i++) {
                b.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%d' width='10' height='10' fill='%s'/>"
                        + "<text x='%.1f' y='%d'>%s</text>", x, H - 22, colours.get(i % colours.size()), x + 14,
                        H - 13, esc(names.get(i))));
                x += 24 + names.get(i).length() * 6.2;
            }
        }

        String end() {
            return b.append("</svg>\n").toString();
        }
    }

    // ---- values -----------------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return o instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }

    private static Map<String, Object> micros(Map<String, Object> us) {
        Map<String, Object> ms = new LinkedHashMap<>();
        us.forEach((k, v) -> ms.put(k, num(v) / 1000.0));
        return ms;
    }

    private static String fmt(double v) {
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return v >= 10 || v == Math.rint(v)
                ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
