package vn.bcci.dossier.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.contracts.payload.ProcedureData;
import vn.bcci.infra.testing.ServiceDatabase;
import vn.bcci.infra.testing.ServiceInfraResource;

/** The catalogue's copy follows the newest version published: a replayed or late older event changes nothing. */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class ProcedureStoreTest {
    @Inject
    ProcedureStore store;

    private void published(ProcedureData p, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> store.published(p, at));
    }

    private long days(String code) {
        return ServiceDatabase.number("SELECT processing_days FROM procedure WHERE code = ?1", code);
    }

    @Test
    void anOlderVersionNeverOverwritesANewerOne() {
        String code = "9." + (System.nanoTime() % 1_000_000);
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        published(new ProcedureData(code, "Cấp phép", "XD", "Xây dựng", "000.00.01.H22", 10, true, true), t0);
        assertEquals(10, days(code));
        published(new ProcedureData(code, "Cấp phép", "XD", "Xây dựng", "000.00.01.H22", 7, true, true),
                t0.plusSeconds(3600));
        assertEquals(7, days(code), "the newer version");
        published(new ProcedureData(code, "Cấp phép", "XD", "Xây dựng", "000.00.01.H22", 10, true, true), t0);
        assertEquals(7, days(code), "the first event replayed changes nothing");
    }
}
