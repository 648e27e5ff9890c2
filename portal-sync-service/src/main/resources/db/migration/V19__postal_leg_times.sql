-- The postal legs' times in working time (docs/domain.md §6 and §7, "The BCCI implementation index"): the dossier's
-- inbound item from its collection to its delivery at the agency, and its result from being handed to the post to its
-- delivery. portal-sync records both legs' ends beside the result's journey (report_result_post) and, once a leg has
-- both, its working seconds as event-contracts' WorkingCalendar counts them (ReportFactsStore: the calendar is
-- Java's, in one place); each dossier then counts in a histogram of the legs' working time on the day the leg ended,
-- from which the index reads the median and the p90 (BcciIndex.LEG_BOUNDS, the buckets' bounds).

ALTER TABLE report_result_post
    ADD COLUMN intake_collected_at    TIMESTAMPTZ,  -- the inbound item collected by VNPost (accepted)
    ADD COLUMN intake_delivered_at    TIMESTAMPTZ,  -- the inbound item delivered to the agency
    ADD COLUMN intake_working_seconds BIGINT,       -- working time between the two
    ADD COLUMN result_working_seconds BIGINT;       -- working time from posted_at to delivered_at

-- The leg's histogram bucket: the first bound (working seconds) it does not exceed, 14 beyond them all: 1, 2 and 4
-- working hours, then 1, 1.5, 2, 3, 4, 5, 7, 10, 15 and 20 working days of eight hours.
CREATE FUNCTION report_leg_bucket(seconds BIGINT) RETURNS INT LANGUAGE sql IMMUTABLE AS
$$ SELECT coalesce((SELECT min(i) FROM unnest(ARRAY[3600, 7200, 14400, 28800, 43200, 57600, 86400, 115200, 144000,
           201600, 288000, 432000, 576000]::bigint[]) WITH ORDINALITY b(bound, i) WHERE seconds <= bound), 14)::int $$;

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
      (CASE WHEN x.bcci AND first_synced IS NOT NULL THEN x.rec END, 'bcci.delay.' || x.delay, 1),
      (CASE WHEN m.intake_working_seconds IS NOT NULL THEN report_vn_day(m.intake_delivered_at) END,
       'leg.in.' || report_leg_bucket(m.intake_working_seconds), 1),
      (CASE WHEN m.result_working_seconds IS NOT NULL THEN report_vn_day(m.delivered_at) END,
       'leg.out.' || report_leg_bucket(m.result_working_seconds), 1)
    ) v(day, metric, n)
    WHERE r.code IS NOT NULL AND v.day IS NOT NULL
$$;
