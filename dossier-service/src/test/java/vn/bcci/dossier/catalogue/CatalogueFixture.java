package vn.bcci.dossier.catalogue;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.narayana.jta.QuarkusTransaction;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.payload.ProcedureData;
import vn.bcci.infra.testing.KafkaTestClient;

/** Publishes a small catalogue on portal.procedures.v1, as portal-sync-service does, and waits until it is read. */
public final class CatalogueFixture {
    public static final String BIRTH = "1.001612"; // 1 working day, post both ways
    public static final String CRIMINAL_RECORD = "1.001977"; // 10 working days, post both ways
    public static final String MARRIAGE = "1.000894"; // no post either way
    public static final String LAND = "1.003010"; // post intake, no postal return
    private static final List<ProcedureData> PROCEDURES = List.of(
            new ProcedureData(BIRTH, "Đăng ký khai sinh", "HT", "Hộ tịch", "000.00.01.H22", 1, true, true),
            new ProcedureData(CRIMINAL_RECORD, "Cấp Phiếu lý lịch tư pháp", "LLTP", "Lý lịch tư pháp",
                    "000.00.01.H22", 10, true, true),
            new ProcedureData(MARRIAGE, "Đăng ký kết hôn", "HT", "Hộ tịch", "000.00.01.H22", 3, false, false),
            new ProcedureData(LAND, "Cấp đổi Giấy chứng nhận quyền sử dụng đất", "DD", "Đất đai", "000.00.01.H22", 7,
                    true, false));

    private CatalogueFixture() {
    }

    public static void publish() {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (ProcedureData p : PROCEDURES) {
            KafkaTestClient.send(Topics.PORTAL_PROCEDURES, p.code(), new CloudEvent(UUID.randomUUID().toString(),
                    EventTypes.PROCEDURE_PUBLISHED, "/portal-sync-service", p.code(), at, EventJson.write(p)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> Procedure.count("code in ?1",
                        PROCEDURES.stream().map(ProcedureData::code).toList())) == PROCEDURES.size());
    }
}
