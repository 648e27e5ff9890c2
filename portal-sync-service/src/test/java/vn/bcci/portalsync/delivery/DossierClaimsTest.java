package vn.bcci.portalsync.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.infra.testing.PortalSimulatorResource;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.portalsync.DossierEvents;

/**
 * One dossier's progress entries are claimed together, under the dossier's lease: an entry learned of while the
 * others are in flight (on this instance or another) waits for them, and a record claim waits too. The rows here are
 * learned of "in an hour", so the running sync worker (settle window from now) leaves them to this test.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
@WithTestResource(value = PortalSimulatorResource.class)
class DossierClaimsTest {
    private static final Duration ALL = Duration.ofHours(-2);

    @Inject
    DeliveryStore store;
    @Inject
    EntityManager em;

    @Test
    void aDossiersEntriesAreInFlightFromOneClaimOnly() {
        String code = DossierEvents.newCode();
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("INSERT INTO portal_dossier (code, agency_code, record, status_code, last_event_time, "
                    + "portal_holds, sync_state) VALUES (?1, ?2, '{}'::jsonb, 2, now(), TRUE, 'SYNCED')")
                    .setParameter(1, code).setParameter(2, DossierEvents.H22).executeUpdate();
            for (int i = 1; i <= 3; i++) {
                entry(code, i);
            }
        });
        List<DeliveryStore.EntryClaim> first = claim(code);
        java.time.Instant held = lease;
        assertEquals(3, first.stream().filter(e -> e.dossierCode().equals(code)).count(), "all its entries at once");

        QuarkusTransaction.requiringNew().run(() -> entry(code, 4));
        assertEquals(0, claim(code).stream().filter(e -> e.dossierCode().equals(code)).count(),
                "a later entry waits while the dossier's others are in flight");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE portal_dossier SET sync_state = 'PENDING' WHERE code = ?1").setParameter(1, code)
                .executeUpdate());
        java.time.Instant recordLease = DeliveryStore.newLease();
        assertEquals(List.of(), QuarkusTransaction.requiringNew().call(() -> store.claimDossiers(1000, recordLease))
                .stream().filter(d -> d.code().equals(code)).toList(), "so does its record");
        // its record owed no more: released, a PENDING record is the running sync worker's to claim, and its lease
        // would hide the entries from the claim below (a clean-clone build failed so, the claim finding none)
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE portal_dossier SET sync_state = 'SYNCED' WHERE code = ?1").setParameter(1, code)
                .executeUpdate());

        QuarkusTransaction.requiringNew().run(() -> store.releaseDossiers(List.of(code), held));
        List<DeliveryStore.EntryClaim> second = claim(code).stream().filter(e -> e.dossierCode().equals(code)).toList();
        assertEquals(List.of("step 1", "step 2", "step 3", "step 4"),
                second.stream().map(DeliveryStore.EntryClaim::content).toList(), "then all four, in time order");
        QuarkusTransaction.requiringNew().run(() -> store.releaseDossiers(List.of(code), lease));
    }

    @Test
    void aClaimGivesBackOnlyWhatItStillHolds() {
        String code = DossierEvents.newCode();
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("INSERT INTO portal_dossier (code, agency_code, record, status_code, last_event_time, "
                    + "portal_holds, sync_state) VALUES (?1, ?2, '{}'::jsonb, 2, now(), TRUE, 'SYNCED')")
                    .setParameter(1, code).setParameter(2, DossierEvents.H22).executeUpdate();
            entry(code, 1);
        });
        // a claim of its record, answered (the answer ends that lease), then another claim takes its entries
        java.time.Instant first = DeliveryStore.newLease();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE portal_dossier SET lease_until = ?2 WHERE code = ?1").setParameter(1, code)
                .setParameter(2, first).executeUpdate());
        QuarkusTransaction.requiringNew().run(() -> store.acknowledged(code, 1, "0"));
        assertEquals(1, claim(code).stream().filter(e -> e.dossierCode().equals(code)).count());
        java.time.Instant second = lease;
        // the first claim's release at the end of its round must not free the second claim's dossier
        QuarkusTransaction.requiringNew().run(() -> store.releaseDossiers(List.of(code), first));
        assertEquals(0, claim(code).stream().filter(e -> e.dossierCode().equals(code)).count(),
                "still held by the claim sending its entries");
        QuarkusTransaction.requiringNew().run(() -> store.releaseDossiers(List.of(code), second));
    }

    @Test
    void aStepLearnedAMomentLaterButEarlierInTimeGoesWithTheOthersInItsPlace() {
        String code = DossierEvents.newCode();
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("INSERT INTO portal_dossier (code, agency_code, record, status_code, last_event_time, "
                    + "portal_holds, sync_state) VALUES (?1, ?2, '{}'::jsonb, 2, now(), TRUE, 'SYNCED')")
                    .setParameter(1, code).setParameter(2, DossierEvents.H22).executeUpdate();
            entry(code, 2); // delivered: learned first
            // out for delivery, a minute earlier in time, learned 45 minutes later (still unsettled at the claim)
            em.createNativeQuery("INSERT INTO progress_entry (source_event_id, dossier_code, at, handler, content, "
                    + "created_at) VALUES (?1, ?2, now() + interval '1 minute', 'Bưu điện', 'step 1', now() + "
                    + "interval '105 minutes')").setParameter(1, code + "-1").setParameter(2, code).executeUpdate();
        });
        java.time.Instant mine = DeliveryStore.newLease();
        List<DeliveryStore.EntryClaim> claimed = QuarkusTransaction.requiringNew()
                .call(() -> store.claimEntries(1000, Duration.ofMinutes(-90), mine));
        List<String> others = claimed.stream().map(DeliveryStore.EntryClaim::dossierCode).filter(c -> !c.equals(code))
                .distinct().toList();
        QuarkusTransaction.requiringNew().run(() -> store.releaseDossiers(
                java.util.stream.Stream.concat(others.stream(), java.util.stream.Stream.of(code)).toList(), mine));
        assertEquals(List.of("step 1", "step 2"), claimed.stream().filter(e -> e.dossierCode().equals(code))
                .map(DeliveryStore.EntryClaim::content).toList());
    }

    /** The lease of the last {@link #claim}. */
    private java.time.Instant lease;

    /** A claim of everything owed; other tests' dossiers are given back at once. */
    private List<DeliveryStore.EntryClaim> claim(String mine) {
        java.time.Instant taken = DeliveryStore.newLease();
        lease = taken;
        List<DeliveryStore.EntryClaim> claimed = QuarkusTransaction.requiringNew()
                .call(() -> store.claimEntries(1000, ALL, taken));
        List<String> others = claimed.stream().map(DeliveryStore.EntryClaim::dossierCode)
                .filter(c -> !c.equals(mine)).distinct().toList();
        if (!others.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> store.releaseDossiers(others, taken));
        }
        return claimed;
    }

    private void entry(String code, int step) {
        em.createNativeQuery("INSERT INTO progress_entry (source_event_id, dossier_code, at, handler, content, "
                + "created_at) VALUES (?1, ?2, now() + ?3 * interval '1 minute', 'Cán bộ', ?4, now() + interval "
                + "'1 hour')").setParameter(1, code + "-" + step).setParameter(2, code).setParameter(3, step)
                .setParameter(4, "step " + step).executeUpdate();
    }
}
