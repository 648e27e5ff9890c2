package vn.bcci.dossier.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.infra.testing.ServiceInfraResource;

/** Codes reserved in blocks that grow with demand: never twice, even across instances; one by one when calm. */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class DossierCodeBlocksTest {
    private static final Instant NOW = Instant.parse("2026-11-23T03:00:00Z");

    @Inject
    EntityManager em;
    @Inject
    RegistrationStore store;

    private long reserved(String agency) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT last_value FROM dossier_code_sequence WHERE agency_code = ?1 AND day = '261123'")
                .setParameter(1, agency).getSingleResult()).longValue());
    }

    @Test
    void aCalmAgencyGetsConsecutiveNumbersOneReservationEach() throws Exception {
        DossierCodes codes = new DossierCodes(store, 32);
        assertEquals("000.00.09.H22-261123-0001", codes.next("000.00.09.H22", NOW));
        Thread.sleep(1100); // calm: the next reservation is of one number again
        assertEquals("000.00.09.H22-261123-0002", codes.next("000.00.09.H22", NOW));
        assertEquals(2, reserved("000.00.09.H22"));
    }

    @Test
    void twoInstancesUnderLoadNeverHandOutTheSameNumberAndWasteAtMostABlockEach() throws Exception {
        String agency = "000.00.08.H22";
        List<DossierCodes> instances = List.of(new DossierCodes(store, 16), new DossierCodes(store, 16));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> calls = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                DossierCodes instance = instances.get(i % 2);
                calls.add(pool.submit(() -> instance.next(agency, NOW)));
            }
            Set<String> handedOut = new HashSet<>();
            for (Future<String> call : calls) {
                handedOut.add(call.get());
            }
            assertEquals(400, handedOut.size(), "a number was handed out twice");
            long last = reserved(agency);
            // what the instances reserved and did not hand out is at most a block each
            assertTrue(last >= 400 && last <= 400 + 2 * 16, "reserved up to " + last);
            long highest = handedOut.stream().mapToLong(c -> Long.parseLong(c.substring(c.lastIndexOf('-') + 1)))
                    .max().orElseThrow();
            assertTrue(highest <= last, "handed out " + highest + " beyond the reserved " + last);
        } finally {
            pool.shutdown();
        }
    }
}
