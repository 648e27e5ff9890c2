package vn.bcci.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.payload.VnpostTrackingEvent;
import vn.bcci.infra.Deletes;
import vn.bcci.infra.FreePort;
import vn.bcci.infra.LocalStack;
import vn.bcci.infra.history.HistoryLoader;
import vn.bcci.infra.sim.VnpostEventGenerator;

/**
 * The whole system against its physical ceilings, in one run (issue 6). Starts the local stack (or uses a running
 * one with {@code --running}), measures the broker's produce→consume ceiling and PostgreSQL's single-row commit and
 * batched insert ceilings, then replays a compressed day: postal dossiers registered and moved by two agencies at a
 * fixed rate, then VNPost events for their items (and for items of no dossier) at each fixed rate of {@code --rates},
 * 10 % duplicated and 10 % reordered, half through the HTTP push and half through {@code vnpost.tracking.v1}. Prints a
 * progress line every second and a table (throughput, latency p50/p95/p99/max per stage and end to end to the portal
 * simulator, REST latencies, RSS and CPU of every process, ceilings and our figures as their ratios, whether the
 * portal ends exactly right), and writes the same as JSON and an HTML chart. Usage: {@code java -cp
 * bench/target/bench.jar vn.bcci.bench.SystemBench [--running] [--dossiers-per-second 50] [--seconds 20]
 * [--rates 250,500,1000] [--connections 8] [--instances 2] [--out bench/target/system-bench] [--compare EARLIER.json]}. With {@code --instances N}
 * the stack runs N instances of each service (with {@code --running}: the ones {@code ./run-local.sh --instances N}
 * started), requests go round them, and each service's CPU and RSS are the sums over its instances.
 */
