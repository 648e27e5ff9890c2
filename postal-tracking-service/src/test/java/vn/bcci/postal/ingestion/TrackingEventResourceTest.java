package vn.bcci.postal.ingestion;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.bcci.postal.PostalFixture.dossierCode;
import static vn.bcci.postal.PostalFixture.dossierEvent;
import static vn.bcci.postal.PostalFixture.event;
import static vn.bcci.postal.PostalFixture.header;
import static vn.bcci.postal.PostalFixture.item;
import static vn.bcci.postal.PostalFixture.push;
import static vn.bcci.postal.PostalFixture.pushAccepted;
import static vn.bcci.postal.PostalFixture.pushBody;
import static vn.bcci.postal.PostalFixture.registerInbound;
import static vn.bcci.postal.PostalFixture.shipment;
import static vn.bcci.postal.PostalFixture.signed;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.contracts.Topics;
import vn.bcci.infra.SharedInfra;
import vn.bcci.infra.testing.KafkaTestClient;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;

@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class TrackingEventResourceTest {

    @Test
    void answersOneOutcomePerEventAndABadEventDoesNotBlockTheGoodOnes() {
        String item = item();
        registerInbound(item);
        String good = event("e-" + UUID.randomUUID(), item, "EMA", 0);
        pushBody("[" + good + "," + good + "," + event(null, "EB000000000XX", "EMA", 1) + ","
                + event(null, item, "EMB", 5) + "]")
                .statusCode(200)
                .body("results.outcome", equalTo(List.of("accepted", "duplicate", "rejected", "accepted")))
                .body("results[2].reason", startsWith("itemCode must be an S10"));
        shipment(item)
                .statusCode(200).body("state", equalTo("IN_TRANSIT")).body("events", hasSize(2));
    }

    @Test
    void aStaleEventDoesNotRegressADeliveredShipment() {
        String item = item();
        registerInbound(item);
        pushAccepted(event(null, item, "14", 60), event(null, item, "10", 30));
        shipment(item)
                .body("state", equalTo("DELIVERED")).body("events[0].statusCode", equalTo("10"));
    }

    @Test
    void eventsBeforeRegistrationAreKeptAndAppliedWhenTheShipmentIsRegistered() {
        String item = item();
        pushAccepted(event(null, item, "EMA", 0), event(null, item, "EMC", 20));
        registerInbound(item);
        shipment(item)
                .body("state", equalTo("IN_TRANSIT")).body("events", hasSize(2));
        List<ConsumerRecord<String, String>> records = KafkaTestClient.readUntil(Topics.SHIPMENT_EVENTS,
                r -> item.equals(r.key()) && r.value().contains("EMC"), Duration.ofSeconds(20));
        long recorded = records.stream().filter(r -> item.equals(r.key()))
                .filter(r -> EventTypes.SHIPMENT_EVENT_RECORDED.equals(header(r, "ce_type"))).count();
        assertEquals(2, recorded);
    }

    @Test
    void aRegisteredPostalDossierMakesItsInboundItemExpectedAndItsWaitingEventsReachTheDossier() {
        String item = item();
        pushAccepted(event(null, item, "EMA", 0));
        String dossierCode = dossierCode();
        dossierEvent(EventTypes.DOSSIER_REGISTERED, dossierCode, DossierStatus.SUBMITTED, Channel.POSTAL,
                ReturnMethod.POSTAL, item);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> shipment(item)
                .statusCode(200).body("dossierCode", equalTo(dossierCode)).body("state", equalTo("ACCEPTED")));
        KafkaTestClient.readUntil(Topics.SHIPMENT_EVENTS, r -> dossierCode.equals(r.key())
                && EventTypes.SHIPMENT_EVENT_RECORDED.equals(header(r, "ce_type")), Duration.ofSeconds(20));
    }

    @Test
    void anEventInTheFutureIsRejected() {
        String item = item();
        pushBody("[" + event(null, item, "EMA", 24 * 60 * 3) + "]").body("results[0].outcome", equalTo("rejected"));
    }

    @Test
    void aPushThatIsNotABatchOfOneTo500EventsIsRefusedNamingTheBody() {
        String item = item();
        registerInbound(item);
        String one = event(null, item, "EMA", 0);
        for (String body : new String[]{one, "[]", "null", "[" + String.join(",", java.util.Collections.nCopies(501,
                one)) + "]", "[" + one + ",]"}) {
            pushBody(body).statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", startsWith("body"));
        }
        shipment(item).body("events", hasSize(0));
    }

    @Test
    void anEventWithAFieldTooLongIsRejectedNamingItAndTheOthersAreStored() {
        String item = item();
        registerInbound(item);
        String tooLong = event(null, item, "EMB", 10).replace("\"Bưu cục Hà Nội\"", "\"" + "x".repeat(201) + "\"");
        push(event(null, item, "EMA", 0), tooLong).statusCode(200)
                .body("results.outcome", equalTo(List.of("accepted", "rejected")))
                .body("results[1].reason", equalTo("postOffice.name must be at most 200 characters"));
        shipment(item).body("state", equalTo("ACCEPTED")).body("events", hasSize(1));
    }

    @Test
    void onlyVnpostMayPushEvents() {
        String body = "[" + event(null, item(), "EMA", 0) + "]";
        given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON)
                .headers(signed(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))).body(body)
                .post("/api/v1/tracking-events").then().statusCode(403);
    }

    @Test
    void aPoisonKafkaRecordGoesToTheDeadLetterTopicAndTheNextRecordIsProcessed() throws Exception {
        String item = item();
        registerInbound(item);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.VNPOST_TRACKING, item, "{not json " + item)).get(10,
                    TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Topics.VNPOST_TRACKING, item, event(null, item, "EMA", 0))).get(10,
                    TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer("vnpost")).get("/api/v1/shipments/" + item)
                .then().body("state", equalTo("ACCEPTED")));
        KafkaTestClient.readUntil("vnpost.tracking.v1.dlq.postal-tracking-service", r -> r.value().contains(item),
                Duration.ofSeconds(20));
    }
}
