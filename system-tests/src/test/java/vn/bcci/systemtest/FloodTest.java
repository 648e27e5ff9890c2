package vn.bcci.systemtest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.bcci.contracts.TrackingNumber;
import vn.bcci.infra.Deletes;
import vn.bcci.infra.FreePort;
import vn.bcci.infra.LocalStack;
import vn.bcci.portalsim.PortalSimulator;

/**
 * Fair share, proven on a stack of this test's own: one agency's one-stop system stuck in a loop floods registrations
 * at 25 times its writes quota (50 a second against 2 a second, a burst of 5: an override in the services'
 * environment, as docs/runbook.md "Quotas" tells an operator to set one), while a second agency registers postal
 * dossiers at 8 a second and VNPost pushes their acceptance at the post office. The flooder gets {@code 429} with
 * {@code Retry-After} and the {@code RateLimit} headers, and only its quota's worth is taken; the others' p99 with the
 * flood stays within 20 % of their p99 without it (each block's p99, the median of the six blocks a side), when the
 * same client sends at its quota's rate (the work the quota
 * grants it is there either way: what is measured is what the flood's excess costs the others). Blocks with and
 * without the flood alternate, after a warm-up, so the JIT and the growing tables weigh on both alike. Every dossier
 * accepted, the flooder's too, ends on the portal exactly as registered, and nothing refused is anywhere. The
 * operators' console lists the flooder as limited ({@code CLIENT_LIMITED}), with exactly the refusals it was answered,
 * and nobody else.
 */
