package vn.bcci.portalsync.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.contracts.payload.ProcedureData;
import vn.bcci.infra.testing.PortalSimulatorResource;
import vn.bcci.infra.testing.ServiceDatabase;
import vn.bcci.infra.testing.ServiceInfraResource;

/**
 * The catalogue import's upsert: a procedure is new once, the portal listing it unchanged changes nothing (so it is not
 * published again), and any field the portal changes, the field's name included, is a change.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
@WithTestResource(value = PortalSimulatorResource.class)
class CatalogueStoreTest {
    @Inject
    CatalogueStore store;

    private boolean imported(ProcedureData p, Instant at) {
        return QuarkusTransaction.requiringNew().call(() -> store.imported(p, at));
    }

    @Test
    void aProcedureIsNewOnceAndChangedOnlyWhenThePortalChangesIt() {
        String code = "9." + (System.nanoTime() % 1_000_000);
        ProcedureData first = new ProcedureData(code, "Đăng ký khai sinh", "HT", "Hộ tịch", "000.00.01.H22", 1, true,
                true);
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        assertTrue(imported(first, t0), "new");
        assertFalse(imported(first, t0.plusSeconds(60)), "listed again unchanged");
        assertEquals(t0.getEpochSecond(), ServiceDatabase.number(
                "SELECT extract(epoch FROM imported_at)::bigint FROM procedure_catalogue WHERE code = ?1", code),
                "an unchanged listing leaves the row as it was");
        assertTrue(imported(new ProcedureData(code, "Đăng ký khai sinh", "HT", "Hộ tịch", "000.00.01.H22", 1, false,
                true), t0.plusSeconds(120)), "no longer taken by post");
        assertTrue(imported(new ProcedureData(code, "Đăng ký khai sinh", "HT", "Hộ tịch và chứng thực",
                "000.00.01.H22", 1, false, true), t0.plusSeconds(180)), "the field renamed");
        assertEquals(0, ServiceDatabase.number("SELECT count(*) FROM procedure_catalogue WHERE code = ?1 AND "
                + "(postal_intake OR field_name <> 'Hộ tịch và chứng thực')", code));
    }
}
