package vn.bcci.postal;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.infra.testing.KafkaTestClient;
import vn.bcci.infra.testing.Tokens;

/** What the postal-tracking tests say again and again: items, raw VNPost events, pushes, registrations. */
public final class PostalFixture {
    private static final AtomicLong SERIAL = new AtomicLong(20_000_000 + System.nanoTime() % 10_000_000);
    /** Three hours ago in Vietnam time, so that events up to three hours later are not in the future. */
    public static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.ofHours(7)).minusHours(3).withNano(0);
    public static final String H22 = "000.00.01.H22";

    private PostalFixture() {
    }

    /** A fresh, valid S10 tracking number. */
    public static String item() {
        return TrackingNumber.of("EB", SERIAL.incrementAndGet());
    }

    /** A fresh dossier code of agency H22. */
    public static String dossierCode() {
        return H22 + "-261122-" + (100_000 + SERIAL.incrementAndGet() % 900_000);
    }

    /** A raw VNPost event {@code minutes} after {@link #T0}. */
    public static String event(String eventId, String item, String code, int minutes) {
        return event(eventId, item, "", code, T0.plusMinutes(minutes));
    }

    public static String event(String eventId, String item, String orderNumber, String code, OffsetDateTime at) {
        return """
                {"eventId": %s, "itemCode": "%s", "orderNumber": "%s", "statusCode": "%s",
                 "occurredAt": "%s", "postOffice": {"code": "100000", "name": "Bưu cục Hà Nội"}}"""
                .formatted(eventId == null ? "null" : "\"" + eventId + "\"", item, orderNumber, code, at);
    }

    /** Pushes a batch over HTTP as VNPost, signed with the test profile's secret as VNPost signs. */
    public static ValidatableResponse push(String... events) {
        return pushBody("[" + String.join(",", events) + "]");
    }

    /** Pushes a body as it is, signed. */
    public static ValidatableResponse pushBody(String body) {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return given().header("Authorization", Tokens.bearer("vnpost")).contentType(ContentType.JSON)
                .headers(signed(bytes)).body(bytes).post("/api/v1/tracking-events").then();
    }

    /** The Standard Webhooks headers of a push of {@code body} sent now with the configured secret. */
    public static java.util.Map<String, String> signed(byte[] body) {
        String secret = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("tracking.webhook.secret", String.class);
        return new vn.bcci.support.webhooks.StandardWebhooks(secret).headers("msg_" + java.util.UUID.randomUUID(),
                java.time.Instant.now(), body);
    }

    /** Pushes a batch that must be accepted whole. */
    public static void pushAccepted(String... events) {
        push(events).statusCode(200).body("accepted", equalTo(events.length));
    }

    public static void registerInbound(String item) {
        given().header("Authorization", Tokens.bearer("vnpost")).contentType(ContentType.JSON)
                .body("""
                        {"itemCode": "%s", "direction": "INBOUND", "agencyCode": "%s",
                         "procedureCode": "1.001612", "sender": {"name": "Nguyễn Văn An", "phone": "0912345789"}}"""
                        .formatted(item, H22))
                .post("/api/v1/shipments").then().statusCode(201);
    }

    public static ValidatableResponse shipment(String item) {
        return given().header("Authorization", Tokens.bearer("vnpost")).get("/api/v1/shipments/" + item).then();
    }

    /** Publishes a dossier event on {@code dossier.events.v1} as dossier-service would. */
    public static void dossierEvent(String type, String code, DossierStatus status, Channel channel,
            ReturnMethod returnMethod, String inboundItem) {
        DossierEventData dossier = new DossierEventData(code, H22, null, "1.001612", null, channel, returnMethod,
                status, new DossierEventData.Applicant("CITIZEN", "Nguyễn Văn An", null, null, null), null,
                Instant.now(), null, null, null, null, inboundItem, null, null);
        KafkaTestClient.send(Topics.DOSSIER_EVENTS, code, new CloudEvent(UUID.randomUUID().toString(), type,
                "/dossier-service", code, Instant.now(), EventJson.write(dossier)));
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
