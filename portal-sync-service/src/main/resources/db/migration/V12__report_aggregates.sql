-- The BCCI report from aggregates kept current as events arrive (issue 25): each dossier's contribution to its
-- agency's figures per Vietnam calendar day, so that a year of every agency answers from a few thousand rows instead
-- of a scan of millions of facts. The facts (report_dossier, report_result_post, portal_dossier's first
-- acknowledgement) stay the truth: a trigger on each writes the change of the dossier's contribution (new minus old)
-- into report_delta, append-only, so that concurrent consumers never queue on a hot row; ReportRollup folds the deltas
-- into report_day and report_month every few seconds; the report reads both plus the deltas not folded yet.
-- A test (ReportAggregatesTest) holds the aggregates equal to a recount from the facts (report_recount below).

CREATE TABLE report_delta (
    id          BIGSERIAL   PRIMARY KEY,
    agency_code VARCHAR(32) NOT NULL,
    day         DATE        NOT NULL,
    metric      VARCHAR(24) NOT NULL,
    n           INT         NOT NULL
);
CREATE TABLE report_day (
    agency_code VARCHAR(32) NOT NULL,
    day         DATE        NOT NULL,
    metric      VARCHAR(24) NOT NULL,
    n           BIGINT      NOT NULL,
    PRIMARY KEY (agency_code, day, metric)
);
CREATE INDEX report_day_day ON report_day (day);
CREATE TABLE report_month (
    agency_code VARCHAR(32) NOT NULL,
    month       DATE        NOT NULL,   -- the first day of the month
    metric      VARCHAR(24) NOT NULL,
    n           BIGINT      NOT NULL,
    PRIMARY KEY (agency_code, month, metric)
);
CREATE INDEX report_month_month ON report_month (month);

-- The Vietnam calendar day of an instant.
CREATE FUNCTION report_vn_day(t TIMESTAMPTZ) RETURNS DATE LANGUAGE sql IMMUTABLE AS
$$ SELECT (t AT TIME ZONE 'Asia/Ho_Chi_Minh')::date $$;

-- docs/domain.md §6, as event-contracts' Timeliness.of: late after the due instant, early on a day before the due day.
CREATE FUNCTION report_timeliness(finished TIMESTAMPTZ, due TIMESTAMPTZ) RETURNS TEXT LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN finished IS NULL OR due IS NULL THEN 'NONE' WHEN finished > due THEN 'LATE'
               WHEN report_vn_day(finished) < report_vn_day(due) THEN 'EARLY' ELSE 'ON_TIME' END $$;

-- The synchronisation delay's histogram bucket: the first bound (seconds) it does not exceed (BcciReport.DELAY_BOUNDS).
CREATE FUNCTION report_delay_bucket(seconds FLOAT8) RETURNS INT LANGUAGE sql IMMUTABLE AS
$$ SELECT coalesce((SELECT min(i) FROM unnest(ARRAY[0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800,
           3600, 7200, 14400, 28800, 86400, 172800, 604800]::float8[]) WITH ORDINALITY b(bound, i)
           WHERE seconds <= bound), 23)::int $$;

-- What one dossier counts for (docs/domain.md §7), per day: received by channel, resolved by timeliness, results to
-- return by post, handed over, delivered, failed, acknowledged by the portal with the delay's bucket (on the day it was
-- received); and, for the figures "in progress at the start of a day", +1 when it became open or overdue and -1 when
-- it stopped being so (open: from the day after it was received until it was resolved, unless refused, withdrawn or
-- stopped; overdue: the same while its clock runs, from the day after its due date).
CREATE FUNCTION report_contribution(r report_dossier, m report_result_post, first_synced TIMESTAMPTZ,
                                    known TIMESTAMPTZ)
    RETURNS TABLE (agency_code VARCHAR, day DATE, metric VARCHAR, n INT) LANGUAGE sql STABLE AS $$
    SELECT r.agency_code, v.day, v.metric, v.n FROM (
      SELECT report_vn_day(r.received_at) AS rec, report_vn_day(r.finished_at) AS fin,
             CASE WHEN r.due_at IS NOT NULL
                  THEN greatest(report_vn_day(r.received_at), report_vn_day(r.due_at)) END AS late_from,
             r.status NOT IN ('REJECTED', 'WITHDRAWN', 'STOPPED') AS counted,
             r.status NOT IN ('REJECTED', 'WITHDRAWN', 'STOPPED', 'SUPPLEMENT_REQUESTED') AS running) x,
    LATERAL (VALUES
      (x.rec, 'received', 1),
      (x.rec, 'received.' || r.channel, 1),
      (x.fin, 'resolved.' || report_timeliness(r.finished_at, r.due_at), 1),
      (CASE WHEN r.return_method = 'POSTAL' THEN x.fin END, 'to_post', 1),
      (report_vn_day(m.posted_at), 'posted', 1),
      (report_vn_day(m.delivered_at), 'delivered', 1),
      (report_vn_day(m.failed_at), 'failed', 1),
      (CASE WHEN first_synced IS NOT NULL THEN x.rec END, 'synced', 1),
      (CASE WHEN first_synced IS NOT NULL THEN x.rec END,
       'delay.' || report_delay_bucket(extract(epoch FROM first_synced - known)), 1),
      (CASE WHEN x.counted THEN x.rec END, 'open', 1),
      (CASE WHEN x.counted THEN x.fin END, 'open', -1),
      (CASE WHEN x.running AND (x.fin IS NULL OR x.fin > x.late_from) THEN x.late_from END, 'overdue', 1),
      (CASE WHEN x.running AND x.fin > x.late_from THEN x.fin END, 'overdue', -1)
    ) v(day, metric, n)
    WHERE r.code IS NOT NULL AND v.day IS NOT NULL
