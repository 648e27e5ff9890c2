package vn.bcci.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the services spend their CPU: reads the JDK Flight Recorder files a SystemBench run left (services started
 * with {@code SERVICE_JVM_FLAGS} adding {@code -XX:StartFlightRecording:filename=DIR/,settings=profile,dumponexit=true};
 * see bench/README.md), tells each file's service by its command line, and writes per service its execution samples
 * as collapsed stacks ({@code <service>.collapsed.txt}, the input of any flame graph tool), a flame graph
 * ({@code <service>-flame.svg}, self-contained, hover for a frame's share) and {@code README.md} (the folder's page): the frames with the
 * most samples on top of the stack (self) and anywhere on it (total). Usage: {@code java -cp bench/target/bench.jar
 * vn.bcci.bench.Profiles <dir of .jfr files> <output dir>}.
 */
public final class Profiles {
    private static final Pattern SERVICE = Pattern
            .compile("(dossier-service|postal-tracking-service|portal-sync-service)");
    private static final int TOP = 20;

    private Profiles() {
    }

    /** One service's samples: collapsed stack (root first, frames joined by ';') → samples. */
    record Samples(String service, Map<String, Long> stacks, long total) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Profiles <dir of .jfr files> <output dir>");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        Map<String, Samples> byService = new TreeMap<>();
        try (Stream<Path> files = Files.list(in)) {
            for (Path jfr : files.filter(p -> p.toString().endsWith(".jfr")).sorted().toList()) {
                Samples s = read(jfr);
                byService.merge(s.service(), s, Profiles::merge);
            }
        }
        StringBuilder md = new StringBuilder("# CPU profiles\n\nExecution samples of the JDK Flight Recorder (settings "
                + "`profile`, every 10 ms of a running thread), from " + in + ".\n");
        for (Samples s : byService.values()) {
            Files.write(out.resolve(s.service() + ".collapsed.txt"), s.stacks().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> e.getKey() + " " + e.getValue()).toList());
            Files.writeString(out.resolve(s.service() + "-flame.svg"), flame(s));
            md.append("\n## ").append(s.service()).append(" (").append(s.total()).append(" samples; [flame graph](")
                    .append(s.service()).append("-flame.svg))\n\n");
            md.append(table("component that spent the sample (the JDK's time charged to its caller)", byComponent(s),
                    s.total()));
            md.append(table("on top of the stack (self)", top(s, true, f -> true), s.total()));
            md.append(table("our code anywhere on the stack (total)", top(s, false, f -> f.startsWith("vn.bcci.")
                    && !f.matches(
                            ".*(_ClientProxy|_Subclass|\\$\\$Lambda|lambda\\$|_Bean\\.|Invoker|\\$quarkusrestinvoker).*")),
                    s.total()));
        }
        Files.writeString(out.resolve("README.md"), md);
        System.out.println(md);
    }

    static Samples read(Path jfr) throws IOException {
        String service = "unknown";
        Map<String, Long> stacks = new HashMap<>();
        long total = 0;
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                if (type.equals("jdk.JVMInformation")) {
                    Matcher m = SERVICE.matcher(String.valueOf(e.getString("javaArguments")) + " "
                            + e.getString("jvmArguments"));
                    if (m.find()) {
                        service = m.group(1);
                    }
                } else if (type.equals("jdk.ExecutionSample") && e.getStackTrace() != null) {
                    List<RecordedFrame> frames = new ArrayList<>(e.getStackTrace().getFrames());
                    Collections.reverse(frames);
                    StringBuilder stack = new StringBuilder(e.getStackTrace().isTruncated() ? "(truncated)" : "");
                    for (RecordedFrame f : frames) {
                        if (!stack.isEmpty()) {
                            stack.append(';');
                        }
                        stack.append(name(f));
                    }
                    stacks.merge(stack.toString(), 1L, Long::sum);
                    total++;
                }
            }
        }
        return new Samples(service, stacks, total);
    }

    private static Samples merge(Samples a, Samples b) {
        Map<String, Long> stacks = new HashMap<>(a.stacks());
        b.stacks().forEach((k, v) -> stacks.merge(k, v, Long::sum));
        return new Samples(a.service(), stacks, a.total() + b.total());
    }

    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type + "." + f.getMethod().getName();
    }

    /** Where the samples' top frames belong: the library or part of the JDK, by package. */
    private static final Map<String, String> COMPONENTS = componentTable();

    private static Map<String, String> componentTable() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("vn.bcci.", "our code");
        c.put("org.hibernate.", "Hibernate ORM");
        c.put("org.postgresql.", "PostgreSQL JDBC driver");
        c.put("io.agroal.", "Agroal connection pool");
        c.put("com.arjuna.", "Narayana transactions");
        c.put("io.quarkus.narayana", "Narayana transactions");
        c.put("org.apache.kafka.", "Kafka client");
        c.put("io.smallrye.reactive.messaging", "SmallRye Reactive Messaging");
        c.put("com.fasterxml.jackson.", "Jackson JSON");
        c.put("com.networknt.", "JSON Schema validation");
        c.put("io.opentelemetry.", "OpenTelemetry");
        c.put("io.micrometer.", "Micrometer");
        c.put("org.jboss.logmanager.", "logging");
        c.put("org.jboss.logging.", "logging");
        c.put("io.netty.", "Netty / Vert.x");
        c.put("io.vertx.", "Netty / Vert.x");
        c.put("org.jboss.resteasy.", "Quarkus REST");
        c.put("io.quarkus.resteasy", "Quarkus REST");
        c.put("io.smallrye.jwt", "JWT");
        c.put("org.jose4j.", "JWT");
        c.put("io.quarkus.arc", "CDI (ArC)");
        c.put("io.quarkus.", "Quarkus, other");
        c.put("io.smallrye.", "SmallRye, other");
        c.put("java.util.zip", "JDK: compression");
        c.put("sun.security.", "JDK: cryptography");
        c.put("java.lang.String", "JDK: strings");
        c.put("java.lang.AbstractStringBuilder", "JDK: strings");
        c.put("java.util.", "JDK: collections and concurrency");
        c.put("java.", "JDK, other");
        c.put("jdk.", "JDK, other");
        c.put("sun.", "JDK, other");
        return c;
    }

    static String component(String frame) {
        return COMPONENTS.entrySet().stream().filter(e -> frame.startsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse("other libraries");
    }

    /**
     * Samples by the component that spent them: the first frame from the top of the stack that is not the JDK's own
     * (a HashMap lookup inside Hibernate is Hibernate's), or the JDK's part when no library is above it.
     */
    static List<Map.Entry<String, Long>> byComponent(Samples s) {
        Map<String, Long> counts = new HashMap<>();
        s.stacks().forEach((stack, n) -> {
            String[] frames = stack.split(";");
            String owner = component(frames[frames.length - 1]);
            for (int i = frames.length - 1; i >= 0; i--) {
                String c = component(frames[i]);
                if (!c.startsWith("JDK")) {
                    owner = c;
                    break;
                }
            }
            counts.merge(owner, n, Long::sum);
        });
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList();
    }

    /**
     * Frames by samples: those on top of the stack ({@code self}), or anywhere on it (counted once per stack), of the
     * frames {@code which} accepts.
     */
    static List<Map.Entry<String, Long>> top(Samples s, boolean self, java.util.function.Predicate<String> which) {
        Map<String, Long> counts = new HashMap<>();
        s.stacks().forEach((stack, n) -> {
            String[] frames = stack.split(";");
            if (self) {
                counts.merge(frames[frames.length - 1], n, Long::sum);
            } else {
                java.util.Set<String> once = new java.util.HashSet<>(List.of(frames));
                once.stream().filter(which).forEach(f -> counts.merge(f, n, Long::sum));
            }
        });
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
                .toList();
    }

    private static String table(String title, List<Map.Entry<String, Long>> rows, long total) {
        StringBuilder b = new StringBuilder("| " + title + " | samples | share |\n|---|---:|---:|\n");
        for (Map.Entry<String, Long> r : rows) {
            b.append("| `").append(r.getKey()).append("` | ").append(r.getValue()).append(" | ")
                    .append(String.format("%.1f %%", 100.0 * r.getValue() / Math.max(1, total))).append(" |\n");
        }
        return b.append('\n').toString();
    }

    /** A frame of the flame graph: its samples and its callees. */
    private static final class Node {
        long samples;
        final Map<String, Node> children = new LinkedHashMap<>();
    }

    /** A self-contained SVG flame graph: callers at the bottom, width proportional to samples. */
    static String flame(Samples s) {
        Node root = new Node();
        s.stacks().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Node n = root;
            n.samples += e.getValue();
            for (String frame : e.getKey().split(";")) {
                n = n.children.computeIfAbsent(frame, k -> new Node());
                n.samples += e.getValue();
            }
        });
        int depth = depth(root);
        double width = 1600;
        int row = 16;
        int height = (depth + 2) * row + 40;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append((int) width).append("' height='")
                .append(height).append("' font-family='monospace' font-size='11'>\n")
                .append("<rect width='100%' height='100%' fill='#fdfdf6'/>\n<text x='8' y='20' font-size='15'>")
                .append(escape(s.service())).append(": ").append(s.total())
                .append(" CPU samples (JFR); width = share of samples; green: our code, blue: JDK, orange: "
                        + "libraries</text>\n");
        draw(svg, "all", root, 0, width, height - row - 4, row, s.total());
        return svg.append("</svg>\n").toString();
    }

    private static int depth(Node n) {
        int d = 0;
        for (Node c : n.children.values()) {
            d = Math.max(d, depth(c));
        }
        return d + 1;
    }

    private static void draw(StringBuilder svg, String name, Node n, double x, double w, int y, int row, long total) {
        if (w < 1.5) { // narrower than a line: left out, so that the file stays small enough to keep
            return;
        }
        String colour = name.startsWith("vn.bcci")
                ? "#8fd18f"
                : name.startsWith("java.") || name.startsWith("jdk.")
                        || name.startsWith("sun.") ? "#9ec5ef" : name.equals("all") ? "#cccccc" : "#f4b26b";
        String label = String.format("%s (%d samples, %.1f %%)", name, n.samples, 100.0 * n.samples / total);
        svg.append(String.format(java.util.Locale.ROOT,
                "<g><title>%s</title><rect x='%.1f' y='%d' width='%.1f' height='%d' fill='%s' stroke='#fdfdf6'/>",
                escape(label), x, y, w, row - 1, colour));
        int chars = (int) (w / 7);
        if (chars > 3) {
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            String text = shortName.length() > chars ? shortName.substring(0, chars - 1) + "…" : shortName;
            svg.append(String.format(java.util.Locale.ROOT, "<text x='%.1f' y='%d'>%s</text>", x + 3, y + row - 4,
                    escape(text)));
        }
        svg.append("</g>\n");
        double cx = x;
        for (Map.Entry<String, Node> c : n.children.entrySet()) {
            double cw = w * c.getValue().samples / n.samples;
            draw(svg, c.getKey(), c.getValue(), cx, cw, y - row, row, total);
            cx += cw;
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }
}
