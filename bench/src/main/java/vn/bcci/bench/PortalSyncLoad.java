package vn.bcci.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * portal-sync-service's figures against a running local stack (issue 5): <b>delivery throughput</b>, the dossier
 * updates per second the portal simulator receives while portal-sync drains a backlog (the simulator is held in an
 * outage while {@code --dossiers} registrations pile up, then released), and <b>end-to-end delay</b>, from the moment
 * dossier-service answers a transition to the moment the simulator first holds that status, at a steady
 * {@code --rate} of transitions per second. Usage: {@code java -cp bench/target/bench.jar
 * vn.bcci.bench.PortalSyncLoad [--dossiers 2000] [--rate 50] [--connections 8]}.
 */
public final class PortalSyncLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AGENCY = "000.00.01.H22";
    private static final List<String> PROCEDURES = List.of("1.001612", "1.001193", "2.000635", "1.004746");

    private final Bench bench;
    private final String dossierService;
    private final String portal;
    private final String portalSync;
    private String agencyToken;
    private String operatorToken;

    private PortalSyncLoad(Bench bench) {
        this.bench = bench;
        this.dossierService = bench.option("dossier", "http://127.0.0.1:8081");
        this.portal = bench.option("portal", "http://127.0.0.1:8089");
        this.portalSync = bench.option("portal-sync", "http://127.0.0.1:8083");
    }

    public static void main(String[] args) throws Exception {
        new PortalSyncLoad(new Bench(args)).run();
    }

    private void run() throws Exception {
        int dossiers = bench.intOption("dossiers", 2000);
        int rate = bench.intOption("rate", 50);
        int connections = bench.intOption("connections", 8);
        agencyToken = bench.token("agency-h22");
        operatorToken = bench.token("operator");
        String day = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")).format(DateTimeFormatter.ofPattern("yyMMdd"));
        int base = ThreadLocalRandom.current().nextInt(100, 800) * 1000;
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < dossiers; i++) {
            codes.add(AGENCY + "-" + day + "-" + (base + i));
        }

        // 1. throughput: a backlog of registrations behind an outage, then drained
        control("{\"outage\": true, \"failureRate\": 0, \"latencyMs\": 0, \"rateLimitPerSecond\": 0}");
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String code : codes) {
                done.add(pool.submit(() -> register(code)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            System.out.printf("registered %d dossiers in %.1f s (portal in an outage)%n", dossiers,
                    Bench.seconds(start));
            awaitKnown(codes);
            control("{\"outage\": false}");
            long released = System.currentTimeMillis();
            Map<String, Long> held = awaitHeld(codes, 1, 300);
            List<Long> times = new ArrayList<>(held.values());
            Collections.sort(times);
            double drain = (times.get(times.size() - 1) - times.get(0)) / 1000.0;
            System.out.printf("backlog delivered: %d dossier creations in %.1f s after the first = %.0f dossier "
                    + "updates/s (first %d ms after the outage ended)%n", times.size(), drain,
                    times.size() / Math.max(drain, 0.001), times.get(0) - released);

            // 2. end-to-end delay at a steady rate: transition answered -> the portal holds the new status
            Map<String, Long> answered = new ConcurrentHashMap<>();
            long intervalNanos = 1_000_000_000L / rate;
            long next = System.nanoTime();
            List<Future<?>> moves = new ArrayList<>();
            for (String code : codes) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                next += intervalNanos;
                moves.add(pool.submit(() -> {
                    move(code, "ACCEPTED");
                    answered.put(code, System.currentTimeMillis());
                }));
            }
            for (Future<?> f : moves) {
                f.get();
            }
            Map<String, Long> accepted = awaitHeld(codes, 2, 120);
            List<Long> delays = new ArrayList<>();
            codes.forEach(c -> delays.add(accepted.get(c) - answered.get(c)));
            Collections.sort(delays);
            System.out.printf("end-to-end delay at %d transitions/s (%d dossiers): p50 %d ms, p95 %d ms, p99 %d ms, "
                    + "max %d ms%n", rate, dossiers, Bench.pct(delays, 50), Bench.pct(delays, 95),
                    Bench.pct(delays, 99), delays.get(delays.size() - 1));
        } finally {
            pool.shutdownNow();
            control("{\"outage\": false}");
        }
        Bench.rss("portal-sync-service");
    }

    private void register(String code) {
        int i = Math.abs(code.hashCode());
        String body = """
                {"code": "%s", "procedureCode": "%s", "agencyCode": "%s", "channel": "ONLINE",
                 "returnMethod": "POSTAL", "summary": "Hồ sơ trực tuyến",
                 "applicant": {"type": "CITIZEN", "name": "Nguyễn Thị Mai", "idNumber": "0012030%05d",
                               "phone": "09123%05d"}}""".formatted(code, PROCEDURES.get(i % PROCEDURES.size()),
                AGENCY, i % 100_000, i % 100_000);
        expect(201, send(dossierService + "/api/v1/dossiers", agencyToken, body), code);
    }

    private void move(String code, String to) {
        String body = """
                {"to": "%s", "handler": {"name": "Trần Văn Bình", "title": "Chuyên viên",
                 "department": "Bộ phận một cửa"}}""".formatted(to);
        expect(200, send(dossierService + "/api/v1/dossiers/" + code + "/transitions", agencyToken, body), code);
    }

    /** Waits until portal-sync has learned of every dossier (the whole backlog is in its database). */
    private void awaitKnown(List<String> codes) throws Exception {
        long deadline = System.nanoTime() + 600_000_000_000L;
        for (String code : codes) {
            while (bench.get(portalSync + "/api/v1/sync/" + code, operatorToken).statusCode() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("portal-sync never learned of " + code);
                }
                Thread.sleep(200);
            }
        }
        System.out.println("portal-sync knows all of them");
    }

    /** When the simulator first held {@code status} for each dossier (epoch ms), waiting for all of them. */
    private Map<String, Long> awaitHeld(List<String> codes, int status, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            Map<String, Long> all = bench.firstHeld(portal);
            Map<String, Long> ours = new java.util.HashMap<>();
            for (String code : codes) {
                Long at = all.get(code + ":" + status);
                if (at != null) {
                    ours.put(code, at);
                }
            }
            if (ours.size() == codes.size()) {
                return ours;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the portal holds status " + status + " for only " + ours.size()
                        + " of " + codes.size() + " dossiers after " + seconds + " s");
            }
            Thread.sleep(250);
        }
    }

    private void control(String body) throws IOException, InterruptedException {
        bench.http.send(HttpRequest.newBuilder(URI.create(portal + "/_sim/control"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
    }

    private HttpResponse<String> send(String url, String token, String body) {
        try {
            return bench.post(url, token, body);
        } catch (IOException e) {
            throw new IllegalStateException(url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void expect(int status, HttpResponse<String> response, String code) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(code + ": expected " + status + ", got " + response.statusCode() + " "
                    + response.body());
        }
    }
}