$$;

-- Every dossier's contribution recounted from the facts: what the aggregates must equal.
CREATE VIEW report_recount AS
    SELECT c.agency_code, c.day, c.metric, sum(c.n) AS n
    FROM report_dossier r LEFT JOIN report_result_post m ON m.code = r.code LEFT JOIN portal_dossier d ON d.code = r.code,
         LATERAL report_contribution(r, m, d.first_synced_at, d.created_at) c
    GROUP BY 1, 2, 3 HAVING sum(c.n) <> 0;

-- The change of one dossier's contribution, from its facts before and after.
CREATE FUNCTION report_delta_of(old_r report_dossier, new_r report_dossier, old_m report_result_post,
                                new_m report_result_post, old_fs TIMESTAMPTZ, new_fs TIMESTAMPTZ,
                                old_known TIMESTAMPTZ, new_known TIMESTAMPTZ) RETURNS VOID LANGUAGE sql AS $$
    INSERT INTO report_delta (agency_code, day, metric, n)
    SELECT agency_code, day, metric, sum(n) FROM (
        SELECT * FROM report_contribution(new_r, new_m, new_fs, new_known)
        UNION ALL
        SELECT agency_code, day, metric, -n FROM report_contribution(old_r, old_m, old_fs, old_known)) c
    GROUP BY 1, 2, 3 HAVING sum(n) <> 0
$$;

CREATE FUNCTION report_dossier_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    m report_result_post;
    d portal_dossier;
BEGIN
    SELECT * INTO m FROM report_result_post WHERE code = coalesce(NEW.code, OLD.code);
    SELECT * INTO d FROM portal_dossier WHERE code = coalesce(NEW.code, OLD.code);
    PERFORM report_delta_of(OLD, NEW, m, m, d.first_synced_at, d.first_synced_at, d.created_at, d.created_at);
    RETURN NULL;
END $$;
CREATE TRIGGER report_dossier_changed AFTER INSERT OR UPDATE OR DELETE ON report_dossier
    FOR EACH ROW EXECUTE FUNCTION report_dossier_changed();

CREATE FUNCTION report_result_post_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r report_dossier;
    d portal_dossier;
BEGIN
    SELECT * INTO r FROM report_dossier WHERE code = coalesce(NEW.code, OLD.code);
    IF r.code IS NOT NULL THEN
        SELECT * INTO d FROM portal_dossier WHERE code = r.code;
        PERFORM report_delta_of(r, r, OLD, NEW, d.first_synced_at, d.first_synced_at, d.created_at, d.created_at);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER report_result_post_changed AFTER INSERT OR UPDATE OR DELETE ON report_result_post
    FOR EACH ROW EXECUTE FUNCTION report_result_post_changed();

CREATE FUNCTION report_sync_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r report_dossier;
    m report_result_post;
BEGIN
    SELECT * INTO r FROM report_dossier WHERE code = coalesce(NEW.code, OLD.code);
    IF r.code IS NOT NULL THEN
        SELECT * INTO m FROM report_result_post WHERE code = r.code;
        PERFORM report_delta_of(r, r, m, m, OLD.first_synced_at, NEW.first_synced_at, OLD.created_at, NEW.created_at);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER report_sync_inserted AFTER INSERT ON portal_dossier
    FOR EACH ROW WHEN (NEW.first_synced_at IS NOT NULL) EXECUTE FUNCTION report_sync_changed();
CREATE TRIGGER report_sync_updated AFTER UPDATE OF first_synced_at, created_at ON portal_dossier
    FOR EACH ROW WHEN (OLD.first_synced_at IS DISTINCT FROM NEW.first_synced_at
                       OR OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION report_sync_changed();
CREATE TRIGGER report_sync_deleted AFTER DELETE ON portal_dossier
    FOR EACH ROW WHEN (OLD.first_synced_at IS NOT NULL) EXECUTE FUNCTION report_sync_changed();

-- Dossiers in progress now, by agency and deadline: a small set whatever the history (BcciReport, asOf now).
CREATE INDEX report_dossier_open ON report_dossier (agency_code, due_at)
    WHERE finished_at IS NULL AND status NOT IN ('REJECTED', 'WITHDRAWN', 'STOPPED');

-- Aggregates of what exists already.
INSERT INTO report_day (agency_code, day, metric, n) SELECT agency_code, day, metric, n FROM report_recount;
INSERT INTO report_month (agency_code, month, metric, n)
    SELECT agency_code, date_trunc('month', day)::date, metric, sum(n) FROM report_day GROUP BY 1, 2, 3;
