package vn.bcci.portalsync.volume;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import vn.bcci.infra.testing.AtVolume;
import vn.bcci.infra.testing.PortalSimulatorResource;
import vn.bcci.infra.testing.StatementCounts;
import vn.bcci.infra.testing.Tokens;

/**
 * Every read operators and agencies make of portal-sync follows an index at volume (issue 25): a year of history
 * (60,000 dossiers over 11 months, synchronised, 4 progress entries and 3 feed entries each, their report facts, a year of reconciliations' drift) is
 * written into a database of its own, then the sync lists and views, the console's dossier page by code and by
 * tracking number, the alerts, the feed and the BCCI report (a month, six months, a year; all agencies and one) are
 * read over HTTP, and PostgreSQL's own counts say how many pages each statement touched per call.
 */
@QuarkusTest
@AtVolume
@WithTestResource(PortalSimulatorResource.class)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ReadPathsAtVolumeTest {
    static final int DOSSIERS = 60_000;

    @Inject
    EntityManager em;
    @Inject
    vn.bcci.portalsync.report.ReportRollup rollup;
    @Inject
    vn.bcci.portalsync.delivery.DeliveryStore delivery;
    @Inject
    vn.bcci.portalsync.delivery.SyncMetrics syncMetrics;

    @BeforeAll
    void history() {
        QuarkusTransaction.requiringNew().run(() -> {
            // as the history loader writes: the facts without their triggers, then their contributions in one go
            em.createNativeQuery("SET LOCAL session_replication_role = replica").executeUpdate();
            em.createNativeQuery("""
                    INSERT INTO report_dossier (code, agency_code, channel, return_method, status, received_at, due_at,
                      finished_at, last_event_time)
                    SELECT agency || '-VOL-' || i, agency, (ARRAY['ONLINE', 'IN_PERSON', 'POSTAL'])[1 + (i / 3) % 3],
                      'POSTAL', CASE WHEN i % 600 = 0 THEN 'IN_PROGRESS' WHEN i % 97 = 0 THEN 'WITHDRAWN'
                      ELSE 'RESULT_RETURNED' END, at, at + interval '10 days',
                      CASE WHEN i % 600 = 0 OR i % 97 = 0 THEN NULL ELSE at + interval '8 days' END,
                      at + interval '9 days'
                    FROM generate_series(1, ?1) i,
                      LATERAL (SELECT (ARRAY['000.00.01.H22', '000.00.00.G12', '000.00.02.H22'])[1 + i % 3] AS agency,
                               now() - interval '20 days' - i * interval '8 minutes' AS at) x
                    """).setParameter(1, DOSSIERS).executeUpdate();
            // results by post for half of them: one in 30 failed a first attempt and was delivered later, one in
            // 3,000 failed and is still out (the FAILED_DELIVERY alert)
            em.createNativeQuery("""
                    INSERT INTO report_result_post (code, posted_at, delivered_at, failed_at)
                    SELECT code, received_at + interval '7 days',
                      CASE WHEN n % 3000 = 0 THEN NULL ELSE received_at + interval '8 days' END,
                      CASE WHEN n % 30 = 0 THEN received_at + interval '7 days 12 hours' END
                    FROM (SELECT *, split_part(code, '-VOL-', 2)::int AS n FROM report_dossier
                          WHERE code LIKE '%-VOL-%') r WHERE n % 2 = 0
                    """).executeUpdate();
            em.createNativeQuery("""
                    INSERT INTO portal_dossier (code, agency_code, inbound_tracking_number, record, status_code,
                      last_event_time, revision, acked_revision, portal_holds, sync_state, changed_at, synced_at,
                      created_at, first_synced_at)
                    SELECT r.code, r.agency_code, 'EV' || lpad(split_part(r.code, '-VOL-', 2), 9, '0') || 'VN',
                      '{"MaHoSo": "x"}', 10, r.last_event_time, 6, CASE WHEN n % 300 = 0 THEN 5 ELSE 6 END, TRUE,
                      CASE WHEN n % 2000 = 0 THEN 'PARKED' WHEN n % 300 = 0 THEN 'PENDING' ELSE 'SYNCED' END,
                      r.last_event_time, r.last_event_time, r.received_at, r.received_at + interval '1 second'
                    FROM (SELECT *, split_part(code, '-VOL-', 2)::int AS n FROM report_dossier
                          WHERE code LIKE '%-VOL-%') r
                    """).executeUpdate();
            em.createNativeQuery("""
                    INSERT INTO progress_entry (source_event_id, dossier_code, item_code, at, handler, content,
                      status_code, state, sent_at, created_at)
                    SELECT d.code || '-' || k, d.code, CASE WHEN k = 1 THEN d.inbound_tracking_number END,
                      d.created_at + k * interval '1 day', 'Bưu điện', 'Bước ' || k, k, 'SENT',
                      d.created_at + k * interval '1 day', d.created_at + k * interval '1 day'
                    FROM portal_dossier d, generate_series(1, 4) k WHERE d.code LIKE '%-VOL-%'
                    """).executeUpdate();
            em.createNativeQuery(
                    """
                            INSERT INTO feed_entry (seq, kind, dossier_code, agency_code, at, recorded_at, summary)
                            SELECT (SELECT coalesce(max(seq), 0) FROM feed_entry) + row_number() OVER (ORDER BY d.created_at, k),
                              (ARRAY['DOSSIER_STATUS', 'POSTAL_MILESTONE', 'SYNC_OUTCOME'])[k], d.code, d.agency_code,
                              d.created_at + k * interval '1 day', d.created_at + k * interval '1 day', 'Bước ' || k
                            FROM portal_dossier d, generate_series(1, 3) k WHERE d.code LIKE '%-VOL-%'
                            """)
                    .executeUpdate();
            // reconciliations' drift over the year, every one repaired but the last few (as a run records it)
            em.createNativeQuery(
                    """
                            INSERT INTO reconciliation (mode, sample_share, requested_by, state, created_at, finished_at)
                            VALUES ('SAMPLE', 0.05, 'scheduler', 'DONE', now() - interval '300 days', now() - interval '300 days')
                            """)
                    .executeUpdate();
            em.createNativeQuery("""
                    INSERT INTO reconciliation_drift (reconciliation_id, dossier_code, kind, detail, found_at,
                      agency_code, repaired_at)
                    SELECT (SELECT max(id) FROM reconciliation), d.code, 'STALE_STATUS', 'the portal shows status 9',
                      d.synced_at - interval '1 hour', d.agency_code,
                      CASE WHEN n % 3000 <> 0 THEN d.synced_at END
                    FROM (SELECT *, split_part(code, '-VOL-', 2)::int AS n FROM portal_dossier
                          WHERE code LIKE '%-VOL-%') d WHERE n % 5 = 0
                    """).executeUpdate();
            em.createNativeQuery("""
                    INSERT INTO report_delta (agency_code, day, metric, n)
                    SELECT c.agency_code, c.day, c.metric, sum(c.n) FROM report_dossier r
                      LEFT JOIN report_result_post m ON m.code = r.code LEFT JOIN portal_dossier d ON d.code = r.code,
                      LATERAL report_contribution(r, m, d.first_synced_at, d.created_at) c
                    WHERE r.code LIKE '%-VOL-%' GROUP BY 1, 2, 3 HAVING sum(c.n) <> 0
                    """).executeUpdate();
        });
        rollup.fold(); // what the facts' triggers wrote, folded into the daily and monthly aggregates
        StatementCounts.vacuumService(); // as autovacuum leaves a table of history
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void everyReadTouchesAFewPagesWhateverTheHistory() {
        StatementCounts counts = StatementCounts.ofService();
        counts.reset();
        for (String state : List.of("SYNCED", "PENDING", "PARKED")) {
            String cursor = JsonPath.from(Tokens.get("operator", "/api/v1/sync?limit=50&state=" + state))
                    .getString("nextCursor");
            if (cursor != null) {
                Tokens.get("operator", "/api/v1/sync?limit=50&state=" + state + "&cursor=" + cursor);
            }
        }
        Tokens.get("operator", "/api/v1/sync/000.00.01.H22-VOL-30000");
        Tokens.get("agency-h22", "/api/v1/sync/000.00.01.H22-VOL-30000");
        Tokens.get("operator", "/api/v1/timeline/000.00.01.H22-VOL-30000");
        Tokens.get("operator", "/api/v1/timeline/EV000030000VN");
        for (String client : List.of("operator", "agency-h22")) {
            Tokens.get(client, "/api/v1/alerts");
            for (vn.bcci.portalsync.alerts.Alerts.Kind kind : vn.bcci.portalsync.alerts.Alerts.Kind.values()) {
                Tokens.get(client, "/api/v1/alerts/" + kind);
            }
            Tokens.get(client, "/api/v1/feed?newest=true&limit=100");
            Tokens.get(client, "/api/v1/feed?after=90000&limit=100");
            java.time.Instant now = java.time.Instant.now();
            for (int days : List.of(30, 183, 366)) {
                Tokens.get(client, "/api/v1/reports/bcci?from=" + now.minus(java.time.Duration.ofDays(days)));
                Tokens.get(client, "/api/v1/reports/bcci?from=" + now.minus(java.time.Duration.ofDays(days)) + "&to="
                        + now.minus(java.time.Duration.ofDays(15)));
            }
            for (String level : List.of("AGENCY", "UNIT", "NATIONAL")) {
                Tokens.get(client, "/api/v1/index?level=" + level + "&period=" + java.time.Year.now());
            }
        }
        counts.assertEachTouchesAtMost(StatementCounts.PAGES_PER_READ, s -> {
            String l = s.toLowerCase();
            return l.startsWith("select") && !l.contains("pg_") && !l.contains("messaging.")
                    && !l.contains("filter (where state");
        });
        // a sync list page's entry counts: one statement for its 50 dossiers, a few pages each
        counts.assertEachTouchesAtMost(5 * 50, 1, s -> s.toLowerCase().contains("filter (where state"));
    }

    /**
     * A parked dossier's entries wait as {@code HELD}, so that what the sync worker claims each round and what the
     * gauges count every 10 s cost in proportion to what can go, not to what waits on parked dossiers: at one million
     * dossiers 163,000 such entries made each claim walk the whole dossier table (7.1 s a round) and each gauge
     * refresh scan the entry table (5 s).
     */
    @Test
    @org.junit.jupiter.api.Order(2) // it parks 3,000 dossiers: after the reads, whose pages hold 50 rows
    void theDeliveryWalksWhatItCanSendNotWhatWaitsOnParkedDossiers() {
        int parked = 3_000;
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("UPDATE portal_dossier SET sync_state = 'PARKED' WHERE code LIKE '%-VOL-%' "
                    + "AND split_part(code, '-VOL-', 2)::int % 20 = 7").executeUpdate();
            em.createNativeQuery("INSERT INTO progress_entry (source_event_id, dossier_code, at, handler, content, "
                    + "status_code, created_at) SELECT d.code || '-held-' || k, d.code, now(), 'Bưu điện', 'Bước', "
                    + "4, now() - interval '3 hours' FROM portal_dossier d, generate_series(1, 4) k "
                    + "WHERE d.sync_state = 'PARKED' AND d.code LIKE '%-VOL-%' AND split_part(d.code, '-VOL-', 2)::int "
                    + "% 20 = 7").executeUpdate();
        });
        StatementCounts.vacuumService();
        long held = ((Number) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT count(*) FROM progress_entry WHERE state = 'HELD'").getSingleResult())).longValue();
        org.junit.jupiter.api.Assertions.assertEquals(4L * parked, held, "every entry of a parked dossier is held");

        StatementCounts counts = StatementCounts.ofService();
        counts.reset();
        List<vn.bcci.portalsync.delivery.DeliveryStore.EntryClaim> claimed = QuarkusTransaction.requiringNew()
                .call(() -> delivery.claimEntries(20, java.time.Duration.ZERO,
                        vn.bcci.portalsync.delivery.DeliveryStore.newLease()));
        syncMetrics.refresh();
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), claimed, "nothing of a parked dossier is claimed");
        org.junit.jupiter.api.Assertions.assertEquals(4L * parked, syncMetrics.snapshot().entriesOwed(),
                "held entries are owed");
        counts.assertEachTouchesAtMost(StatementCounts.PAGES_PER_READ, 2, s -> {
            String l = s.toLowerCase();
            return (l.startsWith("select") || l.startsWith("update portal_dossier p set lease_until"))
                    && !l.contains("pg_") && !l.contains("messaging.");
        });

        // the operator resends one: its entries are pending again and a claim takes them (in one transaction, before
        // the running sync worker can)
        String code = "000.00.00.G12-VOL-30007"; // 30007 % 3 = 1: the second agency
        List<vn.bcci.portalsync.delivery.DeliveryStore.EntryClaim> resent = QuarkusTransaction.requiringNew()
                .call(() -> {
                    em.createNativeQuery("UPDATE portal_dossier SET sync_state = 'PENDING' WHERE code = ?1")
                            .setParameter(1, code).executeUpdate();
                    return delivery.claimEntries(20, java.time.Duration.ZERO,
                            vn.bcci.portalsync.delivery.DeliveryStore.newLease());
                });
        org.junit.jupiter.api.Assertions.assertEquals(4, resent.stream().filter(e -> e.dossierCode().equals(code))
                .count(), "the resent dossier's entries are claimed: " + resent);
    }
}
