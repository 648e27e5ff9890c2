package vn.bcci.dossier.lifecycle;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.infra.testing.AtVolume;
import vn.bcci.infra.testing.StatementCounts;
import vn.bcci.infra.testing.Tokens;

/**
 * Every read agencies and operators make follows an index at volume (issue 25): a year of history (60,000 dossiers over
 * 11 months, most finished) is written into a database of its own, then each list with each filter, the next page,
 * a dossier and its timeline are read over HTTP, and PostgreSQL's own counts say how many pages each statement
 * touched per call. A scan of the dossier table touches thousands; an index path a few dozen whatever the history.
 */
@QuarkusTest
@AtVolume
class ReadPathsAtVolumeTest {
    static final int DOSSIERS = 60_000;
    static final int OPEN_LONG = 3_000;

    @Inject
    EntityManager em;

    @BeforeAll
    void history() {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery(
                    """
                            INSERT INTO dossier (code, agency_code, procedure_code, channel, return_method, status,
                              applicant_type, applicant_name, summary, submitted_at, accepted_at, due_at, finished_at,
                              returned_at, created_at, inbound_tracking_number)
                            SELECT agency || '-VOL-' || i, agency, '1.001612', (ARRAY['ONLINE', 'IN_PERSON', 'ONLINE', 'ONLINE', 'POSTAL'])[1 + (i / 3) % 5],
                              (ARRAY['POSTAL', 'IN_PERSON'])[1 + i % 2],
                              CASE WHEN i % 200 = 0 THEN 'IN_PROGRESS' WHEN i % 97 = 0 THEN 'WITHDRAWN' ELSE 'RESULT_RETURNED' END,
                              'CITIZEN', 'Nguyễn Văn An', 'Đăng ký khai sinh', at, at, at + interval '10 days',
                              CASE WHEN i % 200 = 0 THEN NULL ELSE at + interval '8 days' END,
                              CASE WHEN i % 200 = 0 THEN NULL ELSE at + interval '9 days' END, at,
                              CASE WHEN i % 3 = 2 THEN 'EV' || lpad(i::text, 9, '0') || 'VN' END
                            FROM generate_series(1, ?1) i,
                              LATERAL (SELECT (ARRAY['000.00.01.H22', '000.00.00.G12', '000.00.02.H22'])[1 + i % 3] AS agency,
                                       now() - interval '20 days' - i * interval '8 minutes' AS at) x
                            """)
                    .setParameter(1, DOSSIERS).executeUpdate();
            // long procedures still open, received before all of that and due next month: the overdue list must not
            // walk them to find the few overdue (it did, in order of creation, before V10)
            em.createNativeQuery("""
                    INSERT INTO dossier (code, agency_code, procedure_code, channel, return_method, status,
                      applicant_type, applicant_name, summary, submitted_at, accepted_at, due_at, created_at)
                    SELECT agency || '-LONG-' || i, agency, '1.001612',
                      (ARRAY['ONLINE', 'IN_PERSON', 'ONLINE', 'ONLINE', 'POSTAL'])[1 + (i / 3) % 5],
                      (ARRAY['POSTAL', 'IN_PERSON'])[1 + i % 2], 'IN_PROGRESS',
                      'CITIZEN', 'Nguyễn Văn An', 'Cấp phép xây dựng', at, at, now() + interval '30 days', at
                    FROM generate_series(1, ?1) i,
                      LATERAL (SELECT (ARRAY['000.00.01.H22', '000.00.00.G12', '000.00.02.H22'])[1 + i % 3] AS agency,
                               now() - interval '400 days' - i * interval '1 minute' AS at) x
                    """).setParameter(1, OPEN_LONG).executeUpdate();
            em.createNativeQuery("""
                    INSERT INTO timeline_entry (dossier_code, at, kind, source, title)
                    SELECT d.code, d.submitted_at + k * interval '1 day', 'STATUS', 'dossier-service', 'Step ' || k
                    FROM dossier d, generate_series(1, 2) k WHERE d.code LIKE '%-VOL-%'
                    """).executeUpdate();
        });
        StatementCounts.vacuumService(); // as autovacuum leaves a table of history
    }

    @Test
    void everyReadTouchesAFewPagesWhateverTheHistory() {
        String lastMonth = Instant.now().minus(30, ChronoUnit.DAYS).toString();
        String sixMonths = Instant.now().minus(183, ChronoUnit.DAYS).toString();
        StatementCounts counts = StatementCounts.ofService();
        counts.reset();
        for (String client : List.of("agency-h22", "operator")) {
            for (String filter : List.of("", "status=IN_PROGRESS", "status=RESULT_RETURNED", "overdue=true",
                    "overdue=false", "channel=POSTAL", "returnMethod=POSTAL", "receivedFrom=" + lastMonth,
                    "receivedFrom=" + sixMonths, "receivedFrom=" + sixMonths + "&receivedTo=" + lastMonth)) {
                String list = "/api/v1/dossiers?limit=50" + (filter.isEmpty() ? "" : "&" + filter);
                String first = Tokens.get(client, list);
                String cursor = io.restassured.path.json.JsonPath.from(first).getString("nextCursor");
                if (cursor != null) {
                    Tokens.get(client, list + "&cursor=" + cursor);
                }
            }
        }
        Tokens.get("operator", "/api/v1/dossiers?limit=50&agency=000.00.00.G12&status=IN_PROGRESS");
        Tokens.get("agency-h22", "/api/v1/dossiers/000.00.01.H22-VOL-30000");
        Tokens.get("agency-h22", "/api/v1/dossiers/000.00.01.H22-VOL-30000/timeline");
        counts.assertEachTouchesAtMost(StatementCounts.PAGES_PER_READ, s -> s.toLowerCase().startsWith("select")
                && (s.contains("dossier") || s.contains("timeline_entry")) && !s.contains("pg_"));
    }
}
