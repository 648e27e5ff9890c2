-- The BCCI implementation index (docs/domain.md §7, "The BCCI implementation index"; index.BcciIndex) reads the
-- report's aggregates, which gain what it needs beyond the report's own figures: the dossiers that used the post
-- (received by post or with their result returned by post: "BCCI dossiers") received, resolved by timeliness,
-- acknowledged by the portal and the delay's bucket; and results delivered at the first attempt (no failed attempt
-- before the delivery). The same rule for every dossier, recounted by report_recount like the others.

CREATE OR REPLACE FUNCTION report_contribution(r report_dossier, m report_result_post, first_synced TIMESTAMPTZ,
                                               known TIMESTAMPTZ)
    RETURNS TABLE (agency_code VARCHAR, day DATE, metric VARCHAR, n INT) LANGUAGE sql STABLE AS $$
    SELECT r.agency_code, v.day, v.metric, v.n FROM (
      SELECT report_vn_day(r.received_at) AS rec, report_vn_day(r.finished_at) AS fin,
             CASE WHEN r.due_at IS NOT NULL
                  THEN greatest(report_vn_day(r.received_at), report_vn_day(r.due_at)) END AS late_from,
             r.status NOT IN ('REJECTED', 'WITHDRAWN', 'STOPPED') AS counted,
             r.status NOT IN ('REJECTED', 'WITHDRAWN', 'STOPPED', 'SUPPLEMENT_REQUESTED') AS running,
             (r.channel = 'POSTAL' OR r.return_method = 'POSTAL') AS bcci,
             CASE WHEN first_synced IS NOT NULL
                  THEN report_delay_bucket(extract(epoch FROM first_synced - known)) END AS delay) x,
    LATERAL (VALUES
      (x.rec, 'received', 1),
      (x.rec, 'received.' || r.channel, 1),
      (x.fin, 'resolved.' || report_timeliness(r.finished_at, r.due_at), 1),
      (CASE WHEN r.return_method = 'POSTAL' THEN x.fin END, 'to_post', 1),
      (report_vn_day(m.posted_at), 'posted', 1),
      (report_vn_day(m.delivered_at), 'delivered', 1),
      (CASE WHEN m.failed_at IS NULL OR m.failed_at > m.delivered_at THEN report_vn_day(m.delivered_at) END,
       'delivered.first', 1),
      (report_vn_day(m.failed_at), 'failed', 1),
      (CASE WHEN first_synced IS NOT NULL THEN x.rec END, 'synced', 1),
      (CASE WHEN first_synced IS NOT NULL THEN x.rec END, 'delay.' || x.delay, 1),
      (CASE WHEN x.counted THEN x.rec END, 'open', 1),
      (CASE WHEN x.counted THEN x.fin END, 'open', -1),
      (CASE WHEN x.running AND (x.fin IS NULL OR x.fin > x.late_from) THEN x.late_from END, 'overdue', 1),
      (CASE WHEN x.running AND x.fin > x.late_from THEN x.fin END, 'overdue', -1),
      (CASE WHEN x.bcci THEN x.rec END, 'bcci.received', 1),
      (CASE WHEN x.bcci THEN x.fin END, 'bcci.resolved.' || report_timeliness(r.finished_at, r.due_at), 1),
      (CASE WHEN x.bcci AND first_synced IS NOT NULL THEN x.rec END, 'bcci.synced', 1),
      (CASE WHEN x.bcci AND first_synced IS NOT NULL THEN x.rec END, 'bcci.delay.' || x.delay, 1)
    ) v(day, metric, n)
    WHERE r.code IS NOT NULL AND v.day IS NOT NULL
$$;

-- The new metrics of what exists already (no delta of them can exist before this migration).
INSERT INTO report_day (agency_code, day, metric, n)
    SELECT agency_code, day, metric, n FROM report_recount WHERE metric LIKE 'bcci.%' OR metric = 'delivered.first';
INSERT INTO report_month (agency_code, month, metric, n)
    SELECT agency_code, date_trunc('month', day)::date, metric, sum(n) FROM report_day
    WHERE metric LIKE 'bcci.%' OR metric = 'delivered.first' GROUP BY 1, 2, 3;

