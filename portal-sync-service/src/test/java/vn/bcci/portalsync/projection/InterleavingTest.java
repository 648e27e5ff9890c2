package vn.bcci.portalsync.projection;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.Direction;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.infra.SharedInfra;
import vn.bcci.infra.testing.KafkaTestClient;
import vn.bcci.infra.testing.PortalSimulatorResource;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.portalsim.PortalSimulator;

/**
 * One owner per rule: statuses come from {@code dossier.events.v1} alone, so however a dossier's events interleave
 * with its result's shipment events (each topic in its own order, as Kafka keeps them), the portal never shows a
 * status going backwards, ends on 10 with the delivery, and shows each step once in the order it happened.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
@WithTestResource(value = PortalSimulatorResource.class)
class InterleavingTest {
    private static final String H22 = "000.00.01.H22";
    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 100_000 + 300_000);
    private static final Instant T0 = Instant.now().minusSeconds(7 * 86_400);

    private final PortalSimulator portal = SharedInfra.portal();

    @Test
    void theStatusNeverGoesBackWhateverTheInterleavingOfTheTwoTopics() {
        Random random = new Random(20261130);
        List<String> codes = new ArrayList<>();
        for (int interleaving = 0; interleaving < 8; interleaving++) {
            String code = H22 + "-261130-" + SEQ.incrementAndGet();
            String item = TrackingNumber.of("RR", SEQ.get());
            codes.add(code);
            List<Runnable> dossier = dossierEvents(code, item);
            List<Runnable> shipment = shipmentEvents(code, item);
            // 0: shipment events first; 1: last; others: a random merge that keeps each topic's own order
            int d = 0;
            int s = 0;
            while (d < dossier.size() || s < shipment.size()) {
                boolean shipmentNext = s < shipment.size() && (d == dossier.size() || interleaving == 0
                        || interleaving != 1 && random.nextBoolean());
                (shipmentNext ? shipment.get(s++) : dossier.get(d++)).run();
            }
        }
        for (String code : codes) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode held = portal.dossier(code);
                assertEquals("10", held == null ? null : held.path("TrangThaiHoSo").asText(), code);
                assertEquals(5, held.path("TienDo").size(), code + ": three moves and two postal steps");
            });
            assertFalse(portal.statusWentBack(code, List.of(1, 2, 4, 9, 10)),
                    code + " never goes back: " + portal.statusHistory(code));
            String previous = "";
            for (JsonNode e : portal.dossier(code).path("TienDo")) {
                String at = e.path("ThoiDiemXuLy").asText();
                assertTrue(at.compareTo(previous) >= 0, code + " shows its steps in order: " + portal.dossier(code));
                previous = at;
            }
        }
    }

    /** Registered, accepted, in progress, result ready, the result posted (noted), delivered (10): in order. */
    private static List<Runnable> dossierEvents(String code, String item) {
        List<Runnable> events = new ArrayList<>();
        DossierEventData.Applicant applicant = new DossierEventData.Applicant("CITIZEN", "Nguyễn Văn An", null, null,
                null);
        Instant accepted = T0.plusSeconds(3600);
        Instant due = T0.plusSeconds(5 * 86_400);
        Instant ready = T0.plusSeconds(2 * 86_400);
        events.add(() -> publish(code, EventTypes.DOSSIER_REGISTERED, T0, data(code, applicant, DossierStatus.SUBMITTED,
                null, null, null, null, null, null)));
        events.add(() -> publish(code, EventTypes.DOSSIER_STATUS_CHANGED, accepted, data(code, applicant,
                DossierStatus.ACCEPTED, accepted, due, null, null, move(DossierStatus.SUBMITTED,
                        DossierStatus.ACCEPTED, accepted),
                null)));
        Instant working = accepted.plusSeconds(3600);
        events.add(() -> publish(code, EventTypes.DOSSIER_STATUS_CHANGED, working, data(code, applicant,
                DossierStatus.IN_PROGRESS, accepted, due, null, null, move(DossierStatus.ACCEPTED,
                        DossierStatus.IN_PROGRESS, working),
                null)));
        events.add(() -> publish(code, EventTypes.DOSSIER_STATUS_CHANGED, ready, data(code, applicant,
                DossierStatus.RESULT_READY, accepted, due, ready, null, move(DossierStatus.IN_PROGRESS,
                        DossierStatus.RESULT_READY, ready),
                null)));
        Instant posted = ready.plusSeconds(3600);
        events.add(() -> publish(code, EventTypes.DOSSIER_POSTAL_NOTED, posted, data(code, applicant,
                DossierStatus.RESULT_READY, accepted, due, ready, item, null, step(item, ShipmentState.ACCEPTED,
                        posted))));
        Instant delivered = ready.plusSeconds(86_400);
        events.add(() -> publish(code, EventTypes.DOSSIER_STATUS_CHANGED, delivered, data(code, applicant,
                DossierStatus.RESULT_RETURNED, accepted, due, ready, item, new DossierEventData.Transition(
                        DossierStatus.RESULT_READY, DossierStatus.RESULT_RETURNED, delivered,
                        DossierEventData.Handler.VNPOST, null),
                step(item, ShipmentState.DELIVERED, delivered))));
        return events;
    }

    /** What postal-tracking-service publishes of the result's journey: posted, a failed attempt, delivered. */
    private static List<Runnable> shipmentEvents(String code, String item) {
        Instant ready = T0.plusSeconds(2 * 86_400);
        return List.of(ShipmentState.ACCEPTED, ShipmentState.DELIVERY_FAILED, ShipmentState.DELIVERED).stream()
                .map(state -> (Runnable) () -> {
                    Instant at = ready.plusSeconds(switch (state) {
                        case ACCEPTED -> 3600;
                        case DELIVERY_FAILED -> 40_000;
                        default -> 86_400;
                    });
                    ShipmentEventData data = new ShipmentEventData(item, Direction.OUTBOUND, code, H22, state, null,
                            new ShipmentEventData.TrackingEvent(null, state.name(), state, at, "700000",
                                    "Bưu cục Quận 1", null, null));
                    KafkaTestClient.send(Topics.SHIPMENT_EVENTS, code, new CloudEvent(UUID.randomUUID().toString(),
                            EventTypes.SHIPMENT_EVENT_RECORDED, "/postal-tracking-service", code, at,
                            EventJson.write(data)));
                }).toList();
    }

    private static DossierEventData data(String code, DossierEventData.Applicant applicant, DossierStatus status,
            Instant acceptedAt, Instant dueAt, Instant finishedAt, String outbound,
            DossierEventData.Transition transition, DossierEventData.PostalStep step) {
        Instant returnedAt = status == DossierStatus.RESULT_RETURNED ? transition.at() : null;
        return new DossierEventData(code, H22, null, "1.001612", null, Channel.ONLINE, ReturnMethod.POSTAL, status,
                applicant, "Đăng ký khai sinh", T0, acceptedAt, dueAt, finishedAt, returnedAt, null, outbound,
                transition, null, null, step);
    }

    private static DossierEventData.Transition move(DossierStatus from, DossierStatus to, Instant at) {
        return new DossierEventData.Transition(from, to, at, new DossierEventData.Handler("Lê Văn Tâm", null, null),
                null);
    }

    private static DossierEventData.PostalStep step(String item, ShipmentState state, Instant at) {
        return new DossierEventData.PostalStep(UUID.randomUUID().toString(), item, Direction.OUTBOUND,
                new ShipmentEventData.TrackingEvent(null, state.name(), state, at, "700000", "Bưu cục Quận 1", null,
                        null));
    }

    private static void publish(String code, String type, Instant time, DossierEventData data) {
        KafkaTestClient.send(Topics.DOSSIER_EVENTS, code, new CloudEvent(UUID.randomUUID().toString(), type,
                "/dossier-service", code, time, EventJson.write(data)));
    }
}
