-- Transparency as the BCCI index defines it (docs/domain.md §7, "The BCCI implementation index"): a BCCI dossier
-- whose every status reached the portal. A dossier is judged once it is closed (its result returned, or refused,
-- withdrawn or stopped): portal-sync's delivery (DeliveryStore: acknowledged, entrySent, foundOnThePortal) records the
-- moment the portal holds the record's last revision and every one of its progress entries (statuses and postal
-- steps) while it is closed, in report_dossier.portal_in_step_at; an entry the portal refused, or a revision or an
-- entry still owed, keeps it unset. The index counts
-- closed BCCI dossiers and those in step on the day they were received, as it counts the others.

ALTER TABLE report_dossier ADD COLUMN portal_in_step_at TIMESTAMPTZ;

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
             r.status IN ('RESULT_RETURNED', 'REJECTED', 'WITHDRAWN', 'STOPPED') AS closed,
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
      (CASE WHEN x.bcci AND x.closed THEN x.rec END, 'bcci.closed', 1),
      (CASE WHEN x.bcci AND x.closed AND r.portal_in_step_at IS NOT NULL THEN x.rec END, 'bcci.in_step', 1),
      (CASE WHEN m.intake_working_seconds IS NOT NULL THEN report_vn_day(m.intake_delivered_at) END,
       'leg.in.' || report_leg_bucket(m.intake_working_seconds), 1),
      (CASE WHEN m.result_working_seconds IS NOT NULL THEN report_vn_day(m.delivered_at) END,
       'leg.out.' || report_leg_bucket(m.result_working_seconds), 1)
    ) v(day, metric, n)
    WHERE r.code IS NOT NULL AND v.day IS NOT NULL
$$;

-- What exists already: closed BCCI dossiers the portal holds every entry of (entries of old dossiers that retention
-- deleted were sent: it deletes only sent ones). Written as the loader writes, without the per-row trigger; the two
-- new metrics then counted once from the facts (no delta of them can exist before this migration).
ALTER TABLE report_dossier DISABLE TRIGGER report_dossier_changed;
UPDATE report_dossier r SET portal_in_step_at = coalesce(
        (SELECT max(e.sent_at) FROM progress_entry e WHERE e.dossier_code = r.code), r.last_event_time)
    WHERE r.status IN ('RESULT_RETURNED', 'REJECTED', 'WITHDRAWN', 'STOPPED')
      AND (r.channel = 'POSTAL' OR r.return_method = 'POSTAL')
      AND NOT EXISTS (SELECT 1 FROM progress_entry e WHERE e.dossier_code = r.code AND e.state <> 'SENT')
      AND EXISTS (SELECT 1 FROM portal_dossier d WHERE d.code = r.code AND d.acked_revision >= d.revision);
ALTER TABLE report_dossier ENABLE TRIGGER report_dossier_changed;
INSERT INTO report_day (agency_code, day, metric, n)
    SELECT agency_code, day, metric, n FROM report_recount WHERE metric IN ('bcci.closed', 'bcci.in_step');
INSERT INTO report_month (agency_code, month, metric, n)
    SELECT agency_code, date_trunc('month', day)::date, metric, sum(n) FROM report_day
    WHERE metric IN ('bcci.closed', 'bcci.in_step') GROUP BY 1, 2, 3;
