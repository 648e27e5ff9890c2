package vn.bcci.dossier.postalsteps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.infra.testing.ServiceInfraResource;

/**
 * The order kept for each postal item (its last applied sequence) does not grow forever: an item without an event for
 * 60 days loses it at the next purge, an item still moving keeps it.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class PostalProgressPurgeTest {
    @Inject
    EntityManager em;
    @Inject
    PostalSteps postalEvents;

    private void progress(String item, int applied, Instant updatedAt) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("INSERT INTO postal_item_progress (item_code, "
                + "applied_seq, updated_at) VALUES (?1, ?2, ?3)").setParameter(1, item).setParameter(2, applied)
                .setParameter(3, updatedAt).executeUpdate());
    }

    private long kept(String item) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM postal_item_progress WHERE item_code = ?1").setParameter(1, item)
                .getSingleResult()).longValue());
    }

    @Test
    void theProgressOfItemsLongQuietIsPurgedAndTheRestKept() {
        Instant now = Instant.now();
        progress("EB900000001VN", 7, now.minus(Duration.ofDays(61)));
        progress("EB900000002VN", 3, now.minus(Duration.ofDays(59)));
        postalEvents.purgeUnclaimed();
        assertEquals(0, kept("EB900000001VN"), "an item without an event for 61 days");
        assertEquals(1, kept("EB900000002VN"), "an item whose last event is 59 days old");
    }
}