class FloodTest {
    private static final String FLOODER = "000.00.01.H22";
    private static final String NEIGHBOUR = "000.00.00.G12";
    private static final double QUOTA_RATE = 2;
    private static final int QUOTA_BURST = 5;
    private static final int FLOOD_PER_SECOND = 50;
    private static final int NEIGHBOUR_PER_SECOND = 8;
    private static final Duration WARM_UP = Duration.ofSeconds(30);
    private static final Duration BLOCK = Duration.ofSeconds(10);
    /**
     * Blocks with ({@code F}) and without ({@code Q}) the flood: many short ones, in an order (ABBA) whose every half
     * sits as early as the other on average, so that what drifts with time (the JIT, the caches, the growing tables)
     * weighs on both alike. (Runs of Q F Q F… in 20 and 25 s blocks measured p99 65.0 / 66.7, 148.8 / 93.0 and
     * 366.9 / 93.6 ms without / with, and F Q Q F F Q 40.1 / 61.7 ms: whichever side came first carried what the
     * warm-up had left.)
     */
    private static final String BLOCKS = "FQQFFQQFFQQF";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalStack stack;
    private static LocalStack.Ports ports;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("bcci.root", "..")).toAbsolutePath().normalize();
        Path data = root.resolve("system-tests/target/flood-" + ProcessHandle.current().pid());
        Deletes.recursively(data);
        ports = new LocalStack.Ports(FreePort.next(), FreePort.next(), FreePort.next(), FreePort.next(),
                FreePort.next(), FreePort.next(), FreePort.next());
        stack = new LocalStack(root, data, ports)
                // the operator's override for one client, by its exact name (docs/runbook.md "Quotas")
                .with("bcci.quota.clients.\"agency-h22\".writes.rate", Double.toString(QUOTA_RATE))
                .with("bcci.quota.clients.\"agency-h22\".writes.burst", Integer.toString(QUOTA_BURST))
                // who is refused reaches the console every 5 s, not every minute
                .with("BCCI_QUOTA_REPORT_EVERY", "5s");
        stack.start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.stop();
        }
    }

    /**
     * One timed call of a well-behaved client, by the measured block it began in (-1: the warm-up, without the flood).
     */
    record Sample(int block, String call, long micros) {
        boolean flood() {
            return block >= 0 && BLOCKS.charAt(block) == 'F';
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4)).build();
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> neighbourCodes = ConcurrentHashMap.newKeySet();
    private final Set<String> floodAccepted = ConcurrentHashMap.newKeySet();
    private final Map<String, String> inboundOf = new ConcurrentHashMap<>();
    private final AtomicInteger floodSent = new AtomicInteger();
    private final AtomicInteger floodLimited = new AtomicInteger();
    /** The flooder's calls between floods, at its quota's rate. */
    private final Set<String> quietAccepted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger quietLimited = new AtomicInteger();
    private final List<String> badAnswers = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong items = new AtomicLong(System.currentTimeMillis() % 5_000_000L * 10);
    private volatile boolean flooding;
    private volatile int block = -1;

    @Test
    void aFlooderIsLimitedWhileItsNeighboursKeepTheirPaceAndNothingAcceptedIsLost() throws Exception {
        String flooder = SystemStack.bearer(ports.issuer(), "agency-h22");
        String neighbour = SystemStack.bearer(ports.issuer(), "agency-g12");
        String vnpost = SystemStack.bearer(ports.issuer(), "vnpost");
        await().atMost(Duration.ofSeconds(60)).until(() -> send(get(ports.dossier(), "/api/v1/procedures/1.001612",
                neighbour)).statusCode() == 200); // the catalogue has travelled from the portal

        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        ExecutorService neighbours = Executors.newFixedThreadPool(6);
        ScheduledExecutorService later = Executors.newScheduledThreadPool(4);
        clock.scheduleAtFixedRate(() -> neighbours.submit(() -> register(neighbour, vnpost, later)), 0,
                1_000 / NEIGHBOUR_PER_SECOND, TimeUnit.MILLISECONDS);
        AtomicLong ticks = new AtomicLong();
        long quietEvery = Math.round(FLOOD_PER_SECOND / QUOTA_RATE); // without the flood: its quota's rate
        clock.scheduleAtFixedRate(() -> {
            if (flooding || ticks.getAndIncrement() % quietEvery == 0) {
                flood(flooder, flooding);
            }
        }, 0, 1_000_000 / FLOOD_PER_SECOND, TimeUnit.MICROSECONDS);
        long floodNanos = 0;
        try {
            Thread.sleep(WARM_UP.toMillis());
            samples.clear();
            for (int b = 0; b < BLOCKS.length(); b++) {
                flooding = BLOCKS.charAt(b) == 'F';
                block = b;
                long began = System.nanoTime();
                Thread.sleep(BLOCK.toMillis());
                if (flooding) {
                    floodNanos += System.nanoTime() - began;
                }
            }
            flooding = false;
        } finally {
            clock.shutdown();
            clock.awaitTermination(10, TimeUnit.SECONDS);
            neighbours.shutdown(); // the registrations under way end, and schedule their pushes
            neighbours.awaitTermination(30, TimeUnit.SECONDS);
            later.shutdown(); // the pushes scheduled are made
            later.awaitTermination(30, TimeUnit.SECONDS);
        }
        // the flooder's calls still in flight are answered
        await().atMost(Duration.ofSeconds(30)).until(() -> floodLimited.get() + floodAccepted.size()
                + badAnswers.size() >= floodSent.get() && quietDone());

        List<Sample> taken = List.copyOf(samples);
        double quiet = p99(taken, false);
        double flooded = p99(taken, true);
        double quietBlocks = medianBlockP99(taken, false);
        double floodedBlocks = medianBlockP99(taken, true);
        double floodSeconds = floodNanos / 1e9;
        long floods = BLOCKS.replaceAll("F+", "F").chars().filter(c -> c == 'F').count(); // its bucket refills between
        double quotaWorth = QUOTA_BURST * floods + QUOTA_RATE * floodSeconds;
        System.out.printf("[flood] %d well-behaved calls timed; p99 without / with the flood: %.1f / %.1f ms "
                + "(p50 %.1f / %.1f ms)%n", taken.size(), quiet, flooded, quantile(taken, false, 0.5),
                quantile(taken, true, 0.5));
        System.out.printf("[flood] median of the blocks' p99 without / with the flood: %.1f / %.1f ms%n", quietBlocks,
                floodedBlocks);
        System.out.printf("[flood] flooder: %d registrations in %.0f s (%.0f a second, %.0f x its quota of %.0f a "
                + "second); %d answered 429, %d accepted (its quota's worth: %.0f)%n", floodSent.get(), floodSeconds,
                floodSent.get() / floodSeconds, floodSent.get() / floodSeconds / QUOTA_RATE, QUOTA_RATE,
                floodLimited.get(), floodAccepted.size(), quotaWorth);

        assertEquals(List.of(), badAnswers.stream().limit(5).toList(), "every answer a 201, or a 429 as it should be");
        assertTrue(floodSent.get() / floodSeconds >= 20 * QUOTA_RATE, "the flood is at least 20 x the quota");
        assertTrue(floodAccepted.size() <= quotaWorth + QUOTA_BURST && floodAccepted.size() >= quotaWorth * 0.8,
                "the flooder got its quota's worth, no more: " + floodAccepted.size() + " of " + quotaWorth);
        // The target: the others' p99 within 20 % of the run without the flood. The p99 is taken in each 10-s block
        // (about 160 calls) and the six blocks' p99 of a side give their median: the pooled p99, about the tenth
        // slowest of ~970 calls a side, is decided by whichever block met a stall (GC, the JIT, a checkpoint) and
        // measured -2 % to +84 %, once 2.02 x and once 5.3 x, in clean runs, while the median of the blocks measured
        // -16 %, -9 %, -0.7 %, +4 %, +8.5 % and +9 % in six runs (2026-12-07). A flood that takes the others' capacity,
        // as one without quotas would, slows every flooded block and fails it; both figures are printed.
        assertTrue(floodedBlocks <= quietBlocks * 1.2, "the others' p99 (median of the blocks') within 20 % of the "
                + "run without the flood: " + floodedBlocks + " ms against " + quietBlocks + " ms (pooled: " + flooded
                + " against " + quiet + ")");

        // nothing accepted is lost, nothing refused is anywhere, and the portal holds each exactly as registered
        PortalSimulator portal = stack.portal();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertEquals(flooderAccepted(), portal.codes(FLOODER + "-"), "the flooder's on the portal");
            assertEquals(new TreeSet<>(neighbourCodes), portal.codes(NEIGHBOUR + "-"), "the neighbour's");
            List<String> wrong = new ArrayList<>();
            for (String code : neighbourCodes) {
                JsonNode held = portal.dossier(code);
                JsonNode entries = held.path("TienDo");
                if (entries.size() != 1 || !entries.path(0).path("NoiDungXuLy").asText()
                        .contains(inboundOf.get(code))) {
                    wrong.add(code + " " + entries);
                }
            }
            for (String code : flooderAccepted()) {
                if (!portal.dossier(code).path("TienDo").isEmpty()) {
                    wrong.add(code + " " + portal.dossier(code).path("TienDo"));
                }
            }
            assertEquals(List.of(), wrong.stream().limit(5).toList(), "each with exactly its steps");
        });
        System.out.printf("[flood] on the portal: %d of the neighbour's, %d of the flooder's (all accepted, "
                + "none refused)%n", neighbourCodes.size(), flooderAccepted().size());

        // the operators' console lists who is being limited, with every refusal dossier-service made counted once
        String operator = SystemStack.bearer(ports.issuer(), "operator");
        String expected = "agency-h22 at dossier-service writes: " + (floodLimited.get() + quietLimited.get())
                + " refused";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode alerts = JSON.readTree(send(get(ports.portalSync(), "/api/v1/alerts/client-limited", operator))
                    .body());
            List<String> details = new ArrayList<>();
            alerts.forEach(a -> details.add(a.path("detail").asText() + " (" + a.path("agencyCode").asText() + ")"));
            assertTrue(details.stream().anyMatch(d -> d.startsWith(expected) && d.endsWith("(" + FLOODER + ")")),
                    "the console's CLIENT_LIMITED alert: " + details + ", expected " + expected);
            assertTrue(details.stream().noneMatch(d -> d.contains("agency-g12") || d.contains("vnpost")),
                    "nobody else limited: " + details);
        });
        System.out.println("[flood] the console's limited clients: " + expected);
    }

    private final AtomicInteger quietSent = new AtomicInteger();

    private boolean quietDone() {
        return quietAccepted.size() + quietLimited.get() >= quietSent.get();
    }

    /** Every registration of the flooder's that was accepted, in the floods and between them. */
    private SortedSet<String> flooderAccepted() {
        SortedSet<String> all = new TreeSet<>(floodAccepted);
        all.addAll(quietAccepted);
        return all;
    }

    // ---- the clients ---------------------------------------------------------------------------------------------

    /** The neighbour registers a postal dossier; VNPost pushes its item's acceptance two seconds later. */
    private void register(String neighbour, String vnpost, ScheduledExecutorService later) {
        String inbound = TrackingNumber.of("EB", items.incrementAndGet());
        int in = block;
        long started = System.nanoTime();
        HttpResponse<String> answer = send(post(ports.dossier(), "/api/v1/dossiers", neighbour,
                registration(NEIGHBOUR, inbound)));
        long micros = (System.nanoTime() - started) / 1_000;
        if (answer.statusCode() != 201) {
            badAnswers.add("neighbour's registration " + answer.statusCode() + " " + answer.body());
            return;
        }
        samples.add(new Sample(in, "registration", micros));
        String code = code(answer);
        neighbourCodes.add(code);
        inboundOf.put(code, inbound);
        later.schedule(() -> push(vnpost, inbound), 2, TimeUnit.SECONDS);
    }

    private void push(String vnpost, String inbound) {
        String body = """
                [{"eventId": "flood-%s", "itemCode": "%s", "orderNumber": "", "statusCode": "EMA",
                  "occurredAt": "%s", "postOffice": {"code": "100000", "name": "Bưu cục Hà Nội"}}]"""
                .formatted(inbound, inbound, OffsetDateTime.now(ZoneOffset.ofHours(7)).minusMinutes(1).withNano(0));
        HttpRequest.Builder request = HttpRequest.newBuilder(url(ports.postal(), "/api/v1/tracking-events"))
                .header("Authorization", vnpost).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        SystemStack.signed(stack.trackingWebhookSecret(), body).forEach(request::header);
        int in = block;
        long started = System.nanoTime();
        HttpResponse<String> answer = send(request.build());
        long micros = (System.nanoTime() - started) / 1_000;
        if (answer.statusCode() != 200 || !answer.body().contains("\"accepted\"")) {
            badAnswers.add("VNPost's push " + answer.statusCode() + " " + answer.body());
            return;
        }
        samples.add(new Sample(in, "push", micros));
    }

    /**
     * The flooder does not wait: every answer, 201 or 429, and it sends again at its own pace. Between floods it sends
     * at its quota's rate; only the flood's calls are counted.
     */
    private void flood(String flooder, boolean counted) {
        (counted ? floodSent : quietSent).incrementAndGet();
        http.sendAsync(post(ports.dossier(), "/api/v1/dossiers", flooder,
                registration(FLOODER, TrackingNumber.of("EB", items.incrementAndGet()))),
                HttpResponse.BodyHandlers.ofString()).whenComplete((answer, failure) -> {
                    if (failure != null) {
                        badAnswers.add("flooder's call failed: " + failure);
                    } else if (answer.statusCode() == 201) {
                        (counted ? floodAccepted : quietAccepted).add(code(answer));
                    } else if (answer.statusCode() == 429 && limitedAsItShouldBe(answer)) {
                        (counted ? floodLimited : quietLimited).incrementAndGet();
                    } else {
                        badAnswers.add("flooder's registration " + answer.statusCode() + " " + answer.headers().map()
                                + " " + answer.body());
                    }
                });
    }

    /** A 429 a client can act on: problem+json, Retry-After, RateLimit-Policy and RateLimit of the writes door. */
    private static boolean limitedAsItShouldBe(HttpResponse<String> answer) {
        return answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                && answer.headers().firstValue("Retry-After").map(v -> Long.parseLong(v) >= 1).orElse(false)
                && answer.headers().firstValue("RateLimit-Policy").orElse("").startsWith("\"writes\";q=" + QUOTA_BURST)
                && answer.headers().firstValue("RateLimit").orElse("").startsWith("\"writes\";r=0");
    }

    private static String registration(String agency, String inbound) {
        return """
                {"procedureCode": "1.001612", "agencyCode": "%s", "channel": "POSTAL", "returnMethod": "POSTAL",
                 "summary": "Đăng ký khai sinh",
                 "applicant": {"type": "CITIZEN", "name": "Trần Thị Bình", "idNumber": "079301002345",
                               "phone": "0987654321"},
                 "inboundTrackingNumber": "%s"}""".formatted(agency, inbound);
    }

    private static String code(HttpResponse<String> answer) {
        try {
            return JSON.readTree(answer.body()).path("code").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URI url(int port, String path) {
        return URI.create(SystemStack.url(port, path));
    }

    private static HttpRequest get(int port, String path, String bearer) {
        return HttpRequest.newBuilder(url(port, path)).header("Authorization", bearer).GET().build();
    }

    private static HttpRequest post(int port, String path, String bearer, String json) {
        return HttpRequest.newBuilder(url(port, path)).header("Authorization", bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The median, over the measured blocks with (or without) the flood, of each block's p99 (ms). */
    private static double medianBlockP99(List<Sample> samples, boolean flood) {
        double[] p99s = samples.stream().filter(s -> s.flood() == flood && s.block() >= 0)
                .collect(java.util.stream.Collectors.groupingBy(Sample::block)).values().stream()
                .mapToDouble(inBlock -> p99(inBlock, flood)).sorted().toArray();
        if (p99s.length == 0) {
            return Double.NaN;
        }
        int mid = p99s.length / 2;
        return p99s.length % 2 == 1 ? p99s[mid] : (p99s[mid - 1] + p99s[mid]) / 2;
    }

    private static double p99(List<Sample> samples, boolean flood) {
        return quantile(samples, flood, 0.99);
    }

    /** The {@code q} quantile of the well-behaved calls' times (ms) in the blocks with or without the flood. */
    private static double quantile(List<Sample> samples, boolean flood, double q) {
        long[] micros = samples.stream().filter(s -> s.flood() == flood).mapToLong(Sample::micros).sorted().toArray();
        if (micros.length == 0) {
            return Double.NaN;
        }
        return micros[(int) Math.min(micros.length - 1, Math.ceil(q * micros.length) - 1)] / 1000.0;
    }
}
