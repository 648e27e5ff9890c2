package vn.bcci.portalsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class PortalSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private PortalSimulator sim;

    @BeforeEach
    void start() throws Exception {
        sim = PortalSimulator.start(0);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void createsThenRefusesASecondCreateWith3AndAnUpdateOfAnUnknownDossierWith4() throws Exception {
        String session = login();
        JsonNode created = call(session, "DongBoHoSoMC", "\"isUpdating\":\"False\",\"data\":[" + dossier("D-1", "1")
                + "]");
        assertEquals("0", created.at("/result/0/error_code").asText());
        JsonNode again = call(session, "DongBoHoSoMC", "\"isUpdating\":\"False\",\"data\":[" + dossier("D-1", "1")
                + "]");
        assertEquals("3", again.at("/result/0/error_code").asText());
        JsonNode update = call(session, "DongBoHoSoMC", "\"isUpdating\":\"True\",\"data\":[" + dossier("D-2", "1")
                + "]");
        assertEquals("4", update.at("/result/0/error_code").asText());
        assertEquals("3", sim.dossier("D-1").get("KenhThucHien").asText());
    }

    @Test
    void refusesAStatusTwoDossierWithoutReceptionDatesNamingTheFields() throws Exception {
        JsonNode answer = call(login(), "DongBoHoSoMC", "\"isUpdating\":\"False\",\"data\":[" + dossier("D-3", "2")
                + "]");
        assertEquals("2", answer.at("/result/0/error_code").asText());
        assertTrue(answer.at("/result/0/message").asText().contains("NgayTiepNhan"));
        assertEquals(null, sim.dossier("D-3"));
    }

    @Test
    void keepsProgressEntriesAsGivenAndRefusesThemForUnknownDossiersWith4() throws Exception {
        String session = login();
        call(session, "DongBoHoSoMC", "\"isUpdating\":\"False\",\"data\":[" + dossier("D-4", "1") + "]");
        String entry = "{\"MaHoSo\":\"%s\",\"NguoiXuLy\":\"VNPost\",\"ThoiDiemXuLy\":\"20261122091500\","
                + "\"NoiDungXuLy\":\"Accepted at the post office\",\"TrangThai\":\"1\"}";
        JsonNode answer = call(session, "CapNhatTienDoHoSoMC", "\"data\":[" + entry.formatted("D-4") + ","
                + entry.formatted("D-unknown") + "]");
        assertEquals("0", answer.at("/result/0/error_code").asText());
        assertEquals("4", answer.at("/result/1/error_code").asText());
        JsonNode held = call(session, "TraCuuHoSo", "\"mahoso\":\"D-4\"");
        assertEquals(1, held.at("/result/0/TienDo").size());
    }

    @Test
    void aStatusGoesBackOnlyWhenHeldOutOfTheDossiersOwnOrderNotWhenALowerCodeFollowsLegitimately() throws Exception {
        String session = login();
        call(session, "DongBoHoSoMC", "\"isUpdating\":\"False\",\"data\":[" + dossier("D-5", "1") + "]");
        call(session, "DongBoHoSoMC", "\"isUpdating\":\"True\",\"data\":[" + received("D-5", "5") + "]");
        call(session, "DongBoHoSoMC", "\"isUpdating\":\"True\",\"data\":[" + received("D-5", "4") + "]");
        assertEquals(java.util.List.of(1, 5, 4), sim.statusHistory("D-5"));
        // a supplement request goes on to processing: 5 then 4 follows 1, 2, 5, 4 (2 skipped, as coalesced updates do)
        assertFalse(sim.statusWentBack("D-5", java.util.List.of(1, 2, 5, 4, 9, 10)));
        // had processing (4) come before the supplement request, 5 then 4 is an older update sent after a newer one
        assertTrue(sim.statusWentBack("D-5", java.util.List.of(1, 2, 4, 5)));
        assertTrue(sim.statusWentBack("D-5", java.util.List.of(1, 5)));
    }

    @Test
    void anExpiredSessionIsAnsweredMinusOne() throws Exception {
        String session = login();
        sim.expireSessions();
        assertEquals("-1", call(session, "TraCuuHoSo", "\"mahoso\":\"x\"").get("error_code").asText());
    }

    @Test
    void overTheRateLimitAnswers429WithRetryAfter() throws Exception {
        sim.misbehave(new Misbehaviour(0, 0, 0, false, 2, 1800));
        int limited = 0;
        int accepted = 0;
        long firstSecond = System.currentTimeMillis() / 1000;
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> r = post("/login",
                    "{\"username\":\"portal-sync\",\"password\":\"portal-sync-secret\"}");
            if (r.statusCode() == 429) {
                limited++;
                assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
            } else {
                accepted++;
            }
        }
        long windows = System.currentTimeMillis() / 1000 - firstSecond + 1;
        // at most 2 calls pass in each one-second window the 12 calls spanned; the rest are 429
        assertTrue(accepted <= 2 * windows, "accepted " + accepted + " in " + windows + " windows");
        assertTrue(limited >= 12 - 2 * windows, "limited " + limited);
    }

    @Test
    void servesACatalogueOfAtLeastThirtyProceduresInPages() throws Exception {
        String session = login();
        JsonNode first = call(session, "LayDanhSachTTHC", "\"page\":1,\"size\":20");
        JsonNode second = call(session, "LayDanhSachTTHC", "\"page\":2,\"size\":20");
        assertEquals(20, first.get("result").size());
        assertTrue(first.get("result").size() + second.get("result").size() >= 30);
    }

    private String login() throws Exception {
        HttpResponse<String> r = post("/login", "{\"username\":\"portal-sync\",\"password\":\"portal-sync-secret\"}");
        return JSON.readTree(r.body()).get("session").asText();
    }

    private JsonNode call(String session, String service, String extra) throws Exception {
        HttpResponse<String> r = post("/service", "{\"session\":\"" + session + "\",\"madonvi\":\"000.00.01.H22\","
                + "\"service\":\"" + service + "\"," + extra + "}");
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).header("dstcode", "BCCI")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A dossier past intake: with its reception and due dates. */
    private static String received(String code, String status) {
        return dossier(code, status).replace("\"NgayTiepNhan\":\"\",\"NgayHenTra\":\"\"",
                "\"NgayTiepNhan\":\"20261201080000\",\"NgayHenTra\":\"20261204170000\"");
    }

    private static String dossier(String code, String status) {
        return ("{\"MaHoSo\":\"%s\",\"MaTTHC\":\"1.001612\",\"TenTTHC\":\"Đăng ký khai sinh\",\"KenhThucHien\":\"3\","
                + "\"ChuHoSo\":\"Nguyễn Văn An\",\"LoaiDoiTuong\":\"1\",\"TrichYeuHoSo\":\"Khai sinh\","
                + "\"TrangThaiHoSo\":\"%s\",\"HinhThuc\":\"1\",\"DonViXuLy\":\"Sở Tư pháp\",\"NgayTiepNhan\":\"\","
                + "\"NgayHenTra\":\"\"}").formatted(code, status);
    }
}
