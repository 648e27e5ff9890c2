package vn.bcci.portalsync.feed;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.infra.testing.PortalSimulatorResource;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;
import vn.bcci.portalsync.DossierEvents;

/** The operators' feed: every change once, numbered without gaps, resumable as Server-Sent Events (issue 5 §7). */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
@WithTestResource(value = PortalSimulatorResource.class)
class FeedTest {
    @TestHTTPResource("/api/v1/feed/stream")
    URI stream;

    static List<String> registerAndAccept(int n) {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String code = DossierEvents.newCode();
            codes.add(code);
            DossierEventData registered = DossierEvents.registered(code, TrackingNumber.of("EB", 70_000_000 + i));
            DossierEvents.publishDossier(registered, EventTypes.DOSSIER_REGISTERED, Instant.now().minusSeconds(60));
            Instant at = Instant.now().minusSeconds(30);
            DossierEventData accepted = DossierEvents.accepted(registered, at);
            DossierEvents.publishDossier(accepted, EventTypes.DOSSIER_STATUS_CHANGED, at);
        }
        return codes;
    }

    private static JsonPath page(String token, long after, int limit) {
        return given().header("Authorization", Tokens.bearer(token)).queryParam("after", after)
                .queryParam("limit", limit).get("/api/v1/feed").then().statusCode(200).extract().jsonPath();
    }

    /** Every entry, paging {@code limit} at a time. */
    private static List<Map<String, Object>> all(int limit) {
        List<Map<String, Object>> entries = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonPath p = page("operator", after, limit);
            List<Map<String, Object>> got = p.getList("entries");
            if (got.isEmpty()) {
                return entries;
            }
            entries.addAll(got);
            after = p.getLong("last");
        }
    }

    private static long count(List<Map<String, Object>> entries, List<String> codes, String kind) {
        return entries.stream().filter(e -> codes.contains(e.get("dossierCode")) && kind.equals(e.get("kind")))
                .count();
    }

    @Test
    void everyChangeIsInTheFeedOnceNumberedWithoutGapsAndWithoutPersonalData() {
        List<String> codes = registerAndAccept(8);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Map<String, Object>> entries = all(500);
            assertEquals(16, count(entries, codes, "DOSSIER_STATUS"));
            assertTrue(count(entries, codes, "SYNC_OUTCOME") >= 8);
        });
        List<Map<String, Object>> entries = all(7);
        List<Long> seqs = entries.stream().map(e -> ((Number) e.get("seq")).longValue()).toList();
        assertEquals(LongStream.rangeClosed(1, seqs.size()).boxed().toList(), seqs, "gap-free, each once, in order");
        String text = entries.toString();
        assertFalse(text.contains("0912345789") || text.contains("001203004567") || text.contains("Nguyễn Văn An"),
                "no personal data unmasked");
        assertTrue(text.contains("N. V. An"));
    }

    @Test
    void anAgencyReadsOnlyItsOwnEntriesAndBadCursorsAreNamed() {
        registerAndAccept(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> !page("agency-h22", 0, 10).getList("entries").isEmpty());
        assertTrue(page("agency-g12", 0, 1000).getList("entries.agencyCode").stream()
                .allMatch("000.00.00.G12"::equals));
        given().header("Authorization", Tokens.bearer("agency-h22")).queryParam("agency", "000.00.00.G12")
                .get("/api/v1/feed").then().statusCode(403);
        given().header("Authorization", Tokens.bearer("operator")).queryParam("after", "-1").get("/api/v1/feed")
                .then().statusCode(400).body("errors[0].field", equalTo("after"));
        given().header("Authorization", Tokens.bearer("operator")).queryParam("limit", "0").get("/api/v1/feed")
                .then().statusCode(400).body("errors[0].field", equalTo("limit"));

        // what a screen shows first: the newest entries, oldest first, and the cursor to follow the stream from
        List<Long> newest = given().header("Authorization", Tokens.bearer("operator")).queryParam("newest", "true")
                .queryParam("limit", "3").get("/api/v1/feed").then().statusCode(200).extract().jsonPath()
                .getList("entries.seq", Long.class);
        long last = given().header("Authorization", Tokens.bearer("operator")).queryParam("newest", "true")
                .queryParam("limit", "3").get("/api/v1/feed").then().extract().jsonPath().getLong("last");
        assertEquals(3, newest.size());
        assertTrue(newest.get(0) < newest.get(1) && newest.get(1) < newest.get(2), "oldest first: " + newest);
        assertTrue(last >= newest.get(2), "the cursor is the newest entry's");
        given().header("Authorization", Tokens.bearer("operator")).queryParam("newest", "yes").get("/api/v1/feed")
                .then().statusCode(400).body("errors[0].field", equalTo("newest"));
    }

    @Test
    void aStreamConsumerThatDisconnectsAndResumesGetsEverySequenceNumberExactlyOnce() throws Exception {
        registerAndAccept(3);
        List<Long> seen = new ArrayList<>(read(null, 3));
        registerAndAccept(4);
        List<String> codes = registerAndAccept(1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count(all(500), codes, "DOSSIER_STATUS") == 2);
        List<Map<String, Object>> everything = all(1000);
        long last = ((Number) everything.get(everything.size() - 1).get("seq")).longValue();
        seen.addAll(readUntil(seen.get(seen.size() - 1), last));
        assertEquals(LongStream.rangeClosed(1, last).boxed().toList(), seen,
                "every sequence number once across the reconnect");
    }

    /** Opens the stream (resuming after {@code lastEventId}), reads {@code n} events, disconnects. */
    private List<Long> read(Long lastEventId, int n) throws Exception {
        return consume(lastEventId, ids -> ids.size() >= n);
    }

    /** Resumes after {@code lastEventId} and reads until the event with id {@code until}. */
    private List<Long> readUntil(long lastEventId, long until) throws Exception {
        return consume(lastEventId, ids -> !ids.isEmpty() && ids.get(ids.size() - 1) >= until);
    }

    private List<Long> consume(Long lastEventId, Predicate<List<Long>> done) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(stream).header("Accept", "text/event-stream")
                .header("Authorization", Tokens.bearer("operator"));
        if (lastEventId != null) {
            request.header("Last-Event-ID", Long.toString(lastEventId));
        }
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        List<Long> ids = new ArrayList<>();
        try (InputStream body = response.body()) {
            CompletableFuture.runAsync(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String line;
                    while (!done.test(ids) && (line = lines.readLine()) != null) {
                        if (line.startsWith("id:")) {
                            ids.add(Long.parseLong(line.substring(3).trim()));
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).get(30, TimeUnit.SECONDS);
        }
        return ids;
    }
}
