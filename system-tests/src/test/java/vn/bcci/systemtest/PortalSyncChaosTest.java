package vn.bcci.systemtest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.http.ContentType;

import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.VietnamTime;
import vn.bcci.portalsim.Misbehaviour;
import vn.bcci.portalsim.PortalSimulator;

/**
 * portal-sync-service against a portal that misbehaves in every way docs/portal-api.md lists, black-box: 500 dossiers go
 * through full lifecycles over the services' REST interfaces (postal intake and return with VNPost's events, online
 * intake, in-person with a supplement request, refusals at intake) while the simulator answers 20 % of calls 5xx
 * (half after taking effect), expires sessions every 3 s, adds latency, throttles with 429 storms and goes down for
 * 60 s, during which portal-sync-service is killed (SIGKILL) and started again. The portal must end up exactly right:
 * every dossier's latest status, each progress entry once, in time order; the one dossier the portal refuses with
 * {@code 2} is parked and the 499 others arrive all the same.
 */
@ExtendWith(SystemStack.class)
class PortalSyncChaosTest {
    private static final int DOSSIERS = 500;
    private static final int REFUSED = 17;
    private static final String AGENCY = "000.00.01.H22";
    private static final List<String> PROCEDURES = List.of("1.001612", "1.001193", "2.000635", "1.004746",
            "1.001977", "1.002804");
    private static final String[] NAMES = {"Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Dung",
            "Hoàng Minh Đức", "Vũ Thị Hạnh", "Đặng Quốc Huy", "Bùi Thanh Lan"};

    private final PortalSimulator portal = SystemStack.stack().portal();
    private final String agency = SystemStack.bearer("agency-h22");
    private final String vnpost = SystemStack.bearer("vnpost");
    private final String operator = SystemStack.bearer("operator");

    /** What one dossier goes through, and what the portal must show at the end. */
    enum Life {
        /** Postal intake and return: 8 entries (inbound accepted, handed over, 2, 4, 9, outbound x3), status 10. */
        POSTAL(8, 10),
        /** Online intake, result by post: 6 entries, status 10. */
        ONLINE(6, 10),
        /** In person, a supplement requested, result handed over at the desk: 5 entries, status 10. */
        SUPPLEMENT(5, 10),
        /** Refused at intake: 1 entry, status 3. */
        REFUSED_AT_INTAKE(1, 3);

        final int entries;
        final int finalStatus;

        Life(int entries, int finalStatus) {
            this.entries = entries;
            this.finalStatus = finalStatus;
        }
    }

    record Dossier(int i, String code, Life life, String inbound, String outbound) {
    }

    @AfterEach
    void behave() {
        portal.misbehave(Misbehaviour.NONE);
    }

    @Test
    void thePortalEndsExactlyRightThroughFaultsAndACrashAndOneRefusalParksOnlyItsDossier() throws Exception {
        String day = LocalDate.now(VietnamTime.ZONE).format(DateTimeFormatter.ofPattern("yyMMdd"));
        List<Dossier> dossiers = new ArrayList<>();
        for (int i = 0; i < DOSSIERS; i++) {
            Life life = switch (i % 10) {
                case 6, 7 -> Life.ONLINE;
                case 8 -> Life.SUPPLEMENT;
                case 9 -> Life.REFUSED_AT_INTAKE;
                default -> Life.POSTAL;
            };
            dossiers.add(new Dossier(i, AGENCY + "-" + day + "-" + (900_000 + i), life,
                    TrackingNumber.of("EB", 70_000_000L + i), TrackingNumber.of("EC", 70_000_000L + i)));
        }
        Dossier refused = dossiers.get(REFUSED);
        portal.refuse(refused.code(), "MaHoSo " + refused.code() + " trùng với hồ sơ của hệ thống khác");
        portal.misbehave(new Misbehaviour(0.2, 0, 20, false, 0, 3));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            round(pool, dossiers, this::register);
            round(pool, dossiers, d -> postal(d, d.inbound(), "EMA", Life.POSTAL));

            // a 429 storm: a handful of calls a second, Retry-After on the rest
            portal.misbehave(new Misbehaviour(0.2, 0, 20, false, 3, 3));
            round(pool, dossiers, d -> postal(d, d.inbound(), "EMI", Life.POSTAL));
            round(pool, dossiers, d -> move(d, d.life() == Life.REFUSED_AT_INTAKE ? "REJECTED" : "ACCEPTED"));
            portal.misbehave(new Misbehaviour(0.2, 0, 20, false, 0, 3));

            // a 60 s outage; portal-sync-service is killed in the middle of it and started again
            long outageEnds = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            portal.misbehave(new Misbehaviour(0.2, 0, 20, true, 0, 3));
            round(pool, dossiers, d -> {
                if (d.life() == Life.SUPPLEMENT) {
                    move(d, "SUPPLEMENT_REQUESTED");
                }
            });
            SystemStack.stack().kill("portal-sync-service");
            round(pool, dossiers, d -> {
                if (d.life() != Life.REFUSED_AT_INTAKE) {
                    move(d, "IN_PROGRESS");
                }
            });
            SystemStack.stack().restart("portal-sync-service");
            round(pool, dossiers, d -> {
                if (d.life() != Life.REFUSED_AT_INTAKE) {
                    move(d, "RESULT_READY");
                }
            });
            long left = outageEnds - System.nanoTime();
            if (left > 0) {
                Thread.sleep(Duration.ofNanos(left).toMillis()); // the outage lasts its 60 s, whatever we did meanwhile
            }
            portal.misbehave(new Misbehaviour(0.2, 0, 20, false, 0, 3));

            round(pool, dossiers, d -> {
                if (d.life() == Life.SUPPLEMENT) {
                    move(d, "RESULT_RETURNED");
                } else {
                    postal(d, d.outbound(), "EMA", Life.POSTAL, Life.ONLINE);
                }
            });
            round(pool, dossiers, d -> postal(d, d.outbound(), "EDG", Life.POSTAL, Life.ONLINE));
            round(pool, dossiers, d -> postal(d, d.outbound(), "EMI", Life.POSTAL, Life.ONLINE));
        } finally {
            pool.shutdownNow();
        }

