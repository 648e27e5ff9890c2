package vn.bcci.postal.shipments;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static vn.bcci.postal.PostalFixture.dossierCode;
import static vn.bcci.postal.PostalFixture.dossierEvent;
import static vn.bcci.postal.PostalFixture.event;
import static vn.bcci.postal.PostalFixture.header;
import static vn.bcci.postal.PostalFixture.item;
import static vn.bcci.postal.PostalFixture.pushAccepted;
import static vn.bcci.postal.PostalFixture.shipment;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.contracts.Topics;
import vn.bcci.infra.testing.KafkaTestClient;
import vn.bcci.infra.testing.ServiceInfraResource;

/**
 * A dossier to be returned by post that reaches RESULT_READY expects its result's item; the first VNPost event naming
 * the dossier as order number links its item, whichever arrives first (issue 4 §1, §6).
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class OutboundExpectationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static OffsetDateTime minutesAgo(int minutes) {
        return OffsetDateTime.now(ZoneOffset.ofHours(7)).minusMinutes(minutes).withNano(0);
    }

    private static void resultReady(String code, ReturnMethod returnMethod, String inboundItem) {
        dossierEvent(EventTypes.DOSSIER_STATUS_CHANGED, code, DossierStatus.RESULT_READY, Channel.POSTAL, returnMethod,
                inboundItem);
    }

    @Test
    void theFirstEventNamingTheDossierAfterResultReadyLinksItsItemAsTheResultsShipment() {
        String code = dossierCode();
        resultReady(code, ReturnMethod.POSTAL, item());
        consumed(code);
        String outbound = item();
        pushAccepted(event(null, outbound, code, "EMA", minutesAgo(30)));
        shipment(outbound).statusCode(200).body("direction", equalTo("OUTBOUND")).body("dossierCode", equalTo(code))
                .body("agencyCode", equalTo("000.00.01.H22")).body("state", equalTo("ACCEPTED"));
        KafkaTestClient.readUntil(Topics.SHIPMENT_EVENTS, r -> code.equals(r.key())
                && EventTypes.SHIPMENT_EVENT_RECORDED.equals(header(r, "ce_type"))
                && r.value().contains("\"OUTBOUND\""), WAIT);
    }

    @Test
    void eventsOfTheResultsItemThatArriveBeforeResultReadyAreLinkedWhenItIsExpected() {
        String code = dossierCode();
        String outbound = item();
        pushAccepted(event(null, outbound, code, "EMA", minutesAgo(50)), event(null, outbound, code, "EMB",
                minutesAgo(40)));
        shipment(outbound).statusCode(404);
        resultReady(code, ReturnMethod.POSTAL, null);
        await().atMost(WAIT).untilAsserted(() -> shipment(outbound).statusCode(200)
                .body("direction", equalTo("OUTBOUND")).body("state", equalTo("IN_TRANSIT"))
                .body("events.size()", equalTo(2)));
    }

    @Test
    void theInboundItemsEventsNamingTheDossierAreNotTakenForTheResultAndOnlyOneItemIsLinked() {
        String code = dossierCode();
        String inbound = item();
        String outbound = item();
        String another = item();
        pushAccepted(event(null, inbound, code, "EMA", minutesAgo(120)));
        resultReady(code, ReturnMethod.POSTAL, inbound);
        pushAccepted(event(null, outbound, code, "EMA", minutesAgo(20)));
        await().atMost(WAIT).untilAsserted(() -> shipment(outbound).statusCode(200));
        pushAccepted(event(null, another, code, "EMA", minutesAgo(10)));
        shipment(inbound).statusCode(404);
        shipment(another).statusCode(404);
    }

    @Test
    void aResultReturnedInPersonExpectsNoItem() {
        String code = dossierCode();
        resultReady(code, ReturnMethod.IN_PERSON, null);
        consumed(code);
        String stray = item();
        pushAccepted(event(null, stray, code, "EMA", minutesAgo(5)));
        shipment(stray).statusCode(404);
    }

    /**
     * Waits until the dossier's events so far have been consumed: a later event of the same dossier (same key, same
     * partition) whose effect is visible has been.
     */
    private static void consumed(String code) {
        String marker = item();
        dossierEvent(EventTypes.DOSSIER_REGISTERED, code, DossierStatus.SUBMITTED, Channel.POSTAL,
                ReturnMethod.POSTAL, marker);
        await().atMost(WAIT).untilAsserted(() -> shipment(marker).statusCode(200));
    }
}
