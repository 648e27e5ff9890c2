package vn.bcci.messaging.jobs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.infra.testing.ServiceInfraResource;

/**
 * A job that must run once across instances: one holder at a time, not again before its period, taken over when its
 * holder's lease expires, and a holder that lost its lease cannot commit under it (its fence is stale).
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class JobLeasesTest {
    @Inject
    JobLeases jobs;

    @Test
    void oneHolderAtATimeAndNotAgainBeforeItsPeriod() {
        String job = "test-" + UUID.randomUUID();
        Optional<JobLeases.Lease> first = jobs.claimIfDue(job, Duration.ofHours(1), Duration.ofMinutes(1));
        assertTrue(first.isPresent(), "a job never run is due");
        assertTrue(jobs.claimIfDue(job, Duration.ofHours(1), Duration.ofMinutes(1)).isEmpty(), "held: nobody else");
        jobs.done(first.get());
        assertTrue(jobs.claimIfDue(job, Duration.ofHours(1), Duration.ofMinutes(1)).isEmpty(),
                "done: not due again within its period");
        assertTrue(jobs.claimIfDue(job, Duration.ZERO, Duration.ofMinutes(1)).isPresent(),
                "due once its period passed");
    }

    @Test
    void aFailedRunIsDueAgainAtOnce() {
        String job = "test-" + UUID.randomUUID();
        JobLeases.Lease lease = jobs.claimIfDue(job, Duration.ofHours(1), Duration.ofMinutes(1)).orElseThrow();
        jobs.release(lease);
        assertTrue(jobs.claimIfDue(job, Duration.ofHours(1), Duration.ofMinutes(1)).isPresent());
    }

    @Test
    void anExpiredLeaseIsTakenOverAndTheStaleHolderCannotCommit() {
        String job = "test-" + UUID.randomUUID();
        JobLeases.Lease stalled = jobs.claimIfDue(job, Duration.ofHours(1), Duration.ofMillis(500)).orElseThrow();
        QuarkusTransaction.requiringNew().run(() -> jobs.checkFence(stalled)); // still its own
        JobLeases.Lease takenOver = await().atMost(Duration.ofSeconds(10)).until(
                () -> jobs.claimIfDue(job, Duration.ofHours(1), Duration.ofMinutes(1)), Optional::isPresent)
                .orElseThrow();
        assertTrue(takenOver.fence() > stalled.fence(), "a new fence");
        assertThrows(JobLeases.LeaseLost.class,
                () -> QuarkusTransaction.requiringNew().run(() -> jobs.checkFence(stalled)));
        QuarkusTransaction.requiringNew().run(() -> jobs.checkFence(takenOver));
        jobs.done(stalled); // the stale holder's completion changes nothing
        assertTrue(jobs.claimIfDue(job, Duration.ZERO, Duration.ofMinutes(1)).isEmpty(), "still held by the new one");
        jobs.done(takenOver);
        assertEquals(Optional.empty(), jobs.claimIfDue(job, Duration.ofHours(1), Duration.ofMinutes(1)));
    }
}
