package vn.bcci.systemtest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;

import vn.bcci.contracts.CloudEventHeaders;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.TopicAccess;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.infra.KafkaBroker;

/**
 * Poison records on every consumed topic, against the running system: a record without a CloudEvents envelope, one
 * whose data is not JSON, one dated year 0, one with a NUL in a string, one with an unknown enum value, one with its
 * required keys missing (VNPost's raw topic: not JSON, year 0, NUL, missing keys, a key given twice, content after
 * the value). Each is dead-lettered by every consumer of its topic with the reason; the good record behind it, in
 * the same partition, is processed; every service stays live and ready; and after every service is killed and
 * started again, the system still flows.
 */
@ExtendWith(SystemStack.class)
class PoisonRecordsTest {
    private static final String MARKER = "test-poison";

    /** Each consumed topic, and the dead-letter topic of each of its consumers. */
    private static final Map<String, List<String>> DEAD_LETTERS = new LinkedHashMap<>();
    static {
        for (TopicAccess.Grant grant : TopicAccess.GRANTS) {
            for (String topic : grant.reads()) {
                DEAD_LETTERS.computeIfAbsent(topic, t -> new ArrayList<>()).add(Topics.deadLetters(topic,
                        grant.user()));
            }
        }
    }

    private final String agency = SystemStack.bearer("agency-h22");
    private final String vnpost = SystemStack.bearer("vnpost");

