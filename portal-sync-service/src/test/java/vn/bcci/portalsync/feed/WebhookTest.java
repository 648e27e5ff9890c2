package vn.bcci.portalsync.feed;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import vn.bcci.infra.testing.PortalSimulatorResource;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;
import vn.bcci.support.webhooks.StandardWebhooks;

/** Webhook subscriptions to the operators' feed (issue 5 §7), against a receiver that fails as real ones do. */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
@WithTestResource(value = PortalSimulatorResource.class)
class WebhookTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An operator's system: verifies every call's signature, answers as told, keeps what it accepted. */
    static final class Receiver implements AutoCloseable {
        final HttpServer server;
        volatile String secret;
        final AtomicInteger failuresToGive = new AtomicInteger();
        volatile boolean down;
        final List<Long> accepted = new CopyOnWriteArrayList<>();
        final Set<String> messageIds = ConcurrentHashMap.newKeySet();
        final List<String> refusals = new CopyOnWriteArrayList<>();
        final List<String> summaries = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.createContext("/hook", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        private void handle(HttpExchange ex) throws IOException {
            calls.incrementAndGet();
            byte[] body = ex.getRequestBody().readAllBytes();
            String id = ex.getRequestHeaders().getFirst(StandardWebhooks.ID);
            String why = new StandardWebhooks(secret).refusal(id,
                    ex.getRequestHeaders().getFirst(StandardWebhooks.TIMESTAMP),
                    ex.getRequestHeaders().getFirst(StandardWebhooks.SIGNATURE), body, Instant.now(),
                    Duration.ofMinutes(5));
            int status;
            if (why != null) {
                refusals.add(why);
                status = 401;
            } else if (down || failuresToGive.getAndDecrement() > 0) {
                status = 503;
            } else {
                if (messageIds.add(id)) { // a repeat of a message already taken is acknowledged, not taken twice
                    for (JsonNode e : JSON.readTree(body).path("data").path("entries")) {
                        accepted.add(e.path("seq").asLong());
                        summaries.add(e.path("summary").asText());
                    }
                }
                status = 204;
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private Receiver receiver;

    @BeforeEach
    void open() throws IOException {
        receiver = new Receiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    private static long lastSequence() {
        long after = 0;
        while (true) {
            long last = given().header("Authorization", Tokens.bearer("operator")).queryParam("after", after)
                    .queryParam("limit", 1000).get("/api/v1/feed").then().statusCode(200).extract().jsonPath()
                    .getLong("last");
            if (last == after) {
                return last;
            }
            after = last;
        }
    }

    private long subscribe(Long fromSequence) {
        JsonNode created = JSON.valueToTree(given().header("Authorization", Tokens.bearer("operator"))
                .contentType(ContentType.JSON)
                .body(fromSequence == null
                        ? "{\"url\": \"" + receiver.url() + "\"}"
                        : "{\"url\": \"" + receiver.url() + "\", \"fromSequence\": " + fromSequence + "}")
                .post("/api/v1/webhooks").then().statusCode(201).extract().as(java.util.Map.class));
        receiver.secret = created.path("secret").asText();
        assertTrue(receiver.secret.startsWith("whsec_"), "the secret is handed out once, the standard's way");
        return created.path("subscription").path("id").asLong();
    }

    /** Sequence numbers after {@code from} the receiver must hold: all of them, each once, in order. */
    private void assertReceivedExactlyOnceInOrder(long from, long upTo) {
        List<Long> expected = new ArrayList<>();
        for (long s = from + 1; s <= upTo; s++) {
            expected.add(s);
        }
        List<Long> got = new ArrayList<>(receiver.accepted);
        assertEquals(expected, got.subList(0, Math.min(got.size(), expected.size())));
        for (int i = 1; i < got.size(); i++) {
            assertEquals(got.get(i - 1) + 1, got.get(i), "no entry missed or repeated: " + got);
        }
    }

    @Test
    void aReceiverThatFailsAWhileGetsEveryEntryOnceInOrderSignedAndMasked() {
        long from = lastSequence();
        receiver.failuresToGive.set(3);
        long id = subscribe(from);
        FeedTest.registerAndAccept(6);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            long last = lastSequence();
            assertTrue(last >= from + 12, "the twelve changes are in the feed");
            assertTrue(receiver.accepted.size() >= last - from, "delivered up to " + last);
        });
        assertReceivedExactlyOnceInOrder(from, lastSequence());
        assertTrue(receiver.refusals.isEmpty(), "every call is signed with the subscription's secret: "
                + receiver.refusals);
        assertTrue(receiver.summaries.stream().anyMatch(s -> s.contains("qua kênh bưu chính công ích, chủ hồ sơ "
                + "N. V. An")), "the registrations are there, in Vietnamese: " + receiver.summaries);
        assertTrue(receiver.summaries.stream().noneMatch(s -> s.contains("Nguyễn Văn An")),
                "the applicant's name is masked");
        given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/webhooks/" + id).then()
                .statusCode(200).body("state", equalTo("ACTIVE")).body("failureStreak", equalTo(0))
                .body("lastSuccessAt", not(nullValue()));
    }

    @Test
    void aReceiverDownForLongIsDisabledAndRecoversFromASequenceNumber() {
        long from = lastSequence();
        receiver.down = true;
        long id = subscribe(from);
        FeedTest.registerAndAccept(2);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer("operator")).get("/api/v1/webhooks/" + id).then()
                .statusCode(200).body("state", equalTo("DISABLED"))
                .body("disabledReason", org.hamcrest.Matchers.containsString("503")));
        // the operators are told: a DISABLED_WEBHOOK alert names it until it is recovered
        given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/alerts/disabled-webhook?limit=500")
                .then().statusCode(200).body("detail", org.hamcrest.Matchers.hasItem(
                        org.hamcrest.Matchers.startsWith("#" + id + " " + receiver.url() + ": ")));
        given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/alerts").then()
                .body("counts.DISABLED_WEBHOOK", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        int callsWhenDisabled = receiver.calls.get();
        FeedTest.registerAndAccept(1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertEquals(callsWhenDisabled, receiver.calls.get(), "a disabled one is left "
                        + "alone"));
        assertTrue(receiver.accepted.isEmpty());

        // the receiver is fixed; its owner recovers the subscription from where its own records stop
        receiver.down = false;
        long resumeAfter = from + 2;
        given().header("Authorization", Tokens.bearer("operator")).contentType(ContentType.JSON)
                .body("{\"fromSequence\": " + resumeAfter + "}").post("/api/v1/webhooks/" + id + "/recover")
                .then().statusCode(200).body("state", equalTo("ACTIVE")).body("deliveredSequence",
                        equalTo((int) resumeAfter));
        given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/audit").then().statusCode(200)
                .body("find { it.target == 'webhook " + id + "' }.action", equalTo("RECOVER_WEBHOOK"))
                .body("find { it.target == 'webhook " + id + "' }.detail",
                        equalTo("was DISABLED, from sequence " + resumeAfter));
        given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/alerts/disabled-webhook?limit=500")
                .then().statusCode(200).body("detail", not(org.hamcrest.Matchers.hasItem(
                        org.hamcrest.Matchers.startsWith("#" + id + " "))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(
                receiver.accepted.size() >= lastSequence() - resumeAfter));
        assertReceivedExactlyOnceInOrder(resumeAfter, lastSequence());
    }

    @Test
    void badSubscriptionsAreRefusedNamingTheFieldAndAgenciesSeeOnlyTheirOwn() {
        given().header("Authorization", Tokens.bearer("operator")).contentType(ContentType.JSON)
                .body("{\"url\": \"ftp://example.org/x\"}").post("/api/v1/webhooks").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("url"));
        given().header("Authorization", Tokens.bearer("operator")).contentType(ContentType.JSON)
                .body("{\"url\": \"https://example.org/x\", \"fromSequence\": -1}").post("/api/v1/webhooks").then()
                .statusCode(400).contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON)
                .body("{\"url\": \"https://example.org/x\", \"agency\": \"000.00.01.G12\"}")
                .post("/api/v1/webhooks").then().statusCode(403);
        long id = JSON.valueToTree(given().header("Authorization", Tokens.bearer("operator"))
                .contentType(ContentType.JSON).body("{\"url\": \"https://example.org/all\"}")
                .post("/api/v1/webhooks").then().statusCode(201).extract().as(java.util.Map.class))
                .path("subscription").path("id").asLong();
        given().header("Authorization", Tokens.bearer("agency-h22")).get("/api/v1/webhooks/" + id).then()
                .statusCode(404);
        given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/webhooks/" + id).then()
                .statusCode(200).body("secret", nullValue());
        // the list, as the console asks for it (an operator's list of every agency's answered 500 once)
        given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/webhooks?limit=20").then()
                .statusCode(200).body("id", org.hamcrest.Matchers.hasItem((int) id))
                .body("secret", org.hamcrest.Matchers.everyItem(nullValue()));
        given().header("Authorization", Tokens.bearer("agency-h22")).get("/api/v1/webhooks").then()
                .statusCode(200).body("id", not(org.hamcrest.Matchers.hasItem((int) id)));
        given().header("Authorization", Tokens.bearer("operator")).delete("/api/v1/webhooks/" + id).then()
                .statusCode(204);
        given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/webhooks/" + id).then()
                .statusCode(404);
    }
}
