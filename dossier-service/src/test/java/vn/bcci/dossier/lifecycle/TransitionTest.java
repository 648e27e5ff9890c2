package vn.bcci.dossier.lifecycle;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.calendar.WorkingCalendar;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.dossier.catalogue.CatalogueFixture;
import vn.bcci.infra.testing.KafkaTestClient;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;

@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class TransitionTest {
    private static final String HANDLER = "\"handler\": {\"name\": \"Lê Văn Cường\", \"title\": \"Chuyên viên\", "
            + "\"department\": \"Bộ phận Một cửa\"}";

    @BeforeEach
    void catalogue() {
        CatalogueFixture.publish();
    }

    private String register(String procedure, Instant submittedAt) {
        return register(procedure, submittedAt, "IN_PERSON");
    }

    private String register(String procedure, Instant submittedAt, String returnMethod) {
        return given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON).body("""
                {"procedureCode": "%s", "agencyCode": "000.00.01.H22", "channel": "IN_PERSON",
                 "returnMethod": "%s", "summary": "Cấp phiếu lý lịch tư pháp", "submittedAt": "%s",
                 "applicant": {"type": "CITIZEN", "name": "Phạm Thu Hà", "idNumber": "001198012345"}}"""
                .formatted(procedure, returnMethod, submittedAt))
                .post("/api/v1/dossiers").then().statusCode(201).extract().path("code");
    }

    private io.restassured.response.ValidatableResponse move(String code, String body) {
        return given().header("Authorization", Tokens.bearer("agency-h22")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/dossiers/" + code + "/transitions").then();
    }

    @Test
    void acceptanceStartsTheClockOnTheWorkingCalendarAndTheEventCarriesTheHandler() {
        Instant submitted = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String code = register(CatalogueFixture.CRIMINAL_RECORD, submitted);
        Instant accepted = submitted.plus(1, ChronoUnit.HOURS);
        Instant expectedDue = new WorkingCalendar(java.util.Map.of()).dueAfter(accepted, 10);
        // the table of holidays may move it further: ask the service's own calendar through the answer
        String due = move(code, "{\"to\": \"ACCEPTED\", \"at\": \"" + accepted + "\", " + HANDLER + "}")
                .statusCode(200).body("status", equalTo("ACCEPTED")).body("portalStatus", equalTo(2))
                .body("acceptedAt", equalTo(accepted.toString())).extract().path("dueAt");
        org.junit.jupiter.api.Assertions.assertFalse(Instant.parse(due).isBefore(expectedDue));

        ConsumerRecord<String, String> event = KafkaTestClient.readUntil(Topics.DOSSIER_EVENTS,
                r -> code.equals(r.key()) && r.value().contains("\"status\":\"ACCEPTED\""), Duration.ofSeconds(20))
                .stream().filter(r -> code.equals(r.key()) && r.value().contains("\"status\":\"ACCEPTED\""))
                .findFirst().orElseThrow();
        DossierEventData data = EventJson.read(event.value(), DossierEventData.class);
        assertEquals("Lê Văn Cường", data.transition().handler().name());
        assertEquals(Instant.parse(due), data.dueAt());
        assertEquals(EventTypes.DOSSIER_STATUS_CHANGED,
                new String(event.headers().lastHeader("ce_type").value()));
    }

    @Test
    void aForbiddenMoveIs409WithTheAllowedNextStatusesAndChangesNothing() {
        String code = register(CatalogueFixture.BIRTH, Instant.now().minus(1, ChronoUnit.HOURS));
        move(code, "{\"to\": \"RESULT_READY\", " + HANDLER + "}").statusCode(409)
                .contentType("application/problem+json")
                .body("allowed", contains("ACCEPTED", "REJECTED", "WITHDRAWN"));
        given().header("Authorization", Tokens.bearer("agency-h22")).get("/api/v1/dossiers/" + code)
                .then().body("status", equalTo("SUBMITTED"));
    }

    @Test
    void aChangeDatedInTheFutureOrBeforeThePreviousOneIsRefused() {
        Instant submitted = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String code = register(CatalogueFixture.BIRTH, submitted);
        move(code, "{\"to\": \"ACCEPTED\", \"at\": \"" + Instant.now().plus(1, ChronoUnit.HOURS) + "\", " + HANDLER
                + "}").statusCode(400).body("errors[0].field", equalTo("at"));
        move(code, "{\"to\": \"ACCEPTED\", \"at\": \"" + submitted.minus(1, ChronoUnit.HOURS) + "\", " + HANDLER
                + "}").statusCode(400).body("errors[0].field", equalTo("at"));
        move(code, "{\"to\": \"ACCEPTED\", \"at\": \"" + submitted.plus(1, ChronoUnit.HOURS) + "\", " + HANDLER
                + "}").statusCode(200);
    }

    @Test
    void aSupplementStopsTheClockAndItsReceiptRestartsItWithTheTimeLeft() {
        Instant submitted = Instant.now().minus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String code = register(CatalogueFixture.CRIMINAL_RECORD, submitted);
        Instant accepted = submitted.plus(1, ChronoUnit.HOURS);
        Instant due = Instant.parse(move(code, "{\"to\": \"ACCEPTED\", \"at\": \"" + accepted + "\", " + HANDLER
                + "}").extract().path("dueAt"));
        Instant paused = accepted.plus(1, ChronoUnit.DAYS);
        move(code, "{\"to\": \"SUPPLEMENT_REQUESTED\", \"at\": \"" + paused + "\", " + HANDLER + "}")
                .statusCode(200).body("clockStopped", equalTo(true)).body("overdue", equalTo(false));
        Instant resumed = paused.plus(14, ChronoUnit.DAYS);
        Instant newDue = Instant.parse(move(code, "{\"to\": \"IN_PROGRESS\", \"at\": \"" + resumed + "\", "
                + HANDLER + "}").statusCode(200).body("clockStopped", equalTo(false)).extract().path("dueAt"));
        // two calendar weeks of pause push the due date back by at least ten working days' worth of calendar
        org.junit.jupiter.api.Assertions.assertTrue(newDue.isAfter(due.plus(13, ChronoUnit.DAYS)),
                due + " -> " + newDue);
        given().header("Authorization", Tokens.bearer("agency-h22")).get("/api/v1/dossiers/" + code + "/timeline")
                .then().body("entries.kind", hasItem("DUE_DATE"));
    }

    @jakarta.inject.Inject
    WorkingCalendar calendar;

    @Test
    void anApologySlipReDatesTheDossierAndAResultAfterItIsLate() {
        Instant submitted = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String code = register(CatalogueFixture.BIRTH, submitted);
        Instant accepted = submitted.plus(1, ChronoUnit.HOURS);
        move(code, "{\"to\": \"ACCEPTED\", \"at\": \"" + accepted + "\", " + HANDLER + "}").statusCode(200);
        move(code, "{\"to\": \"IN_PROGRESS\", \"at\": \"" + accepted.plusSeconds(60) + "\", " + HANDLER + "}")
                .statusCode(200).body("timeliness", nullValue());
        // the slip names a day: the dossier is due at its close; a weekend or a holiday is refused
        Instant newDue = calendar.dueAfter(accepted, 3);
        Instant saturday = newDue.atZone(WorkingCalendar.VIETNAM).with(java.time.DayOfWeek.SATURDAY).toInstant();
        move(code, "{\"to\": \"IN_PROGRESS\", \"at\": \"" + accepted.plusSeconds(120) + "\", \"newDueAt\": \""
                + (saturday.isAfter(accepted) ? saturday : saturday.plus(7, ChronoUnit.DAYS)) + "\", " + HANDLER + "}")
                .statusCode(400).body("errors[0].field", equalTo("newDueAt"));
        move(code, "{\"to\": \"IN_PROGRESS\", \"at\": \"" + accepted.plusSeconds(120) + "\", \"newDueAt\": \""
                + newDue.minus(6, ChronoUnit.HOURS) + "\", \"note\": \"Xin lỗi: cần xác minh thêm\", " + HANDLER + "}")
                .statusCode(200).body("dueAt", equalTo(newDue.toString()));
        KafkaTestClient.readUntil(Topics.DOSSIER_EVENTS, r -> code.equals(r.key())
                && EventTypes.DOSSIER_DUE_DATE_CHANGED.equals(new String(r.headers().lastHeader("ce_type").value())),
                Duration.ofSeconds(20));
        move(code, "{\"to\": \"RESULT_READY\", \"at\": \"" + newDue.plus(1, ChronoUnit.DAYS) + "\", " + HANDLER
                + "}").statusCode(200).body("timeliness", equalTo("LATE")).body("portalStatus", equalTo(9));
    }

    @Test
    void aResultMeantForThePostIsReturnedByTheDeliveryUnlessCollectedAtTheDesk() {
        Instant submitted = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String code = register(CatalogueFixture.BIRTH, submitted, "POSTAL");
        Instant t = submitted;
        for (String to : java.util.List.of("ACCEPTED", "IN_PROGRESS", "RESULT_READY")) {
            t = t.plus(1, ChronoUnit.HOURS);
            move(code, "{\"to\": \"" + to + "\", \"at\": \"" + t + "\", " + HANDLER + "}").statusCode(200);
        }
        move(code, "{\"to\": \"RESULT_RETURNED\", " + HANDLER + "}").statusCode(409)
                .body("errors[0].field", equalTo("returnedBy"));
        move(code, "{\"to\": \"RESULT_READY\", \"returnedBy\": \"IN_PERSON\", " + HANDLER + "}").statusCode(400)
                .body("errors[0].field", equalTo("returnedBy"));
        move(code, "{\"to\": \"RESULT_RETURNED\", \"returnedBy\": \"IN_PERSON\", " + HANDLER + "}")
                .statusCode(200).body("status", equalTo("RESULT_RETURNED")).body("returnMethod", equalTo("IN_PERSON"));
    }

    @Test
    void missingHandlerIsRefusedNamingTheField() {
        String code = register(CatalogueFixture.BIRTH, Instant.now().minus(1, ChronoUnit.HOURS));
        move(code, "{\"to\": \"ACCEPTED\"}").statusCode(400).body("errors.field", hasItem("handler"));
    }
}