        // the portal ends exactly right for the 499, through the faults that are still going on
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (Dossier d : dossiers) {
                if (d != refused) {
                    assertExactlyRight(d);
                }
            }
        });

        // the refused one is parked with the portal's words, and never reached it
        given().header("Authorization", operator).queryParam("state", "PARKED")
                .get(SystemStack.url(SystemStack.ports().portalSync(), "/api/v1/sync"))
                .then().statusCode(200).body("items.dossierCode", hasItem(refused.code()));
        given().header("Authorization", operator)
                .get(SystemStack.url(SystemStack.ports().portalSync(), "/api/v1/sync/" + refused.code()))
                .then().statusCode(200).body("syncState", equalTo("PARKED"))
                .body("lastAnswer", org.hamcrest.Matchers.containsString("trùng với hồ sơ"));
        assertNull(portal.dossier(refused.code()));

        // the portal's objection is settled; the operator resends it, and it arrives whole
        portal.refuse(refused.code(), null);
        given().header("Authorization", operator)
                .post(SystemStack.url(SystemStack.ports().portalSync(), "/api/v1/sync/" + refused.code() + "/retry"))
                .then().statusCode(200);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertExactlyRight(refused));
    }

    private void assertExactlyRight(Dossier d) {
        JsonNode held = portal.dossier(d.code());
        assertNotNull(held, d.code() + " is on the portal");
        assertEquals(Integer.toString(d.life().finalStatus), held.path("TrangThaiHoSo").asText(),
                d.code() + " shows its latest status");
        JsonNode entries = held.path("TienDo");
        assertEquals(d.life().entries, entries.size(), d.code() + " shows each step once: " + entries);
        Set<String> distinct = new HashSet<>();
        String previous = "";
        for (JsonNode e : entries) {
            distinct.add(e.path("ThoiDiemXuLy").asText() + "|" + e.path("NoiDungXuLy").asText());
            String at = e.path("ThoiDiemXuLy").asText();
            assertTrue(at.compareTo(previous) >= 0, d.code() + " shows its steps in time order: " + entries);
            previous = at;
        }
        assertEquals(d.life().entries, distinct.size(), d.code() + " shows no step twice: " + entries);
    }

    /** One step for every dossier, eight at a time; a dossier's next step starts after all of this one answered. */
    private static void round(ExecutorService pool, List<Dossier> dossiers, Consumer<Dossier> step)
            throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (Dossier d : dossiers) {
            done.add(pool.submit(() -> step.accept(d)));
        }
        for (Future<?> f : done) {
            f.get();
        }
    }

    private void register(Dossier d) {
        boolean postal = d.life() == Life.POSTAL;
        String channel = switch (d.life()) {
            case POSTAL -> "POSTAL";
            case SUPPLEMENT -> "IN_PERSON";
            default -> "ONLINE";
        };
        String name = NAMES[d.i() % NAMES.length];
        given().header("Authorization", agency).contentType(ContentType.JSON).body("""
                {"code": "%s", "procedureCode": "%s", "agencyCode": "%s", "channel": "%s", "returnMethod": "%s",
                 "summary": "Hồ sơ của %s", "applicant": {"type": "CITIZEN", "name": "%s",
                 "idNumber": "0012030%05d", "phone": "09123%05d"}%s}""".formatted(d.code(),
                PROCEDURES.get(d.i() % PROCEDURES.size()), AGENCY, channel,
                d.life() == Life.SUPPLEMENT ? "IN_PERSON" : "POSTAL", name, name, d.i(), d.i(),
                postal ? ", \"inboundTrackingNumber\": \"" + d.inbound() + "\"" : ""))
                .post(SystemStack.url(SystemStack.ports().dossier(), "/api/v1/dossiers"))
                .then().statusCode(201);
    }

    private void move(Dossier d, String to) {
        given().header("Authorization", agency).contentType(ContentType.JSON).body("""
                {"to": "%s", "handler": {"name": "Nguyễn Thị Hoa", "title": "Chuyên viên",
                 "department": "Bộ phận một cửa"}}""".formatted(to))
                .post(SystemStack.url(SystemStack.ports().dossier(), "/api/v1/dossiers/" + d.code() + "/transitions"))
                .then().statusCode(200);
    }

    private void postal(Dossier d, String item, String code, Life... lives) {
        if (!List.of(lives).contains(d.life())) {
            return;
        }
        String at = OffsetDateTime.now(ZoneOffset.ofHours(7)).withNano(0).toString();
        boolean outbound = item.equals(d.outbound());
        SystemStack.pushSigned(vnpost, """
                [{"eventId": "chaos-%s-%s", "itemCode": "%s", "orderNumber": "%s", "statusCode": "%s",
                  "occurredAt": "%s", "postOffice": {"code": "100000", "name": "Bưu cục Hà Nội"}}]"""
                .formatted(item, code, item, outbound ? d.code() : "", code, at))
                .post(SystemStack.url(SystemStack.ports().postal(), "/api/v1/tracking-events"))
                .then().statusCode(200).body("results[0].outcome", equalTo("accepted"));
    }
}
