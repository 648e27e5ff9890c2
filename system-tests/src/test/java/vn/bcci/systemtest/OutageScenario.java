package vn.bcci.systemtest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.VietnamTime;

/**
 * An outage of one of our own dependencies under load, healing with no service restarted by the test: postal dossiers
 * registered with their Idempotency-Key, their inbound items accepted and handed over by VNPost, then accepted by the
 * agency, every call retried on 503 as a client would; the dependency is stopped for {@link #OUTAGE} (two minutes;
 * {@code -Dbcci.outage.seconds} shortens it for a quick local run) and started again. Every service's liveness stays UP
 * throughout, readiness goes down for every service and comes back, the REST doors answer 503 while the
 * database is away, every dossier ends on the portal with its latest status and each step once
 * (nothing lost, nothing doubled), in the order the steps happened, no status ever gone back, and the system converges
 * within 30 s of the dependency's return (printed). One class per dependency ({@link PostgresOutageTest},
 * {@link BrokerOutageTest}) so that the suite runs them on stacks of their own, side by side.
 */
@ExtendWith(SystemStack.class)
abstract class OutageScenario {
    private static final String AGENCY = "000.00.01.H22";
    private static final List<String> SERVICES = List.of("dossier-service", "postal-tracking-service",
            "portal-sync-service");
    static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("bcci.outage.seconds", 120));
    private static final Duration CONVERGENCE = Duration.ofSeconds(30);
    /** Steps each dossier takes: registered (1), inbound accepted, handed over, accepted (2): 3 portal entries. */
    private static final int ENTRIES = 3;
    /** Dossiers through all their steps before the outage starts. */
    private static final int WARM_UP = 20;

    private final String agency = SystemStack.bearer("agency-h22");
    private final String vnpost = SystemStack.bearer("vnpost");
    private final String day = LocalDate.now(VietnamTime.ZONE).format(DateTimeFormatter.ofPattern("yyMMdd"));
    final AtomicInteger sequence = new AtomicInteger((int) (Math.random() * 400_000));

    /** 503 answers the clients met (each retried): what our REST doors answer while a dependency is away. */
    private static final AtomicInteger UNAVAILABLE = new AtomicInteger();

    /**
     * @param answers503 whether the REST doors answer 503 while {@code what} is away (the database: every write needs
     *        it; the broker: writes go to the outbox and are taken)
     */
    protected final void outage(String what, Runnable stop, Runnable start, boolean answers503) throws Exception {
        io.restassured.RestAssured.config = io.restassured.config.RestAssuredConfig.config().httpClient(
                io.restassured.config.HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 20_000)
                        .setParam("http.connection.timeout", 5_000));
        List<String[]> dossiers = new CopyOnWriteArrayList<>();
        AtomicBoolean creating = new AtomicBoolean(true);
        AtomicInteger finished = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<Object>> workers = new CopyOnWriteArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(load.submit(() -> {
                while (creating.get()) {
                    String code = nextCode();
                    String item = TrackingNumber.of("EU", sequence.incrementAndGet() + 10_000_000L);
                    dossiers.add(new String[]{code, item});
                    register(code, item);
                    push(item, "EMA", 0);
                    push(item, "EMI", 1);
                    handedOver(code); // an agency accepts a dossier it has received, as it does at its desk
                    accept(code);
                    finished.incrementAndGet();
                }
                return null;
            }));
        }
        // under load means dossiers going through their steps: at least 15 s of it and 20 dossiers done (a stack
        // sharing the machine with others warms up slowly)
        Thread.sleep(15_000);
        await().atMost(Duration.ofMinutes(2)).until(() -> finished.get() >= WARM_UP);
        int before = dossiers.size();
        int unavailableBefore = UNAVAILABLE.get();
        Map<String, Integer> readinessDown = new ConcurrentHashMap<>();
        List<String> livenessDown = new CopyOnWriteArrayList<>();
        stop.run();
        long outageEnds = System.nanoTime() + OUTAGE.toNanos();
        while (System.nanoTime() < outageEnds) {
            watch(livenessDown, readinessDown);
            Thread.sleep(2_000);
        }
        start.run();
        long back = System.nanoTime();
        creating.set(false);
        load.shutdown();
        // the dossiers in flight finish their steps (each call retried until it goes through), then all must be right
        long deadline = back + CONVERGENCE.plusSeconds(60).toNanos();
        boolean converged = false;
        while (!converged && System.nanoTime() < deadline) {
            watch(livenessDown, readinessDown);
            converged = load.isTerminated() && allReady() && dossiers.stream().allMatch(d -> complete(d[0]));
            if (!converged) {
                Thread.sleep(500);
            }
        }
        for (java.util.concurrent.Future<Object> worker : workers) {
            if (worker.isDone()) {
                try {
                    worker.get();
                } catch (java.util.concurrent.ExecutionException e) { // a client met an answer it must never get
                    throw new AssertionError(what + ": a client's call failed: " + e.getCause().getMessage(),
                            e.getCause());
                }
            }
        }
        if (!converged) {
            List<String> wrong = dossiers.stream().filter(d -> !complete(d[0])).map(d -> why(d[0])).limit(5)
                    .toList();
            throw new AssertionError(what + ": not converged " + CONVERGENCE.plusSeconds(60).toSeconds()
                    + " s after it came back; load done " + load.isTerminated() + ", readiness " + readiness()
                    + ", " + dossiers.stream().filter(d -> !complete(d[0])).count() + " of " + dossiers.size()
                    + " dossiers not right, e.g. " + wrong);
        }
        double convergedAfter = (System.nanoTime() - back) / 1e9;
        assertTrue(load.awaitTermination(1, TimeUnit.SECONDS));
        for (String[] d : dossiers) {
            assertComplete(d[0]);
        }
        List<String> outOfOrder = dossiers.stream().map(d -> d[0]).filter(code -> !inTimeOrder(code)).toList();
        List<String> regressed = dossiers.stream().map(d -> d[0])
                .filter(code -> SystemStack.stack().portal().statusWentBack(code, List.of(1, 2))).toList();
        System.out.printf("[outage] %s down for %d s under load: %d dossiers (%d before it), liveness DOWN %d times, "
                + "readiness DOWN seen %s, 503 answers %d; converged %.1f s after it came back (target ≤ %d s); 0 lost, 0 doubled; "
                + "%d with a step shown out of order, %d whose status went back%n", what,
                OUTAGE.toSeconds(), dossiers.size(), before, livenessDown.size(), readinessDown,
                UNAVAILABLE.get() - unavailableBefore, convergedAfter,
                CONVERGENCE.toSeconds(), outOfOrder.size(), regressed.size());
        assertEquals(List.of(), livenessDown, "liveness stays UP through the outage");
        assertEquals(SERVICES.stream().sorted().toList(), readinessDown.keySet().stream().sorted().toList(),
                "every service reports itself not ready while " + what + " is down");
        if (answers503) {
            assertTrue(UNAVAILABLE.get() > unavailableBefore, "the REST doors answered 503 while " + what
                    + " was down (each 503 with Retry-After and problem+json: Clients.untilAnswered)");
        }
        assertEquals(List.of(), outOfOrder.stream().limit(5).map(code -> code + " " + portal(code).path("TienDo"))
                .toList(), "every dossier shows its steps in the order they happened");
        assertEquals(List.of(), regressed.stream().limit(5).map(code -> code + " " + SystemStack.stack().portal()
                .statusHistory(code)).toList(), "no status ever went back on the portal");
        assertTrue(convergedAfter <= CONVERGENCE.toSeconds(), "converged in " + convergedAfter + " s");
    }

    private void watch(List<String> livenessDown, Map<String, Integer> readinessDown) {
        for (String service : SERVICES) {
            int port = port(service);
            int live = status(port, "/q/health/live");
            if (live != 200) {
                livenessDown.add(service + " " + live);
            }
            if (status(port, "/q/health/ready") != 200) {
                readinessDown.merge(service, 1, Integer::sum);
            }
        }
    }

    private String why(String code) {
        try {
            assertComplete(code);
            return code + " right";
        } catch (AssertionError e) {
            return e.getMessage();
        }
    }

    private Map<String, Integer> readiness() {
        Map<String, Integer> r = new java.util.TreeMap<>();
        SERVICES.forEach(s -> r.put(s, status(port(s), "/q/health/ready")));
        return r;
    }

    private boolean allReady() {
        return SERVICES.stream().allMatch(s -> status(port(s), "/q/health/ready") == 200);
    }

    private boolean complete(String code) {
        try {
            assertComplete(code);
            return true;
        } catch (AssertionError notYet) {
            return false;
        }
    }

    /**
     * The portal holds the dossier with its latest status and every step once: nothing lost, nothing doubled. The
     * order of its steps is checked once all are there ({@link #inTimeOrder}).
     */
    private void assertComplete(String code) {
        JsonNode held = portal(code);
        assertNotNull(held, code + " is on the portal");
        assertEquals("2", held.path("TrangThaiHoSo").asText(), code + " shows its latest status");
        JsonNode entries = held.path("TienDo");
        Set<String> distinct = new HashSet<>();
        for (JsonNode e : entries) {
            distinct.add(e.path("ThoiDiemXuLy").asText() + "|" + e.path("NoiDungXuLy").asText());
        }
        assertEquals(ENTRIES, entries.size(), code + " shows each step once: " + entries);
        assertEquals(ENTRIES, distinct.size(), code + " shows no step twice: " + entries);
    }

    private boolean inTimeOrder(String code) {
        String previous = "";
        for (JsonNode e : portal(code).path("TienDo")) {
            if (e.path("ThoiDiemXuLy").asText().compareTo(previous) < 0) {
                return false;
            }
            previous = e.path("ThoiDiemXuLy").asText();
        }
        return true;
    }

    JsonNode portal(String code) {
        return SystemStack.stack().portal().dossier(code);
    }

    String nextCode() {
        return AGENCY + "-" + day + "-" + (500_000 + sequence.incrementAndGet());
    }

    void register(String code, String item) {
        String body = """
                {"code": "%s", "procedureCode": "1.001612", "agencyCode": "%s", "channel": "POSTAL",
                 "returnMethod": "POSTAL", "summary": "Đăng ký khai sinh",
                 "applicant": {"type": "CITIZEN", "name": "Lý Thị Mai", "idNumber": "001203001234"},
                 "inboundTrackingNumber": "%s"}""".formatted(code, AGENCY, item);
        retried(() -> given().header("Authorization", agency).header("Idempotency-Key", "outage-" + code)
                .contentType(ContentType.JSON).body(body)
                .post(SystemStack.url(SystemStack.ports().dossier(), "/api/v1/dossiers")), 201);
    }

    private void push(String item, String status, int minutes) {
        String at = OffsetDateTime.now(ZoneOffset.ofHours(7)).minusMinutes(3 - minutes).withNano(0).toString();
        String body = """
                [{"eventId": "outage-%s-%s", "itemCode": "%s", "statusCode": "%s", "occurredAt": "%s",
                  "postOffice": {"code": "100000", "name": "Bưu cục Hà Nội"}}]""".formatted(item, status, item, status,
                at);
        retried(() -> SystemStack.pushSigned(vnpost, body)
                .post(SystemStack.url(SystemStack.ports().postal(), "/api/v1/tracking-events")), 200);
    }

    private void handedOver(String code) {
        long deadline = System.nanoTime() + OUTAGE.plusSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            Response r = retried(() -> given().header("Authorization", agency)
                    .get(SystemStack.url(SystemStack.ports().dossier(), "/api/v1/dossiers/" + code)), 200);
            if (r.jsonPath().getString("receivedFromPostAt") != null) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(code + " never handed over");
    }

    private void accept(String code) {
        Response answer = retried(() -> given().header("Authorization", agency).contentType(ContentType.JSON)
                .body("{\"to\": \"ACCEPTED\", \"handler\": {\"name\": \"Nguyễn Thị Hoa\"}}")
                .post(SystemStack.url(SystemStack.ports().dossier(), "/api/v1/dossiers/" + code + "/transitions")),
                200, 409);
        if (answer.statusCode() == 409) { // an earlier attempt went through and only its answer was lost
            given().header("Authorization", agency)
                    .get(SystemStack.url(SystemStack.ports().dossier(), "/api/v1/dossiers/" + code)).then()
                    .body("status", org.hamcrest.Matchers.equalTo("ACCEPTED"));
        }
    }

    /** A call as a client makes it ({@link Clients#untilAnswered}), patient for the outage and two minutes more. */
    private static Response retried(Supplier<Response> call, int... expected) {
        return Clients.untilAnswered("a call", OUTAGE.plusSeconds(120), Duration.ofMillis(500), n -> {
            Response r = call.get();
            if (r.statusCode() == 503) {
                UNAVAILABLE.incrementAndGet();
            }
            return r;
        }, expected);
    }

    private static int port(String service) {
        return switch (service) {
            case "dossier-service" -> SystemStack.ports().dossier();
            case "postal-tracking-service" -> SystemStack.ports().postal();
            default -> SystemStack.ports().portalSync();
        };
    }

    static int status(int port, String path) {
        try {
            return given().get(SystemStack.url(port, path)).statusCode();
        } catch (Exception unreachable) { // RestAssured throws the connection's IOException unchecked
            return -1;
        }
    }
}
