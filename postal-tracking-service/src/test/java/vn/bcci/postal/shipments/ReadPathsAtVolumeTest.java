package vn.bcci.postal.shipments;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import vn.bcci.infra.testing.AtVolume;
import vn.bcci.infra.testing.StatementCounts;
import vn.bcci.infra.testing.Tokens;
import vn.bcci.postal.watch.ShipmentWatch;

/**
 * Every read VNPost, agencies and operators make, and the watch's sweep, follow an index at volume (issue 25): a year
 * of items (60,000 over 11 months, almost all delivered, the few still open from the last days: some of them stalled or
 * overdue; 5 events each) is
 * written into a database of its own, each list with each filter, its next page and an item with its events are read
 * over HTTP, the watch runs, and PostgreSQL's own counts say how many pages each statement touched per call.
 */
@QuarkusTest
@AtVolume
class ReadPathsAtVolumeTest {
    static final int ITEMS = 60_000;

    @Inject
    EntityManager em;
    @Inject
    ShipmentWatch watch;

    @BeforeAll
    void history() {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("""
                    INSERT INTO shipment (item_code, direction, dossier_code, agency_code, procedure_code, state,
                      last_event_at, registered_at, accepted_at, delivery_due_at, stalled_since, overdue_since,
                      event_sequence)
                    SELECT 'EV' || lpad(i::text, 9, '0') || 'VN', (ARRAY['INBOUND', 'OUTBOUND'])[1 + i % 2],
                      agency || '-VOL-' || i, agency, '1.001612',
                      CASE WHEN i % 500 = 0 THEN 'IN_TRANSIT' WHEN i % 499 = 0 THEN 'ACCEPTED' ELSE 'DELIVERED' END,
                      at + interval '2 days', at, at, at + interval '3 days',
                      NULL, NULL, 5
                    FROM generate_series(1, ?1) i,
                      LATERAL (SELECT (ARRAY['000.00.01.H22', '000.00.00.G12', '000.00.02.H22'])[1 + (i / 7) % 3]
                                 AS agency, CASE WHEN i % 500 = 0 OR i % 499 = 0
                                 THEN now() - (i % 7000) * interval '1 minute'
                                 ELSE now() - interval '20 days' - i * interval '8 minutes' END AS at) x
                    """).setParameter(1, ITEMS).executeUpdate();
            em.createNativeQuery("""
                    INSERT INTO tracking_event (item_code, dedup_key, event_id, status_code, canonical_state,
                      known_code, occurred_at, applied)
                    SELECT s.item_code, s.item_code || '-' || k, s.item_code || '-' || k, 'EMA', 'ACCEPTED', TRUE,
                      s.registered_at + k * interval '6 hours', TRUE
                    FROM shipment s, generate_series(1, 5) k WHERE s.dossier_code LIKE '%-VOL-%'
                    """).executeUpdate();
        });
        watch.scan(Instant.now()); // flags what history left stalled or overdue: its cost is what it flags
        StatementCounts.vacuumService(); // as autovacuum leaves a table of history
    }

    @Test
    void everyReadTouchesAFewPagesWhateverTheHistory() {
        StatementCounts counts = StatementCounts.ofService();
        counts.reset();
        for (String client : List.of("agency-h22", "vnpost", "operator")) {
            for (String filter : List.of("", "stalled=true", "overdue=true", "state=IN_TRANSIT", "state=DELIVERED",
                    "direction=OUTBOUND", "dossierCode=000.00.01.H22-VOL-30002")) {
                String list = "/api/v1/shipments?limit=50" + (filter.isEmpty() ? "" : "&" + filter);
                String cursor = JsonPath.from(Tokens.get(client, list)).getString("nextCursor");
                if (cursor != null) {
                    Tokens.get(client, list + "&cursor=" + cursor);
                }
            }
        }
        Tokens.get("operator", "/api/v1/shipments?limit=50&agency=000.00.00.G12&state=IN_TRANSIT");
        Tokens.get("vnpost", "/api/v1/shipments/EV000030002VN");
        watch.scan(Instant.now());
        counts.assertEachTouchesAtMost(StatementCounts.PAGES_PER_READ, s -> {
            String l = s.toLowerCase();
            return (l.startsWith("select") || l.startsWith("update shipment"))
                    && (l.contains("shipment") || l.contains("tracking_event")) && !l.contains("pg_");
        });
    }
}