public final class SystemBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneOffset VN = ZoneOffset.ofHours(7);
    private static final String[][] AGENCIES = {{"000.00.01.H22", "agency-h22", "1.001612"},
            {"000.00.01.H22", "agency-h22", "1.001193"}, {"000.00.01.H22", "agency-h22", "2.000635"},
            {"000.00.00.G12", "agency-g12", "1.003347"}};
    private static final String[] NAMES = {"Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Dung",
            "Hoàng Minh Đức", "Vũ Thị Hạnh", "Đặng Quốc Huy", "Bùi Thanh Lan", "Đỗ Văn Nam", "Ngô Thị Phương"};
    private static final String[] STREETS = {"12 Tràng Tiền, Hoàn Kiếm", "45 Lê Lợi, Quận 1", "8 Trần Phú, Hải Châu",
            "102 Nguyễn Trãi, Thanh Xuân", "27 Hùng Vương, Ninh Kiều"};

    private final Bench bench;
    private final boolean running;
    /** Instances of each service ({@code --instances}): requests go round them; CPU and RSS are summed per service. */
    private final int instances;
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final List<Map<String, Object>> timeline = Collections.synchronizedList(new ArrayList<>());
    private LocalStack.Ports ports;
    /** Each service's instances' ports; calls go round them, as a load balancer would send them. */
    private final Map<String, List<Integer>> instancePorts = new LinkedHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong spread = new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Resources resources = new Resources();
    private Statements statements;

    private SystemBench(Bench bench) {
        this.bench = bench;
        this.running = Boolean.parseBoolean(bench.option("running", "false"));
        this.instances = bench.intOption("instances", 1);
    }

    public static void main(String[] args) throws Exception {
        String[] normalised = args;
        List<String> list = new ArrayList<>(List.of(args));
        int i = list.indexOf("--running");
        if (i >= 0 && (i + 1 == list.size() || list.get(i + 1).startsWith("--"))) {
            list.add(i + 1, "true");
            normalised = list.toArray(String[]::new);
        }
        new SystemBench(new Bench(normalised)).run();
    }

    private String url(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void run() throws Exception {
        LocalStack stack = null;
        if (running) {
            ports = LocalStack.Ports.DEFAULT;
        } else {
            Path root = Path.of(System.getProperty("bcci.root", ".")).toAbsolutePath().normalize();
            Path data = root.resolve("bench/target/stack");
            Deletes.recursively(data);
            ports = new LocalStack.Ports(FreePort.next(), FreePort.next(), FreePort.next(), FreePort.next(),
                    FreePort.next(), FreePort.next(), FreePort.next());
            // the benchmark measures what the system can carry: its two demo agencies stand for the whole country's,
            // far beyond one client's quota (with --running, start the stack with BCCI_QUOTA_ENABLED=false)
            stack = new LocalStack(root, data, ports, instances).with("BCCI_QUOTA_ENABLED", "false");
            long up = System.nanoTime();
            stack.start();
            report.put("stackUp", stackUp(Bench.seconds(up)));
            bench.pushSecret(stack.trackingWebhookSecret());
        }
        for (String service : List.of("dossier-service", "postal-tracking-service", "portal-sync-service")) {
            List<Integer> of = new ArrayList<>();
            for (int n = 1; n <= instances; n++) {
                int first = switch (service) {
                    case "dossier-service" -> ports.dossier();
                    case "postal-tracking-service" -> ports.postal();
                    default -> ports.portalSync();
                };
                of.add(stack != null ? stack.port(service, n) : first + 100 * (n - 1)); // a running stack: +100 each
            }
            instancePorts.put(service, of);
        }
        try {
            bench.issuer(url(ports.issuer(), ""));
            report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "started",
                    OffsetDateTime.now(VN).toString(), "instancesPerService", instances));
            int connections = bench.intOption("connections", 8);
            int seconds = bench.intOption("seconds", 20);
            resources.start();
            var sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(this::timelineSample, 0, 1, TimeUnit.SECONDS);
            Map<String, Object> ceilings = new LinkedHashMap<>();
            ceilings.put("kafka", kafkaCeiling(Math.min(seconds, 10)));
            ceilings.put("postgres", postgresCeiling(connections, Math.min(seconds, 10)));
            report.put("ceilings", ceilings);
            int warmup = bench.intOption("warmup", 15);
            if (warmup > 0) {
                // every path the measured stages take, so that the JIT has compiled them before any figure is kept
                progress("warming up for about %d s (the JIT compiles the hot paths; not measured)", 3 * warmup);
                Day warm = dossiers(connections, warmup, bench.intOption("dossiers-per-second", 50), false);
                registrationBurst(connections, warmup);
                vnpostPhase(warm, 0, 1, 0, warmup, connections);
            }
            readPathsAndHistory();
            Day day = dossiers(connections, seconds, bench.intOption("dossiers-per-second", 50), true);
            report.put("registrationOpenLoop", registrationBurst(connections, seconds));
            List<Map<String, Object>> phases = new ArrayList<>();
            String[] rates = bench.option("rates", "250,500,1000,max").split(",");
            for (int p = 0; p < rates.length; p++) {
                String rate = rates[p].trim();
                phases.add(vnpostPhase(day, p, rates.length, "max".equals(rate) ? 0 : Integer.parseInt(rate),
                        seconds, connections));
            }
            report.put("vnpost", phases);
            Map<String, Object> end = finalState(day);
            for (int tries = 0; tries < 24 && !Boolean.TRUE.equals(end.get("exactlyRight")); tries++) {
                Thread.sleep(5000); // still settling: the last changes are on their way
                end = finalState(day);
            }
            report.put("finalState", end);
            resources.stop();
            sampler.shutdownNow();
            report.put("processes", resources.summary());
            report.put("timeline", timeline);
            print();
            write();
        } finally {
            if (stack != null) {
                stack.stop();
            }
        }
    }

    // ---- reads, empty and with a year of history ----------------------------------------------------------------

    /**
     * Every read timed on the system as it is ({@code --read-calls} calls each, 20 by default), then, with
     * {@code --history N}, N dossiers of history loaded ({@code --history-months}, 12) and every read timed again:
     * the stages after it run on the loaded databases.
     */
    private void readPathsAndHistory() throws Exception {
        int history = bench.intOption("history", 0);
        int calls = bench.intOption("read-calls", 20);
        String postgres = "127.0.0.1:" + ports.postgres();
        ReadPaths reads = new ReadPaths(bench, this::token, service -> url(port(service), ""), postgres);
        Map<String, Object> r = new LinkedHashMap<>();
        resources.quiet();
        progress("read paths on the system as it is: %d calls each", calls);
        r.put("empty", reads.run(calls));
        if (history > 0) {
            int months = bench.intOption("history-months", 12);
            HistoryLoader loader = new HistoryLoader(postgres, line -> progress("%s", line));
            long t0 = System.nanoTime();
            Map<String, Object> loaded = new LinkedHashMap<>();
            loaded.put("dossiers", history);
            loaded.put("months", months);
            loaded.put("rows", loader.load(history, months));
            loaded.put("seconds", Math.round(Bench.seconds(t0)));
            loaded.put("bytes", loader.sizes());
            r.put("history", loaded);
            resources.quiet(); // the load's autovacuum done, as on a system a year old
            progress("read paths with %,d dossiers of history: %d calls each", history, calls);
            r.put("loaded", reads.run(calls));
        }
        report.put("readPaths", r);
    }

    // ---- ceilings ----------------------------------------------------------------------------------------------

    /** Produce → consume of records the size of our events, six partitions, acks=all, as our producers do. */
    private Map<String, Object> kafkaCeiling(int seconds) throws Exception {
        String bootstrap = "127.0.0.1:" + ports.kafka();
        String topic = "bench.ceiling." + System.currentTimeMillis();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        String value = EventJson.write(sampleEvent("ceiling", 0)).repeat(6).substring(0, 900);
        AtomicBoolean producing = new AtomicBoolean(true);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong consumed = new AtomicLong();
        Thread consumer = new Thread(() -> {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, topic,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500),
                    new StringDeserializer(), new StringDeserializer())) {
                c.subscribe(List.of(topic));
                long idleSince = System.nanoTime();
                while (producing.get() || System.nanoTime() - idleSince < 3_000_000_000L) {
                    var records = c.poll(Duration.ofMillis(200));
                    long now = System.currentTimeMillis();
                    for (ConsumerRecord<String, String> r : records) {
                        latencies.add(now - r.timestamp());
                    }
                    if (!records.isEmpty()) {
                        idleSince = System.nanoTime();
                    }
                    consumed.addAndGet(records.count());
                }
            }
        });
        consumer.start();
        long sent = 0;
        long start = System.nanoTime();
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer())) {
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                p.send(new ProducerRecord<>(topic, "k" + (sent % 10_000), value));
                sent++;
            }
            p.flush();
        }
        producing.set(false);
        consumer.join();
        double s = Bench.seconds(start);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("recordBytes", value.length());
        r.put("produced", sent);
        r.put("consumed", consumed.get());
        r.put("recordsPerSecond", Math.round(consumed.get() / s));
        r.put("latencyMs", percentiles(sorted));
        progress("broker ceiling: %,d records/s produce→consume (%d B, acks=all, 6 partitions)",
                r.get("recordsPerSecond"), value.length());
        return r;
    }

    /** Single-row commits at our client count, and batched inserts of rows like ours. */
    private Map<String, Object> postgresCeiling(int clients, int seconds) throws Exception {
        String base = "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/";
        try (Connection c = DriverManager.getConnection(base + "postgres", "postgres", "postgres")) {
            try {
                c.createStatement().execute("CREATE DATABASE bench_ceiling");
            } catch (SQLException exists) {
                // made by an earlier run
            }
        }
        String jdbc = base + "bench_ceiling?reWriteBatchedInserts=true";
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres")) {
            c.createStatement().execute("DROP TABLE IF EXISTS ceiling_row");
            c.createStatement().execute("CREATE TABLE ceiling_row (id BIGSERIAL PRIMARY KEY, item_code TEXT NOT NULL, "
                    + "status_code TEXT NOT NULL, occurred_at TIMESTAMPTZ NOT NULL, office TEXT, payload TEXT)");
        }
        String payload = "x".repeat(400);
        AtomicLong commits = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            done.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
                        PreparedStatement ps = c.prepareStatement("INSERT INTO ceiling_row (item_code, status_code, "
                                + "occurred_at, office, payload) VALUES (?, 'EMA', now(), '100000', ?)")) {
                    long n = 0;
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        ps.setString(1, TrackingNumber.of("EB", n++ % 90_000_000));
                        ps.setString(2, payload);
                        ps.executeUpdate(); // autocommit: one commit per row
                        latencies.add((System.nanoTime() - t0) / 1000);
                        commits.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        double single = commits.get() / (double) seconds;
        long rows = 0;
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("INSERT INTO ceiling_row (item_code, status_code, "
                        + "occurred_at, office, payload) VALUES (?, 'EMA', now(), '100000', ?)")) {
            c.setAutoCommit(false);
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                for (int i = 0; i < 500; i++) {
                    ps.setString(1, TrackingNumber.of("EC", (rows + i) % 90_000_000));
                    ps.setString(2, payload);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
                rows += 500;
            }
        }
        double batched = rows / Bench.seconds(start);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("clients", clients);
        r.put("singleRowCommitsPerSecond", Math.round(single));
        r.put("singleRowCommitLatencyMicros", percentiles(sorted));
        r.put("batchedRowsPerSecond", Math.round(batched));
        progress("database ceiling: %,d single-row commits/s at %d clients; %,d rows/s in batches of 500",
                Math.round(single), clients, Math.round(batched));
        return r;
    }

    // ---- the day -----------------------------------------------------------------------------------------------

    /** A dossier of the replay: its items and what we did to it. */
    record Dossier(String code, String agency, String token, String inbound, String outbound) {
    }

    record Day(List<Dossier> dossiers, Map<String, Long> transitionAnswered) {
    }

    /** Postal dossiers registered at a fixed rate, then accepted, in progress, result ready (the result by post). */
    private Day dossiers(int connections, int seconds, int rate, boolean measured) throws Exception {
        int n = rate * seconds;
        String day = LocalDate.now(VN).format(DateTimeFormatter.ofPattern("yyMMdd"));
        int base = 100_000 + (int) (System.currentTimeMillis() / 1000 % 800) * 1000;
        List<Dossier> dossiers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String[] a = AGENCIES[i % AGENCIES.length];
            dossiers.add(new Dossier(a[0] + "-" + day + "-" + (base + i), a[0], a[1],
                    TrackingNumber.of("EB", base * 100L + i), TrackingNumber.of("EC", base * 100L + i)));
        }
        Map<String, Object> rest = new LinkedHashMap<>();
        List<Long> registration = paced(dossiers, rate, connections, "registrations", d -> {
            int i = dossiers.indexOf(d);
            String[] a = AGENCIES[i % AGENCIES.length];
            String name = NAMES[i % NAMES.length];
            return send(url(port("dossier-service"), "/api/v1/dossiers"), token(d.token()), """
                    {"code": "%s", "procedureCode": "%s", "agencyCode": "%s", "channel": "POSTAL",
                     "returnMethod": "POSTAL", "summary": "Hồ sơ của %s", "inboundTrackingNumber": "%s",
                     "applicant": {"type": "CITIZEN", "name": "%s", "idNumber": "0792030%05d",
                      "phone": "09%08d", "address": {"line": "%s", "province": "Hà Nội"}}}"""
                    .formatted(d.code(), a[2], a[0], name, d.inbound(), name, i % 100_000, i,
                            STREETS[i % STREETS.length]),
                    201);
        });
        rest.put("registration", restFigures(registration, n, rate));
        Map<String, Long> answered = new ConcurrentHashMap<>();
        List<Long> transitions = new ArrayList<>();
        for (String to : List.of("ACCEPTED", "IN_PROGRESS", "RESULT_READY")) {
            transitions.addAll(paced(dossiers, rate, connections, "transitions to " + to, d -> {
                long t = send(url(port("dossier-service"), "/api/v1/dossiers/" + d.code() + "/transitions"),
                        token(d.token()), """
                                {"to": "%s", "handler": {"name": "Trần Văn Bình", "title": "Chuyên viên",
                                 "department": "Bộ phận một cửa"}}""".formatted(to), 200);
                answered.put(d.code() + ":" + statusCode(to), System.currentTimeMillis());
                return t;
            }));
        }
        Collections.sort(transitions);
        rest.put("transition", restFigures(transitions, transitions.size(), rate));
        // transition answered -> the portal holds that status or a later one (latest state wins: a status
        // overtaken before it was sent is never held as such, and needs not be)
        Map<String, Long> held = awaitPortal(dossiers, List.of(9), 300);
        List<Long> delays = new ArrayList<>();
        answered.forEach((k, at) -> {
            String code = k.substring(0, k.lastIndexOf(':'));
            int status = Integer.parseInt(k.substring(k.lastIndexOf(':') + 1));
            Long h = null;
            for (int later : List.of(2, 4, 9, 10)) {
                Long t = later >= status ? held.get(code + ":" + later) : null;
                if (t != null && (h == null || t < h)) {
                    h = t;
                }
            }
            if (h != null) {
                delays.add(Math.max(0, h - at));
            }
        });
        Collections.sort(delays);
        Map<String, Object> e2e = new LinkedHashMap<>();
        e2e.put("transitions", answered.size());
        e2e.put("reachedPortal", delays.size());
        e2e.put("delayMs", percentiles(delays));
        rest.put("transitionToPortal", e2e);
        if (measured) {
            report.put("dossiers", rest);
        }
        progress("dossiers: %d registered and moved three times at %d/s; transition → portal p50 %s ms, p99 %s ms",
                n, rate, pctOf(delays, 50), pctOf(delays, 99));
        return new Day(dossiers, answered);
    }

    /**
     * Registrations as fast as {@code connections} clients get answers (closed loop) for {@code seconds}: the most
     * the service sustains, and its latencies there.
     */
    private Map<String, Object> registrationBurst(int connections, int seconds) throws Exception {
        resources.quiet();
        Map<String, Long> cpuBefore = resources.cpuTicks();
        Statements.Mark sqlBefore = statements().mark();
        String day = LocalDate.now(VN).format(DateTimeFormatter.ofPattern("yyMMdd"));
        // numbers 900000 on of today's codes; a number an earlier burst of the day took (the warm-up's, an earlier
        // run's on the same stack) is answered 409 and skipped
        AtomicLong seq = new AtomicLong(900_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(50_000));
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            done.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long i = seq.incrementAndGet();
                    String name = NAMES[(int) (i % NAMES.length)];
                    long micros = sendUnlessTaken(url(port("dossier-service"), "/api/v1/dossiers"),
                            token("agency-h22"),
                            """
                                    {"code": "000.00.01.H22-%s-%d", "procedureCode": "1.001612",
                                     "agencyCode": "000.00.01.H22", "channel": "ONLINE", "returnMethod": "POSTAL",
                                     "summary": "Đăng ký khai sinh", "applicant": {"type": "CITIZEN", "name": "%s",
                                     "idNumber": "0792030%05d", "phone": "09%08d"}}""".formatted(day, i, name,
                                    i % 100_000,
                                    i % 100_000_000));
                    if (micros >= 0) {
                        latencies.add(micros);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        double s = Bench.seconds(start);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("clients", connections);
        r.put("registrations", sorted.size());
        r.put("perSecond", Math.round(sorted.size() / s));
        r.put("latencyMicros", percentiles(sorted));
        resources.quiet(); // what the registrations set off downstream (portal-sync, the portal) is theirs too
        r.put("cpu", resources.cpuPerOperation(cpuBefore, sorted.size()));
        r.put("sqlPerOperation", statements().perOperation(sqlBefore, sorted.size()));
        r.put("sqlStatements", statements().topStatements(sqlBefore, sorted.size(), 12));
        progress("registrations, closed loop with %d clients: %d/s, p99 %s µs", connections, r.get("perSecond"),
                pctOf(sorted, 99));
        return r;
    }

    private static int statusCode(String to) {
        return switch (to) {
            case "ACCEPTED" -> 2;
            case "IN_PROGRESS" -> 4;
            default -> 9;
        };
    }

    interface Step {
        long run(Dossier d) throws Exception;
    }

    /** Runs a step for every dossier at {@code rate} per second (open model); the answer times in µs. */
    private List<Long> paced(List<Dossier> dossiers, int rate, int connections, String what, Step step)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        long start = next;
        List<Future<?>> done = new ArrayList<>();
        try {
            for (Dossier d : dossiers) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                next += interval;
                done.add(pool.submit(() -> {
                    latencies.add(step.run(d));
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        progress("%s: %d in %.1f s", what, dossiers.size(), Bench.seconds(start));
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return sorted;
    }

    /** @param micros answer times, sorted */
    private Map<String, Object> restFigures(List<Long> micros, int n, int rate) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("requests", n);
        r.put("offeredPerSecond", rate);
        r.put("latencyMicros", percentiles(micros));
        return r;
    }

    // ---- VNPost ------------------------------------------------------------------------------------------------

    /**
     * One fixed rate: the dossiers' inbound and outbound items (their milestones reach the portal) and items of no
     * dossier, 10 % duplicated and 10 % late, half over HTTP in batches of 100 and half over Kafka.
     */
    private Map<String, Object> vnpostPhase(Day day, int phaseIndex, int phases, int rate, int seconds,
            int connections) throws Exception {
        VnpostEventGenerator generator = new VnpostEventGenerator(rate * 31L + seconds, "RR",
                10_000_000L + rate * 10_000L);
        OffsetDateTime to = OffsetDateTime.now(VN).minusMinutes(10);
        List<VnpostTrackingEvent> events = new ArrayList<>();
        boolean open = rate == 0; // open loop: as fast as the doors take them
        int target = (open ? 2000 : rate) * seconds;
        // the dossiers' items first: their milestones are what the portal must show
        int perPhase = Math.max(1, day.dossiers().size() / phases);
        List<Dossier> mine = day.dossiers().subList(Math.min(day.dossiers().size(), phaseIndex * perPhase),
                Math.min(day.dossiers().size(), (phaseIndex + 1) * perPhase));
        for (Dossier d : mine) {
            events.addAll(generator.item(d.inbound(), to.minusDays(3), to.minusDays(2), "").events());
            events.addAll(generator.item(d.outbound(), to.minusDays(1), to, d.code()).events());
        }
        while (events.size() < target) {
            events.addAll(generator.item(to.minusDays(2), to, null).events());
        }
        List<VnpostTrackingEvent> feed = generator.feed(events, 0.10, 0.10, 500);
        if (feed.size() > target) {
            feed = feed.subList(0, target);
        }
        Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
        List<Long> batchLatency = Collections.synchronizedList(new ArrayList<>());
        AtomicLong httpAccepted = new AtomicLong();
        AtomicLong sentKafka = new AtomicLong();
        AtomicLong httpBatches = new AtomicLong();
        double handledBefore = handled();
        resources.quiet();
        Map<String, Long> cpuBefore = resources.cpuTicks();
        Statements.Mark sqlBefore = statements().mark();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        int tick = 250; // ms
        int perTick = open ? 500 : Math.max(2, rate * tick / 1000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + ports.kafka(), ProducerConfig.ACKS_CONFIG,
                "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
            List<Future<?>> posts = new ArrayList<>();
            for (int i = 0, k = 0; i < feed.size(); i += perTick, k++) {
                long due = start + k * tick * 1_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0 && !open) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                while (open && k - (httpBatches.get() + 0) > connections * 2L) {
                    Thread.sleep(5); // open loop: keep every connection busy, no more
                }
                List<VnpostTrackingEvent> slice = feed.subList(i, Math.min(i + perTick, feed.size()));
                List<VnpostTrackingEvent> http = new ArrayList<>();
                for (int j = 0; j < slice.size(); j++) {
                    VnpostTrackingEvent e = slice.get(j);
                    if (j % 2 == 0) {
                        http.add(e);
                    } else {
                        long sentAt = System.currentTimeMillis();
                        producer.send(new ProducerRecord<>(Topics.VNPOST_TRACKING, e.itemCode(), EventJson.write(e)),
                                (meta, failure) -> {
                                    if (failure == null && key(e) != null) {
                                        acceptedAt.putIfAbsent(key(e), sentAt);
                                    }
                                });
                        sentKafka.incrementAndGet();
                    }
                }
                posts.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    String body = EventJson.write(http);
                    HttpResponse<String> r = bench.http.send(bench.signed(HttpRequest.newBuilder(URI.create(url(
                            port("postal-tracking-service"), "/api/v1/tracking-events")))
                            .timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + token("vnpost"))
                            .header("Content-Type", "application/json"), body)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    long now = System.currentTimeMillis();
                    batchLatency.add((System.nanoTime() - t0) / 1000);
                    httpBatches.incrementAndGet();
                    if (r.statusCode() == 200) {
                        JsonNode results = JSON.readTree(r.body()).path("results");
                        for (int j = 0; j < http.size(); j++) {
                            if ("accepted".equals(results.path(j).path("outcome").asText())) {
                                httpAccepted.incrementAndGet();
                                if (key(http.get(j)) != null) {
                                    acceptedAt.putIfAbsent(key(http.get(j)), now);
                                }
                            }
                        }
                    }
                    return null;
                }));
                if (k % 4 == 0) {
                    sample("vnpost", rate, httpAccepted.get() + sentKafka.get());
                }
            }
            for (Future<?> f : posts) {
                f.get();
            }
            producer.flush();
        } finally {
            pool.shutdownNow();
        }
        double offeredSeconds = Bench.seconds(start);
        // every event handled by postal-tracking (both doors), then the portal quiet
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (handled() - handledBefore < feed.size() && System.nanoTime() < deadline) {
            sample("vnpost", rate, (long) (handled() - handledBefore));
            Thread.sleep(500);
        }
        double handledSeconds = Bench.seconds(start);
        Map<String, Long> arrivals = awaitEntries(mine, 120);
        List<Long> e2e = new ArrayList<>();
        acceptedAt.forEach((k, at) -> {
            Long arrived = arrivals.get(k);
            if (arrived != null) {
                e2e.add(Math.max(0, arrived - at));
            }
        });
        Collections.sort(e2e);
        List<Long> batches = new ArrayList<>(batchLatency);
        Collections.sort(batches);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rate", open ? "open loop" : rate);
        r.put("events", feed.size());
        r.put("offeredSeconds", round(offeredSeconds));
        r.put("achievedPerSecond", Math.round(feed.size() / handledSeconds));
        r.put("httpBatchLatencyMicros", percentiles(batches));
        r.put("eventToPortalMs", percentiles(e2e));
        r.put("milestonesMeasured", e2e.size());
        resources.quiet();
        r.put("cpu", resources.cpuPerOperation(cpuBefore, feed.size()));
        r.put("sqlPerOperation", statements().perOperation(sqlBefore, feed.size()));
        r.put("sqlStatements", statements().topStatements(sqlBefore, feed.size(), 12));
        progress("VNPost at %s events/s: %d events handled at %d/s; event accepted → portal p50 %s ms, p99 %s ms",
                open ? "open-loop" : Integer.toString(rate), feed.size(), r.get("achievedPerSecond"), pctOf(e2e, 50),
                pctOf(e2e, 99));
        return r;
    }

    /**
     * The portal step an event is (its item and milestone), or {@code null} when it is none; the first acceptance of
     * a step is measured to the first entry of that step on the portal.
     */
    private static String key(VnpostTrackingEvent e) {
        String step = switch (e.statusCode()) {
            case "EMA", "6", "7" -> "ACCEPTED";
            case "EMI", "14" -> "DELIVERED";
            case "EDG", "12" -> "OUT_FOR_DELIVERY";
            case "EMH", "15" -> "FAILED";
            default -> null;
        };
        return step == null ? null : e.itemCode() + "|" + step;
    }

    /** When each step of the dossiers' items first reached the portal ({@code item|step} → epoch ms). */
    private Map<String, Long> awaitEntries(List<Dossier> dossiers, int seconds) throws Exception {
        Map<String, Dossier> byCode = new HashMap<>();
        dossiers.forEach(d -> byCode.put(d.code(), d));
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        int last = -1;
        JsonNode all = JSON.readTree(get(url(ports.portal(), "/_sim/entry-arrivals")));
        while (System.nanoTime() < deadline) {
            all = JSON.readTree(get(url(ports.portal(), "/_sim/entry-arrivals")));
            int count = 0;
            for (JsonNode a : all) {
                if (byCode.containsKey(a.path("code").asText())) {
                    count++;
                }
            }
            if (count == last) {
                break; // nothing new for three seconds: the portal is quiet
            }
            last = count;
            Thread.sleep(3000);
        }
        Map<String, Long> first = new HashMap<>();
        for (JsonNode a : all) {
            Dossier d = byCode.get(a.path("code").asText());
            if (d == null) {
                continue;
            }
            String content = a.path("content").asText();
            String item = content.contains(d.inbound())
                    ? d.inbound()
                    : content.contains(d.outbound()) ? d.outbound() : null;
            if (item != null) {
                first.merge(item + "|" + step(content), a.path("at").asLong(), Math::min);
            }
        }
        return first;
    }

    /** The step a progress entry reports, from the wording of projection/PostalProgressTexts in portal-sync. */
    private static String step(String content) {
        if (content.contains("đã nhận hồ sơ") || content.contains("đã giao cho bưu điện")) {
            return "ACCEPTED";
        }
        if (content.contains("chuyển giao") || content.contains("Đã phát")) {
            return "DELIVERED";
        }
        if (content.contains("đang phát")) {
            return "OUT_FOR_DELIVERY";
        }
        return "FAILED";
    }

    // ---- the end state -----------------------------------------------------------------------------------------

    /** Every dossier's status on the portal is dossier-service's; no entry twice; nothing owed, nothing parked. */
    private Map<String, Object> finalState(Day day) throws Exception {
        int wrongStatus = 0;
        int duplicated = 0;
        int owed = 0;
        int checked = 0;
        List<String> examples = new ArrayList<>();
        String operator = token("operator");
        for (Dossier d : day.dossiers()) {
            JsonNode ours = JSON
                    .readTree(get(url(port("dossier-service"), "/api/v1/dossiers/" + d.code()), token(d.token())));
            JsonNode held = JSON.readTree(get(url(ports.portal(), "/_sim/dossiers/" + d.code())));
            JsonNode sync = JSON.readTree(get(url(port("portal-sync-service"), "/api/v1/sync/" + d.code()), operator));
            checked++;
            String expected = Integer.toString(statusOf(ours.path("status").asText()));
            if (!expected.equals(held.path("TrangThaiHoSo").asText())) {
                wrongStatus++;
                if (examples.size() < 5) {
                    examples.add(d.code() + ": ours " + expected + ", portal " + held.path("TrangThaiHoSo").asText());
                }
            }
            Set<String> seen = new java.util.HashSet<>();
            for (JsonNode e : held.path("TienDo")) {
                if (!seen.add(e.path("ThoiDiemXuLy").asText() + "|" + e.path("NoiDungXuLy").asText())) {
                    duplicated++;
                }
            }
            if (sync.path("entriesOwed").asInt() > 0 || !"SYNCED".equals(sync.path("syncState").asText())) {
                owed++;
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("dossiersChecked", checked);
        r.put("wrongStatus", wrongStatus);
        r.put("entriesShownTwice", duplicated);
        r.put("notFullySynced", owed);
        r.put("exactlyRight", wrongStatus == 0 && duplicated == 0 && owed == 0);
        r.put("examples", examples);
        progress("final state: %s (%d dossiers; wrong status %d, entries twice %d, not fully synced %d)",
                wrongStatus == 0 && duplicated == 0 && owed == 0 ? "EXACTLY RIGHT" : "WRONG", checked, wrongStatus,
                duplicated, owed);
        return r;
    }

    private static int statusOf(String name) {
        return vn.bcci.contracts.DossierStatus.valueOf(name).portalCode();
    }

    // ---- plumbing ----------------------------------------------------------------------------------------------

    private Map<String, Long> awaitPortal(List<Dossier> dossiers, List<Integer> statuses, int seconds)
            throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            Map<String, Long> all = bench.firstHeld(url(ports.portal(), ""));
            int missing = 0;
            for (Dossier d : dossiers) {
                for (int s : statuses) {
                    if (!all.containsKey(d.code() + ":" + s)) {
                        missing++;
                    }
                }
            }
            if (missing == 0 || System.nanoTime() > deadline) {
                return all;
            }
            Thread.sleep(500);
        }
    }

    private String token(String client) {
        return tokens.computeIfAbsent(client, c -> {
            try {
                return bench.token(c);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("no token for " + c, e);
            }
        });
    }

    /** POSTs and returns the answer time in µs; any other status than {@code expected} stops the run. */
    private long send(String url, String token, String body, int expected) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = bench.post(url, token, body);
        long micros = (System.nanoTime() - t0) / 1000;
        if (r.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return micros;
    }

    /** A registration's microseconds, or -1 when its code was taken already (409). */
    private long sendUnlessTaken(String url, String token, String body) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = bench.post(url, token, body);
        long micros = (System.nanoTime() - t0) / 1000;
        if (r.statusCode() == 409) {
            return -1;
        }
        if (r.statusCode() != 201) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return micros;
    }

    /** The body of a GET answered 200, else {@code {}}. */
    private String get(String url, String token) throws IOException, InterruptedException {
        HttpResponse<String> r = bench.get(url, token);
        return r.statusCode() == 200 ? r.body() : "{}";
    }

    private String get(String url) throws IOException, InterruptedException {
        return get(url, null);
    }

    private double handled() throws IOException, InterruptedException {
        double handled = 0;
        for (int port : instancePorts.get("postal-tracking-service")) {
            handled += bench.handledByPostal(url(port, ""));
        }
        return handled;
    }

    /** The next instance of {@code service} to call, round the instances. */
    private int port(String service) {
        List<Integer> of = instancePorts.get(service);
        return of.get((int) (spread.getAndIncrement() % of.size()));
    }

    private void sample(String stage, int rate, long count) {
        System.out.printf("\r[%s %s/s] %,d events so far   ", stage, rate == 0 ? "open-loop" : rate, count);
    }

    /** Every second: VNPost events handled and portal calls answered so far, for the chart. */
    private void timelineSample() {
        try {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("t", System.currentTimeMillis());
            s.put("vnpostHandled", Math.round(handled()));
            long calls = 0;
            JsonNode answers = JSON.readTree(get(url(ports.portal(), "/_sim/stats"))).path("answers");
            for (var it = answers.fields(); it.hasNext();) {
                var e = it.next();
                if (e.getKey().startsWith("DongBoHoSoMC") || e.getKey().startsWith("CapNhatTienDoHoSoMC")) {
                    calls += e.getValue().asLong();
                }
            }
            s.put("portalCalls", calls);
            timeline.add(s);
        } catch (IOException | RuntimeException e) {
            // a sample missed; the next one comes in a second
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void progress(String format, Object... args) {
        System.out.printf("%n" + format + "%n", args);
    }

    private static Map<String, Object> percentiles(List<Long> sorted) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (sorted.isEmpty()) {
            return r;
        }
        r.put("p50", Bench.pct(sorted, 50));
        r.put("p95", Bench.pct(sorted, 95));
        r.put("p99", Bench.pct(sorted, 99));
        r.put("max", sorted.get(sorted.size() - 1));
        return r;
    }

    private static String pctOf(List<Long> sorted, int p) {
        return sorted.isEmpty() ? "-" : Long.toString(Bench.pct(sorted, p));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static VnpostTrackingEvent sampleEvent(String id, int n) {
        return new VnpostTrackingEvent(id, TrackingNumber.of("EB", n), "000.00.01.H22-261129-000001", "EMA",
                "2026-11-29T09:15:00+07:00", new VnpostTrackingEvent.PostOffice("100000", "Bưu cục Trung tâm Hà Nội"),
                "Đã nhận bưu gửi tại bưu cục giao dịch", null);
    }

    // ---- output ------------------------------------------------------------------------------------------------

    /**
     * How long the whole stack took to come up (jars built, data empty) and the CPU each process had spent by then:
     * with everything starting at once, the machine's cores allow it no sooner than their sum over the cores.
     */
    private Map<String, Object> stackUp(double seconds) {
        Map<String, Object> cpu = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Long> e : resources.cpuTicks().entrySet()) {
            cpu.put(e.getKey(), round(e.getValue() / 100.0));
            total += e.getValue() / 100.0;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("seconds", round(seconds));
        r.put("cpuSeconds", cpu);
        r.put("totalCpuSeconds", round(total));
        r.put("coresAllowAtLeastSeconds", round(total / Runtime.getRuntime().availableProcessors()));
        progress("local stack up in %.1f s; CPU spent starting %s s in all: %s", seconds, r.get("totalCpuSeconds"),
                cpu);
        return r;
    }

    @SuppressWarnings("unchecked")
    private void printReadPaths() throws IOException {
        Map<String, Object> r = (Map<String, Object>) report.get("readPaths");
        if (r == null) {
            return;
        }
        Map<String, Object> history = (Map<String, Object>) r.get("history");
        System.out.println("=".repeat(110));
        ReadPaths.print((Map<String, Map<String, Object>>) r.get("empty"),
                (Map<String, Map<String, Object>>) r.get("loaded"),
                history == null ? "loaded" : "%,d dossiers".formatted(((Number) history.get("dossiers")).intValue()));
        if (history != null) {
            System.out.printf("history: %,d dossiers over %s months loaded in %s s; rows %s; bytes %s%n",
                    ((Number) history.get("dossiers")).intValue(), history.get("months"), history.get("seconds"),
                    history.get("rows"), history.get("bytes"));
        }
    }

    @SuppressWarnings("unchecked")
    private void print() throws IOException {
        printReadPaths();
        Map<String, Object> ceilings = (Map<String, Object>) report.get("ceilings");
        Map<String, Object> kafka = (Map<String, Object>) ceilings.get("kafka");
        Map<String, Object> pg = (Map<String, Object>) ceilings.get("postgres");
        Map<String, Object> dossiers = (Map<String, Object>) report.get("dossiers");
        System.out.println();
        System.out.println("=".repeat(110));
        System.out.printf("%-46s %14s %10s %10s %10s %10s%n", "stage", "throughput/s", "p50", "p95", "p99", "max");
        System.out.println("-".repeat(110));
        row("broker produce→consume (ms, at saturation)", kafka.get("recordsPerSecond"),
                (Map<String, Object>) kafka.get(
                        "latencyMs"));
        row("PostgreSQL single-row commit (µs)", pg.get("singleRowCommitsPerSecond"),
                (Map<String, Object>) pg.get("singleRowCommitLatencyMicros"));
        row("PostgreSQL batched insert rows", pg.get("batchedRowsPerSecond"), Map.of());
        Map<String, Object> reg = (Map<String, Object>) dossiers.get("registration");
        row("registration REST (µs), offered", reg.get("offeredPerSecond"), (Map<String, Object>) reg.get(
                "latencyMicros"));
        Map<String, Object> tr = (Map<String, Object>) dossiers.get("transition");
        row("transition REST (µs), offered", tr.get("offeredPerSecond"), (Map<String, Object>) tr.get(
                "latencyMicros"));
        Map<String, Object> t2p = (Map<String, Object>) dossiers.get("transitionToPortal");
        row("transition answered → portal holds it (ms)", t2p.get("reachedPortal") + "/" + t2p.get("transitions"),
                (Map<String, Object>) t2p.get("delayMs"));
        for (Map<String, Object> phase : (List<Map<String, Object>>) report.get("vnpost")) {
            row("VNPost " + phase.get("rate") + "/s: HTTP batch (µs)", phase.get("achievedPerSecond"),
                    (Map<String, Object>) phase.get("httpBatchLatencyMicros"));
            row("VNPost " + phase.get("rate") + "/s: accepted → portal (ms)", phase.get("milestonesMeasured")
                    + " milestones", (Map<String, Object>) phase.get("eventToPortalMs"));
        }
        System.out.println("-".repeat(110));
        long single = ((Number) pg.get("singleRowCommitsPerSecond")).longValue();
        Map<String, Object> burst = (Map<String, Object>) report.get("registrationOpenLoop");
        row("registration REST, closed loop (µs)", burst.get("perSecond"), (Map<String, Object>) burst.get(
                "latencyMicros"));
        System.out.printf("registrations %s/s (closed loop, %s clients) = %.3f × the single-row commit ceiling at the "
                + "same client count (target: ≥ 3,000/s, p99 ≤ 25 ms, ≥ 0.3 × the ceiling)%n", burst.get("perSecond"),
                burst.get("clients"), ((Number) burst.get("perSecond")).doubleValue() / single);
        printCpu("registration", (Map<String, Object>) burst.get("cpu"));
        printSql("registration", (Map<String, Object>) burst.get("sqlPerOperation"));
        printStatements((Map<String, Object>) burst.get("sqlStatements"));
        for (Map<String, Object> phase : (List<Map<String, Object>>) report.get("vnpost")) {
            System.out.printf("VNPost %s/s achieved %s/s = %.3f × the broker ceiling, %.3f × the batched-insert "
                    + "ceiling%n", phase.get("rate"), phase.get("achievedPerSecond"),
                    ((Number) phase.get("achievedPerSecond")).doubleValue()
                            / ((Number) kafka.get("recordsPerSecond")).doubleValue(),
                    ((Number) phase.get("achievedPerSecond")).doubleValue()
                            / ((Number) pg.get("batchedRowsPerSecond")).doubleValue());
            printCpu("VNPost event at " + phase.get("rate") + "/s", (Map<String, Object>) phase.get("cpu"));
            printSql("VNPost event at " + phase.get("rate") + "/s", (Map<String, Object>) phase.get("sqlPerOperation"));
        }
        for (Map<String, Object> p : (List<Map<String, Object>>) report.get("processes")) {
            System.out.printf("process %-26s RSS %5s MB (peak %5s MB), CPU %5s %% of one core on average%n",
                    p.get("name"), p.get("rssMb"), p.get("peakRssMb"), p.get("cpuPercent"));
        }
        Map<String, Object> up = (Map<String, Object>) report.get("stackUp");
        if (up != null) {
            System.out.printf("local stack up in %s s (jars built, empty data; target ≤ 10 s); CPU spent starting: %s, "
                    + "%s s in all, so the %d cores allow it in %s s at the soonest%n", up.get("seconds"),
                    up.get("cpuSeconds"), up.get("totalCpuSeconds"), Runtime.getRuntime().availableProcessors(),
                    up.get("coresAllowAtLeastSeconds"));
        }
        Map<String, Object> end = (Map<String, Object>) report.get("finalState");
        System.out.println("final portal state: " + (Boolean.TRUE.equals(end.get("exactlyRight"))
                ? "EXACTLY RIGHT"
                : "WRONG " + end));
        System.out.println("=".repeat(110));
    }

    /** The SQL statements an operation cost each service's database. */
    private static void printSql(String what, Map<String, Object> sql) {
        if (sql != null) {
            System.out.printf("  SQL statements per %s: %s (pg_stat_statements; the loops' idle polling subtracted)%n",
                    what, sql);
        }
    }

    /** The statements an operation ran most, per database. */
    @SuppressWarnings("unchecked")
    private static void printStatements(Map<String, Object> top) {
        if (top != null) {
            top.forEach((db, rows) -> ((List<Map<String, Object>>) rows).forEach(row -> System.out.printf(
                    "    %-10s %6s  %s%n", db, row.get("perOperation"), row.get("statement"))));
        }
    }

    private Statements statements() {
        if (statements == null) {
            statements = new Statements("jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/postgres");
        }
        return statements;
    }

    /**
     * The SQL statements each service's database ran, from PostgreSQL's {@code pg_stat_statements} (local-infra's
     * Postgres preloads it): per operation, minus what the services' loops poll while idle, measured once for a few
     * seconds at the start. Absent (null) when the server does not have it.
     */
    static final class Statements {
        private static final List<String> DATABASES = List.of("dossier", "postal", "portalsync");
        private final String jdbc;
        private final boolean available;
        private Map<String, Double> idlePerSecond;

        /** Calls per statement ({@code database|query}) at an instant. */
        record Mark(Map<String, Long> statements, long nanos) {
            Map<String, Long> calls() {
                return perDatabase(statements);
            }
        }

        /** Calls per database: the sum of its statements'. */
        static Map<String, Long> perDatabase(Map<String, Long> statements) {
            Map<String, Long> calls = new HashMap<>();
            statements.forEach((key, n) -> calls.merge(key.substring(0, key.indexOf('|')), n, Long::sum));
            return calls;
        }

        Statements(String jdbc) {
            this.jdbc = jdbc;
            boolean ok;
            try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
                    var st = c.createStatement()) {
                st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                ok = true;
            } catch (SQLException e) {
                System.out.println("[bench] no SQL statement counts: " + e.getMessage());
                ok = false;
            }
            this.available = ok;
        }

        Mark mark() throws InterruptedException {
            if (!available) {
                return null;
            }
            if (idlePerSecond == null) {
                Mark a = new Mark(statements(), System.nanoTime());
                Thread.sleep(5000);
                Mark b = new Mark(statements(), System.nanoTime());
                double seconds = (b.nanos() - a.nanos()) / 1e9;
                idlePerSecond = new LinkedHashMap<>();
                for (String db : DATABASES) {
                    idlePerSecond.put(db, (b.calls().getOrDefault(db, 0L) - a.calls().getOrDefault(db, 0L))
                            / seconds);
                }
            }
            return new Mark(statements(), System.nanoTime());
        }

        Map<String, Object> perOperation(Mark before, long operations) {
            if (before == null || operations == 0) {
                return null;
            }
            Map<String, Long> now = perDatabase(statements());
            double seconds = (System.nanoTime() - before.nanos()) / 1e9;
            Map<String, Object> per = new LinkedHashMap<>();
            for (String db : DATABASES) {
                double ran = now.getOrDefault(db, 0L) - before.calls().getOrDefault(db, 0L)
                        - idlePerSecond.get(db) * seconds;
                per.put(db, round(Math.max(0, ran) / operations));
            }
            return per;
        }

        /**
         * The statements that ran most often since {@code before}, per database: each as calls per operation and its
         * text (the idle loops' polling included, which is why a row can show less than one call per operation).
         */
        Map<String, Object> topStatements(Mark before, long operations, int top) {
            if (before == null || operations == 0) {
                return null;
            }
            Map<String, Long> now = statements();
            Map<String, Object> per = new LinkedHashMap<>();
            for (String db : DATABASES) {
                List<Map<String, Object>> rows = new ArrayList<>();
                now.forEach((key, calls) -> {
                    if (key.startsWith(db + "|")) {
                        long ran = calls - before.statements().getOrDefault(key, 0L);
                        if (ran > 0) {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("perOperation", round((double) ran / operations));
                            row.put("statement", key.substring(db.length() + 1));
                            rows.add(row);
                        }
                    }
                });
                rows.sort((a, b) -> Double.compare(((Number) b.get("perOperation")).doubleValue(),
                        ((Number) a.get("perOperation")).doubleValue()));
                per.put(db, rows.subList(0, Math.min(top, rows.size())));
            }
            return per;
        }

        /** Calls per statement, keyed {@code database|normalized text} (whitespace collapsed, 160 characters). */
        private Map<String, Long> statements() {
            Map<String, Long> calls = new HashMap<>();
            try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
                    PreparedStatement ps = c.prepareStatement("SELECT d.datname, s.query, sum(s.calls) FROM "
                            + "pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid GROUP BY d.datname, s.query");
                    var rs = ps.executeQuery()) {
                while (rs.next()) {
                    String text = rs.getString(2).replaceAll("\\s+", " ").trim();
                    calls.merge(rs.getString(1) + "|" + text.substring(0, Math.min(160, text.length())),
                            rs.getLong(3), Long::sum);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("pg_stat_statements: " + e.getMessage(), e);
            }
            return calls;
        }
    }

    /** The CPU ceiling of an operation: what each process spends on one, and what the cores allow at most. */
    @SuppressWarnings("unchecked")
    private static void printCpu(String what, Map<String, Object> cpu) {
        if (cpu == null) {
            return;
        }
        StringBuilder parts = new StringBuilder();
        ((Map<String, Object>) cpu.get("msPerOperation"))
                .forEach((name, ms) -> parts.append(parts.isEmpty() ? "" : ", ")
                        .append(name.replaceAll(" \\(.*", "")).append(' ').append(ms));
        System.out.printf("  CPU per %s: %s ms (%s); the %d cores allow at most %s/s%n", what, cpu.get("totalMs"),
                parts, Runtime.getRuntime().availableProcessors(), cpu.get("coresAllowPerSecond"));
    }

    private static void row(String stage, Object throughput, Map<String, Object> p) {
        System.out.printf("%-46s %14s %10s %10s %10s %10s%n", stage, throughput, p.getOrDefault("p50", "-"),
                p.getOrDefault("p95", "-"), p.getOrDefault("p99", "-"), p.getOrDefault("max", "-"));
    }

    private void write() throws IOException {
        Path out = Path.of(bench.option("out", "bench/target/system-bench"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("system-bench.json"), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(report));
        String compare = bench.option("compare", "");
        @SuppressWarnings("unchecked")
        Map<String, Object> written = JSON.readValue(JSON.writeValueAsString(report), Map.class);
        Report.write(written, compare.isBlank() ? null : Report.read(Path.of(compare)), "system-bench.json", out);
        System.out.println("figures: " + out.resolve("system-bench.json") + ", report: "
                + out.resolve("system-bench.html") + " (charts also as throughput.svg, latency.svg, cpu.svg)");
        if (!Boolean.TRUE.equals(((Map<?, ?>) report.get("finalState")).get("exactlyRight"))) {
            System.out.println("FAILED: the final portal state is wrong, whatever the speed");
            System.exit(2);
        }
    }

    /** RSS and CPU of every process of the system, sampled each second from /proc. */
    private final class Resources {
        private final Map<String, long[]> first = new HashMap<>();
        private final Map<String, long[]> last = new HashMap<>();
        private final Map<String, Long> peak = new HashMap<>();
        private final Map<String, Long> rss = new HashMap<>();
        private final java.util.concurrent.ScheduledExecutorService timer = Executors
                .newSingleThreadScheduledExecutor();
        private long startNanos;

        void start() {
            startNanos = System.nanoTime();
            timer.scheduleAtFixedRate(this::sampleAll, 0, 1, TimeUnit.SECONDS);
        }

        void stop() {
            timer.shutdownNow();
            sampleAll();
        }

        private void sampleAll() {
            Map<String, long[]> now = new HashMap<>();
            Map<String, Long> rssNow = new HashMap<>();
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                        String name = name(cmd, p.getFileName().toString());
                        if (name == null) {
                            continue;
                        }
                        String[] stat = Files.readString(p.resolve("stat")).replaceAll(".*\\) ", "").split(" ");
                        long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
                        long rssPages = Long.parseLong(stat[21]);
                        now.merge(name, new long[]{ticks}, (a, b) -> new long[]{a[0] + b[0]});
                        rssNow.merge(name, rssPages * 4096 / (1024 * 1024), Long::sum);
                    } catch (IOException | RuntimeException gone) {
                        // the process ended while we looked
                    }
                }
            } catch (IOException e) {
                return;
            }
            synchronized (this) {
                now.forEach((k, v) -> {
                    first.putIfAbsent(k, v);
                    last.put(k, v);
                });
                rssNow.forEach((k, v) -> {
                    rss.put(k, v);
                    peak.merge(k, v, Math::max);
                });
            }
        }

        private String name(String cmd, String pid) {
            for (String s : List.of("dossier-service", "postal-tracking-service", "portal-sync-service")) {
                if (cmd.contains(s) && cmd.contains("quarkus-run.jar")) {
                    return s;
                }
            }
            if (cmd.startsWith("postgres") || cmd.contains("/bin/postgres")) {
                return "postgresql (sum of backends)";
            }
            if (cmd.contains("local-stack.jar")) {
                return "local stack (Kafka, simulator, issuer)";
            }
            if (pid.equals(Long.toString(ProcessHandle.current().pid()))) {
                return running ? "benchmark driver" : "benchmark driver + Kafka + simulator";
            }
            return null;
        }

        /** CPU time so far per process, in clock ticks (1/100 s), sampled now. */
        Map<String, Long> cpuTicks() {
            sampleAll();
            synchronized (this) {
                Map<String, Long> ticks = new LinkedHashMap<>();
                last.forEach((name, v) -> ticks.put(name, v[0]));
                return ticks;
            }
        }

        /** Waits (up to a minute) until the system is idle: less than a tenth of a core used over a second. */
        void quiet() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            Map<String, Long> before = cpuTicks();
            while (System.nanoTime() < deadline) {
                Thread.sleep(1000);
                Map<String, Long> now = cpuTicks();
                long used = now.entrySet().stream().filter(e -> !e.getKey().startsWith("benchmark"))
                        .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), e.getValue())).sum();
                if (used < 10) {
                    return;
                }
                before.clear();
                before.putAll(now);
            }
        }

        /**
         * CPU milliseconds each process spent per operation since {@code before}, the benchmark driver left out, and
         * their sum: how many operations per second the machine's cores allow at most, whatever the software.
         */
        Map<String, Object> cpuPerOperation(Map<String, Long> before, long operations) {
            Map<String, Long> now = cpuTicks();
            Map<String, Object> perProcess = new LinkedHashMap<>();
            double total = 0;
            for (Map.Entry<String, Long> e : now.entrySet()) {
                if (e.getKey().startsWith("benchmark") || operations == 0) {
                    continue;
                }
                // PostgreSQL's is the sum over its live backends: one that ended takes its time with it
                double ms = Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L)) * 10.0 / operations;
                perProcess.put(e.getKey(), round(ms));
                total += ms;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("msPerOperation", perProcess);
            r.put("totalMs", round(total));
            int cores = Runtime.getRuntime().availableProcessors();
            r.put("coresAllowPerSecond", total == 0 ? null : Math.round(cores * 1000 / total));
            return r;
        }

        synchronized List<Map<String, Object>> summary() {
            double seconds = Bench.seconds(startNanos);
            List<Map<String, Object>> list = new ArrayList<>();
            last.forEach((name, v) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", name);
                m.put("rssMb", rss.get(name));
                m.put("peakRssMb", peak.get(name));
                m.put("cpuPercent", Math.round((v[0] - first.get(name)[0]) / 100.0 / seconds * 100));
                list.add(m);
            });
            list.sort((a, b) -> ((String) a.get("name")).compareTo((String) b.get("name")));
            return list;
        }
    }

}