    @Test
    void everyConsumerDeadLettersPoisonWithItsReasonAndFlowsOn() throws Exception {
        // real records of every kind, as templates: a postal dossier, its first milestone, the portal's outcomes
        String first = "000.00.01.H22-261130-" + (10_000 + (int) (Math.random() * 89_999));
        String firstItem = item();
        register(first, firstItem);
        push(firstItem, "EMA");
        awaitOnPortal(first, 1);
        Map<String, ConsumerRecord<String, String>> templates = new HashMap<>();
        templates.put("dossier.events.v1", read("dossier.events.v1", r -> first.equals(r.key())
                && EventTypes.DOSSIER_REGISTERED.equals(header(r, CloudEventHeaders.TYPE))));
        templates.put("shipment.events.v1", read("shipment.events.v1", r -> first.equals(r.key())
                && EventTypes.SHIPMENT_EVENT_RECORDED.equals(header(r, CloudEventHeaders.TYPE))));
        templates.put("portal.sync.v1", read("portal.sync.v1", r -> first.equals(r.key())));
        templates.put("portal.procedures.v1", read("portal.procedures.v1", r -> true));
        // a client over its feed quota (100 at once, 20 a second): its refusals are reported on the clients' topic
        String reader = SystemStack.bearer("agency-g12");
        boolean refused = false;
        for (int i = 0; i < 2_000 && !refused; i++) {
            refused = given().header("Authorization", reader).get(url(SystemStack.ports().portalSync(),
                    "/api/v1/feed?after=0&limit=1")).statusCode() == 429;
        }
        templates.put(Topics.CLIENT_LIMITS, read(Topics.CLIENT_LIMITS, r -> "agency-g12".equals(r.key())));

        // poison ahead of the good records, in the same partitions (same keys)
        String code = "000.00.01.H22-261130-" + (10_000 + (int) (Math.random() * 89_999));
        String item = item();
        String procedure = "9." + (100_000 + (int) (Math.random() * 899_999));
        Map<String, List<String>> markers = new TreeMap<>();
        try (KafkaProducer<String, String> producer = producer()) {
            for (String topic : List.of("dossier.events.v1", "shipment.events.v1", "portal.sync.v1")) {
                markers.put(topic, poisonEvents(producer, topic, code, templates.get(topic)));
            }
            markers.put("portal.procedures.v1", poisonEvents(producer, "portal.procedures.v1", procedure,
                    templates.get("portal.procedures.v1")));
            markers.put("vnpost.tracking.v1", poisonVnpost(producer, item));
            markers.put(Topics.CLIENT_LIMITS, poisonEvents(producer, Topics.CLIENT_LIMITS, "poison-client",
                    templates.get(Topics.CLIENT_LIMITS)));
            // the good records behind them
            producer.send(goodProcedure(procedure)).get(10, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("vnpost.tracking.v1", item, vnpostEvent(item, "EMA",
                    OffsetDateTime.now(ZoneOffset.ofHours(7)).minusMinutes(1).withNano(0).toString())))
                    .get(10, TimeUnit.SECONDS);
        }
        register(code, item);

        // every consumer dead-letters every poison record with a reason
        int deadLettered = 0;
        for (Map.Entry<String, List<String>> topic : DEAD_LETTERS.entrySet()) {
            for (String dlq : topic.getValue()) {
                Map<String, String> reasons = reasons(dlq, Set.copyOf(markers.get(topic.getKey())));
                deadLettered += reasons.size();
                reasons.forEach((marker, reason) -> assertFalse(reason.isBlank(), dlq + " " + marker));
                System.out.printf("[poison] %-48s %d of %d dead-lettered, e.g. %s%n", dlq, reasons.size(),
                        markers.get(topic.getKey()).size(), reasons.values().iterator().next());
            }
        }
        int produced = markers.values().stream().mapToInt(List::size).sum();
        System.out.printf("[poison] %d poison records produced on %d topics, %d dead-letterings by 8 consumers%n",
                produced, markers.size(), deadLettered);

        // the good records behind the poison are processed
        awaitOnPortal(code, 1); // dossier.events → portal-sync; VNPost's Kafka door → shipment.events → portal-sync
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().header("Authorization", agency)
                .get(url(SystemStack.ports().dossier(), "/api/v1/dossiers/" + code + "/timeline")).then()
                .statusCode(200).body("entries.kind", hasItem("POSTAL")).body("entries.kind", hasItem("PORTAL")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().header("Authorization", vnpost)
                .get(url(SystemStack.ports().postal(), "/api/v1/shipments/" + item)).then().statusCode(200)
                .body("dossierCode", equalTo(code)).body("state", equalTo("ACCEPTED")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().header("Authorization", agency)
                .get(url(SystemStack.ports().dossier(), "/api/v1/procedures/" + procedure)).then()
                .statusCode(200));
        everyServiceIsUp();
        // the operators' dashboard counts them (portal-sync-service's own consumers)
        given().header("Authorization", SystemStack.bearer("operator"))
                .get(url(SystemStack.ports().portalSync(), "/api/v1/sync/summary")).then().statusCode(200)
                .body("deadLetters.'dossier.events.v1'", org.hamcrest.Matchers.greaterThanOrEqualTo(6))
                .body("deadLetters.'shipment.events.v1'", org.hamcrest.Matchers.greaterThanOrEqualTo(6));

        // a restart of every service does not stop on what it dead-lettered
        for (String service : List.of("dossier-service", "postal-tracking-service", "portal-sync-service")) {
            SystemStack.stack().kill(service);
            SystemStack.stack().restart(service);
        }
        everyServiceIsUp();
        String after = "000.00.01.H22-261130-" + (10_000 + (int) (Math.random() * 89_999));
        String afterItem = item();
        register(after, afterItem);
        push(afterItem, "EMA");
        awaitOnPortal(after, 1);
        everyServiceIsUp();
    }

    private List<String> poisonEvents(KafkaProducer<String, String> producer, String topic, String key,
            ConsumerRecord<String, String> template) throws Exception {
        String data = template.value();
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("bad-envelope", null);
        kinds.put("bad-payload", "{\"this is\": not json");
        kinds.put("year-0", data.replaceFirst("20[0-9]{2}-", "0000-"));
        kinds.put("nul", data.replaceFirst("\"([A-Za-z]+)\":\"", "\"$1\":\"\\\\u0000"));
        kinds.put("unknown-enum", data.replaceFirst("\"(channel|direction|outcome|kind)\":\"[A-Z_]+\"",
                "\"$1\":\"SIDEWAYS\"").replaceFirst("\"postalIntake\":(true|false)", "\"postalIntake\":\"SIDEWAYS\"")
                .replaceFirst("\"door\":\"[a-z]+\"", "\"door\":\"SIDEWAYS\""));
        kinds.put("missing-keys", "{}");
        List<String> markers = new ArrayList<>();
        for (Map.Entry<String, String> kind : kinds.entrySet()) {
            String marker = kind.getKey() + "-" + UUID.randomUUID();
            ProducerRecord<String, String> r = new ProducerRecord<>(topic, key,
                    kind.getValue() == null ? data : kind.getValue());
            if (kind.getValue() != null) {
                for (Header h : template.headers()) {
                    r.headers().add(h.key(), h.value());
                }
                set(r, CloudEventHeaders.ID, marker);
                set(r, CloudEventHeaders.SUBJECT, key);
                if (kind.getKey().equals("year-0")) {
                    set(r, CloudEventHeaders.TIME, "0000-12-30T00:00:00Z");
                }
            }
            r.headers().add(MARKER, marker.getBytes(StandardCharsets.UTF_8));
            producer.send(r).get(10, TimeUnit.SECONDS);
            markers.add(marker);
        }
        return markers;
    }

    private List<String> poisonVnpost(KafkaProducer<String, String> producer, String item) throws Exception {
        String good = vnpostEvent(item, "EMB", "2026-11-22T09:15:00+07:00");
        List<String> bodies = List.of("{\"this is\": not json", good.replace("2026-11-22", "0001-01-01"),
                good.replace("Bưu cục", "Bưu\\u0000cục"), "{}",
                good.replace("{\"eventId\"", "{\"itemCode\":\"" + item + "\",\"eventId\""), good + " {}",
                good.replace("\"EMB\"", "\"EM\\u001b[2J\\r\\nFAKE LOG LINE\""));
        List<String> markers = new ArrayList<>();
        for (String body : bodies) {
            String marker = "vnpost-" + UUID.randomUUID();
            ProducerRecord<String, String> r = new ProducerRecord<>("vnpost.tracking.v1", item, body);
            r.headers().add(MARKER, marker.getBytes(StandardCharsets.UTF_8));
            producer.send(r).get(10, TimeUnit.SECONDS);
            markers.add(marker);
        }
        return markers;
    }

    private static ProducerRecord<String, String> goodProcedure(String code) {
        ProducerRecord<String, String> r = new ProducerRecord<>("portal.procedures.v1", code, """
                {"code":"%s","name":"Thủ tục thử","fieldCode":null,"fieldName":null,"agencyCode":null,
                 "processingDays":5,"postalIntake":true,"postalReturn":true}""".formatted(code));
        set(r, CloudEventHeaders.ID, "good-" + UUID.randomUUID());
        set(r, CloudEventHeaders.TYPE, EventTypes.PROCEDURE_PUBLISHED);
        set(r, CloudEventHeaders.SOURCE, "/poison-test");
        set(r, CloudEventHeaders.SUBJECT, code);
        set(r, CloudEventHeaders.TIME, java.time.Instant.now().toString());
        set(r, CloudEventHeaders.SPEC_VERSION, "1.0");
        return r;
    }

    private static String vnpostEvent(String item, String status, String at) {
        return """
                {"eventId":"p-%s","itemCode":"%s","orderNumber":"","statusCode":"%s","occurredAt":"%s",\
                "postOffice":{"code":"100000","name":"Bưu cục Hà Nội"}}""".formatted(UUID.randomUUID(), item,
                status, at);
    }

    /** The reasons the dead-letter topic holds for the marked records, once all of them are there. */
    private static Map<String, String> reasons(String dlq, Set<String> markers) {
        Map<String, String> reasons = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(dlq));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (reasons.size() < markers.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                    String marker = header(r, MARKER);
                    if (marker != null && markers.contains(marker)) {
                        String reason = header(r, "dead-letter-reason"); // a missing header is no reason
                        org.junit.jupiter.api.Assertions.assertNotNull(reason,
                                dlq + ": the dead letter of " + marker + " names no reason");
                        reasons.put(marker, reason);
                    }
                }
            }
        }
        assertEquals(markers.size(), reasons.size(), dlq + " holds " + reasons.keySet() + " of " + markers);
        return reasons;
    }

    private static ConsumerRecord<String, String> read(String topic, Predicate<ConsumerRecord<String, String>> match) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                    if (match.test(r)) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no template record on " + topic);
    }

    private void everyServiceIsUp() {
        for (int port : List.of(SystemStack.ports().dossier(), SystemStack.ports().postal(),
                SystemStack.ports().portalSync())) {
            given().get(url(port, "/q/health/live")).then().statusCode(200).body("status", equalTo("UP"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get(url(port, "/q/health/ready"))
                    .then().statusCode(200).body("status", equalTo("UP")));
        }
    }

    /**
     * Registers a postal dossier of procedure 1.001612: answered 400 until dossier-service has the portal's catalogue
     * (a fresh stack imports it as this test starts, when the test runs alone), then 201.
     */
    private void register(String code, String item) {
        String body = """
                {"code": "%s", "procedureCode": "1.001612", "agencyCode": "000.00.01.H22", "channel": "POSTAL",
                 "returnMethod": "POSTAL", "summary": "Đăng ký khai sinh",
                 "applicant": {"type": "CITIZEN", "name": "Lê Văn Cường", "idNumber": "079301002345"},
                 "inboundTrackingNumber": "%s"}""".formatted(code, item);
        int status = await().atMost(Duration.ofSeconds(60)).until(() -> given().header("Authorization", agency)
                .contentType(ContentType.JSON).body(body).post(url(SystemStack.ports().dossier(), "/api/v1/dossiers"))
                .statusCode(), answered -> answered != 400);
        assertEquals(201, status, "registering " + code);
    }

    private void push(String item, String status) {
        String body = "[" + vnpostEvent(item, status,
                OffsetDateTime.now(ZoneOffset.ofHours(7)).minusMinutes(1).withNano(0).toString()) + "]";
        SystemStack.pushSigned(vnpost, body).post(url(SystemStack.ports().postal(), "/api/v1/tracking-events"))
                .then().statusCode(200).body("results[0].outcome", equalTo("accepted"));
    }

    private static void awaitOnPortal(String code, int entries) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                .get(url(SystemStack.ports().portal(), "/_sim/dossiers/" + code)).then().statusCode(200)
                .body("TienDo.size()", equalTo(entries)));
    }

    private static String item() {
        return TrackingNumber.of("EP", Math.abs(UUID.randomUUID().getMostSignificantBits()) % 100_000_000);
    }

    private static String url(int port, String path) {
        return SystemStack.url(port, path);
    }

    private static void set(ProducerRecord<String, String> r, String name, String value) {
        r.headers().remove(name);
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The broker's admin: the rogue producer writes where no platform user may, and reads every dead letter. */
    private static Map<String, Object> admin(Map<String, Object> own) {
        Map<String, Object> config = new HashMap<>(SystemStack.stack().kafkaClientConfig(KafkaBroker.ADMIN));
        config.putAll(own);
        return config;
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(admin(Map.of(ProducerConfig.ACKS_CONFIG, "all")), new StringSerializer(),
                new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(admin(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "poison-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")), new StringDeserializer(),
                new StringDeserializer());
    }
}
