package vn.bcci.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.payload.VnpostTrackingEvent;
import vn.bcci.infra.sim.VnpostEventGenerator;

/**
 * VNPost event ingestion against a running local stack: registers the items, then sends their events (10 % late,
 * 10 % twice) through the HTTP push in batches and through {@code vnpost.tracking.v1}, and prints events per
 * second per door, batch latencies, and postal-tracking-service's RSS. Usage: {@code java -jar bench/target/bench.jar
 * [--items 3000] [--connections 4] [--batch 500] [--door both|http|kafka]}.
 */
public final class TrackingLoad {
    private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern HANDLED = Pattern.compile("^tracking_events_total\\{[^}]*}\\s+([0-9.eE+]+)",
            Pattern.MULTILINE);

    private final Map<String, String> options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String postal;
    private String token;

    private TrackingLoad(Map<String, String> options) {
        this.options = options;
        this.postal = option("postal", "http://127.0.0.1:8082");
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("options are --name value; got " + Arrays.toString(args));
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        new TrackingLoad(options).run();
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(option(name, Integer.toString(fallback)));
    }

    private void run() throws Exception {
        int items = intOption("items", 3000);
        int connections = intOption("connections", 4);
        int batch = intOption("batch", 500);
        String door = option("door", "both");
        token = token(option("issuer", "http://127.0.0.1:8088"));
        long seed = Long.parseLong(option("seed", Long.toString(System.currentTimeMillis())));
        VnpostEventGenerator vnpost = new VnpostEventGenerator(seed, "EE",
                10_000_000 + Math.floorMod(seed, 80_000_000L));
        System.out.printf("postal-tracking-service at %s; %d items per door, %d connections, batches of %d%n", postal,
                items, connections, batch);
        if (!door.equals("kafka")) {
            List<VnpostTrackingEvent> events = prepare(vnpost, items, connections);
            httpDoor(events, connections, batch);
        }
        if (!door.equals("http")) {
            List<VnpostTrackingEvent> events = prepare(vnpost, items, connections);
            kafkaDoor(events);
        }
        rss();
    }

    /** Generates and registers the items; returns their events as a carrier's feed delivers them. */
    private List<VnpostTrackingEvent> prepare(VnpostEventGenerator vnpost, int items, int connections)
            throws Exception {
        OffsetDateTime to = OffsetDateTime.now(ZoneOffset.ofHours(7)).minusHours(1);
        String direction = option("direction", "OUTBOUND");
        List<VnpostEventGenerator.Item> generated = new ArrayList<>();
        List<VnpostTrackingEvent> all = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            VnpostEventGenerator.Item item = vnpost.item(to.minusDays(2), to, null);
            generated.add(item);
            all.addAll(item.events());
        }
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<Integer>> done = new ArrayList<>();
        for (VnpostEventGenerator.Item item : generated) {
            done.add(pool.submit(() -> post("/api/v1/shipments", """
                    {"itemCode": "%s", "direction": "%s", "agencyCode": "000.00.01.H22",
                     "procedureCode": "1.001612", "sender": {"name": "Nguyễn Văn An", "province": "Hà Nội"},
                     "receiver": {"name": "Sở Tư pháp", "province": "Hà Nội"}}""".formatted(item.itemCode(),
                    direction))
                    .statusCode()));
        }
        try {
            for (Future<Integer> f : done) {
                if (f.get() != 201) {
                    throw new IllegalStateException("registration answered " + f.get()
                            + " (a --seed used before against the same data registers the same items)");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("registered %d items in %.1f s (%.0f/s)%n", items, seconds(start), items / seconds(start));
        List<VnpostTrackingEvent> feed = vnpost.feed(all, 0.10, 0.10, 2_000);
        System.out.printf("%d events, %d deliveries: in event-time order but 10 %% late (by up to 2,000 places) and"
                + " 10 %% twice%n", all.size(), feed.size());
        return feed;
    }

    private void httpDoor(List<VnpostTrackingEvent> feed, int connections, int batch) throws Exception {
        ConcurrentLinkedQueue<List<VnpostTrackingEvent>> batches = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < feed.size(); i += batch) {
            batches.add(feed.subList(i, Math.min(i + batch, feed.size())));
        }
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            done.add(pool.submit(() -> {
                List<VnpostTrackingEvent> next;
                while ((next = batches.poll()) != null) {
                    long t = System.nanoTime();
                    HttpResponse<String> r = post("/api/v1/tracking-events", EventJson.write(next));
                    latencies.add(System.nanoTime() - t);
                    if (r.statusCode() != 200) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double s = seconds(start);
        Collections.sort(latencies);
        System.out.printf(
                "HTTP door: %d events in %.1f s = %.0f events/s; batch latency p50 %d ms, p99 %d ms, max %d ms;"
                        + " failed batches %d%n",
                feed.size(), s, feed.size() / s, pct(latencies, 50), pct(latencies, 99),
                latencies.get(latencies.size() - 1) / 1_000_000, failures.get());
    }

    private void kafkaDoor(List<VnpostTrackingEvent> feed) throws Exception {
        double before = handled();
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, option("kafka", "127.0.0.1:9092"),
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
                new StringSerializer())) {
            for (VnpostTrackingEvent e : feed) {
                producer.send(new ProducerRecord<>(Topics.VNPOST_TRACKING, e.itemCode(), EventJson.write(e)));
            }
            producer.flush();
        }
        double produced = seconds(start);
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        double done;
        long lastPrint = 0;
        while ((done = handled() - before) < feed.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Kafka door handled only " + done + " of " + feed.size());
            }
            if (System.nanoTime() - lastPrint > 5_000_000_000L) {
                System.out.printf("  Kafka door: %.0f of %d handled after %.0f s%n", done, feed.size(),
                        seconds(start));
                lastPrint = System.nanoTime();
            }
            Thread.sleep(100);
        }
        double s = seconds(start);
        System.out.printf("Kafka door: %d events produced in %.1f s, all handled in %.1f s = %.0f events/s%n",
                feed.size(), produced, s, feed.size() / s);
    }

    /** Events handled so far, whatever their outcome, from the service's Prometheus metrics. */
    private double handled() throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(URI.create(postal + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        Matcher m = HANDLED.matcher(body);
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private void rss() throws IOException {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                    if (cmd.contains("postal-tracking-service") && cmd.contains("quarkus-run.jar")) {
                        String status = Files.readString(p.resolve("status"));
                        System.out.printf("postal-tracking-service (pid %s): RSS %s MB, peak %s MB%n",
                                p.getFileName(), kbToMb(status, "VmRSS"), kbToMb(status, "VmHWM"));
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
    }

    private static long kbToMb(String status, String field) {
        Matcher m = Pattern.compile(field + ":\\s+(\\d+) kB").matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(postal + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token(String issuer) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&client_id=vnpost&client_secret="
                + URLEncoder.encode("vnpost-secret", StandardCharsets.UTF_8);
        String body = http.send(HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = TOKEN.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no token from " + issuer + ": " + body);
        }
        return m.group(1);
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1_000_000;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
