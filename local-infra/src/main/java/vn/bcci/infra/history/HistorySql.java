package vn.bcci.infra.history;

/**
 * The SQL of {@link HistoryLoader}: the facts of a chunk of dossiers (a temporary table {@code h}, computed alike in
 * each database from the dossier's number alone), the steps each went through, and per database the statements that
 * write its tables from them, as the services would have.
 */
final class HistorySql {
    private HistorySql() {
    }

    /**
     * WorkingCalendar.workingSeconds in SQL, for the postal legs' working time (docs/domain.md §6): the office hours
     * (08:00–12:00, 13:00–17:00, Vietnam time) of the days from {@code a} to {@code b} that are working days, a
     * weekday unless it is one of %1$s's exceptions (the calendar's holidays on weekdays and working Saturdays, given
     * by {@link HistoryLoader}); each part's seconds whole, as Duration.getSeconds gives them; {@code null} when
     * either end is.
     */
    static final String WORKING_SECONDS = """
            CREATE OR REPLACE FUNCTION pg_temp.working_seconds(a timestamptz, b timestamptz) RETURNS bigint
              LANGUAGE sql IMMUTABLE AS $$
              SELECT CASE WHEN a IS NOT NULL AND b IS NOT NULL THEN (SELECT coalesce(sum(greatest(0, floor(
                       extract(epoch FROM least(b, x.d + p.hi) - greatest(a, x.d + p.lo))))), 0)::bigint
                FROM generate_series((a AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::timestamp,
                                     (b AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::timestamp, interval '1 day') g(day),
                  LATERAL (SELECT g.day AT TIME ZONE 'Asia/Ho_Chi_Minh' AS d) x,
                  (VALUES (interval '8 hours', interval '12 hours'), (interval '13 hours', interval '17 hours')) p(lo, hi)
                WHERE (extract(isodow FROM g.day) < 6) <> (g.day::date = ANY ('%1$s'::date[]))) END
            $$""";

    /** A valid S10 tracking number (UPU check digit, as TrackingNumber computes it) of prefix and serial. */
    static final String S10 = """
            CREATE OR REPLACE FUNCTION pg_temp.s10(p text, n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
              SELECT p || s || (CASE c WHEN 10 THEN 0 WHEN 11 THEN 5 ELSE c END)::text || 'VN'
              FROM (SELECT s, 11 - ((substr(s, 1, 1)::int * 8 + substr(s, 2, 1)::int * 6 + substr(s, 3, 1)::int * 4
                    + substr(s, 4, 1)::int * 2 + substr(s, 5, 1)::int * 3 + substr(s, 6, 1)::int * 5
                    + substr(s, 7, 1)::int * 9 + substr(s, 8, 1)::int * 7) % 11) AS c
                    FROM (SELECT lpad(n::text, 8, '0') AS s) x) y
            $$""";

    /**
     * Dossiers %1$d..%2$d of %5$d, submitted evenly from %3$s over %4$d seconds, among %6$d agencies, which differ
     * as real ones do: 10 to 30 % come by post (by agency), 25 % in person, the rest online; 80 % of postal ones and
     * 15 % of the others have their result posted back; 3 % are refused, 2 % withdrawn, 1 % stopped, the rest resolved
     * (one in nine to one in three late, by agency) and returned; 1 to 6 % of posted results fail a first delivery;
     * the inbound item reaches the agency 1 to 2.5 days after it was collected and the result its addressee 2 to 4
     * days after it was posted, by agency.
     */
    static final String FACTS = """
            SELECT i, agency, agency || '-' || to_char(t0 AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYMMDD') || '-'
                     || (1000000 + i) AS code,
              (ARRAY['1.001612', '1.001193', '2.000635', '1.003347'])[1 + r3 %% 4] AS procedure_code,
              (ARRAY['Đăng ký khai sinh', 'Cấp bản sao trích lục hộ tịch', 'Cấp phiếu lý lịch tư pháp',
                     'Đăng ký kết hôn'])[1 + r3 %% 4] AS procedure_name,
              channel, return_method, status, t0 AS submitted_at, recv AS received_from_post_at, acc AS accepted_at,
              acc + interval '10 days' AS due_at, fin AS finished_at, posted AS posted_at, ret AS returned_at,
              coalesce(ret, CASE status WHEN 'REJECTED' THEN coalesce(recv, t0) + interval '1 hour'
                                        ELSE acc + interval '2 days' END) AS last_at,
              CASE WHEN channel = 'POSTAL' THEN pg_temp.s10('EH', i) END AS inbound_item,
              CASE WHEN posted IS NOT NULL THEN pg_temp.s10('EO', i) END AS outbound_item,
              posted IS NOT NULL AND r3 %% 100 < 1 + a %% 6 AS failed_once,
              (ARRAY['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Hoàng Cường', 'Phạm Thu Dung', 'Hoàng Minh Đức',
                     'Vũ Thị Hạnh', 'Đặng Quốc Huy', 'Bùi Thanh Lan', 'Đỗ Văn Nam', 'Ngô Thị Phương'])[1 + r1 %% 10]
                AS name,
              lpad((hashint4(i + 3) & 2147483647)::text, 12, '0') AS id_number,
              '09' || lpad(((hashint4(i + 5) & 2147483647) %% 100000000)::text, 8, '0') AS phone,
              CASE WHEN channel = 'POSTAL' OR return_method = 'POSTAL' THEN (ARRAY['12 Tràng Tiền, Hoàn Kiếm',
                '45 Lê Lợi, Quận 1', '8 Trần Phú, Hải Châu', '102 Nguyễn Trãi, Thanh Xuân',
                '27 Hùng Vương, Ninh Kiều'])[1 + r2 %% 5] END AS address
            FROM generate_series(%1$d, %2$d) i,
              LATERAL (SELECT abs(hashint4(i)) %% 1000 AS r1, abs(hashint4(i + 7919)) %% 1000 AS r2,
                              abs(hashint4(i + 104729)) %% 1000 AS r3, abs(hashint4(i + 31)) %% %6$d AS a) r,
              LATERAL (SELECT CASE a WHEN 0 THEN '000.00.01.H22' WHEN 1 THEN '000.00.00.G12' WHEN 2 THEN '000.00.00.G09'
                                ELSE '000.00.' || lpad((10 + a)::text, 2, '0') || '.H' || lpad(a::text, 2, '0') END
                                AS agency,
                              CASE WHEN r1 < 100 + (a * 37) %% 200 THEN 'POSTAL' WHEN r1 < 350 + (a * 37) %% 200 THEN 'IN_PERSON'
                                ELSE 'ONLINE' END
                                AS channel,
                              CASE WHEN r2 < 30 THEN 'REJECTED' WHEN r2 < 50 THEN 'WITHDRAWN' WHEN r2 < 60 THEN 'STOPPED'
                                ELSE 'RESULT_RETURNED' END AS status,
                              CAST(%3$s AS timestamptz) + ((i - 1) * (%4$d::float8 / %5$d)) * interval '1 second'
                                AS t0) b,
              LATERAL (SELECT CASE WHEN (channel = 'POSTAL' AND r3 < 800) OR (channel <> 'POSTAL' AND r3 < 150)
                                THEN 'POSTAL' ELSE 'IN_PERSON' END AS return_method,
                              CASE WHEN channel = 'POSTAL' THEN t0 + interval '4 hours' + (a %% 4) * interval '12 hours'
                                + (r1 %% 7) * interval '1 hour' END AS recv) c,
              LATERAL (SELECT CASE WHEN status <> 'REJECTED' THEN coalesce(recv, t0) + interval '1 hour' END AS acc) d,
              LATERAL (SELECT CASE WHEN status = 'RESULT_RETURNED' THEN acc + (3 + r2 %% (9 + a %% 4)) * interval '1 day' END
                                AS fin) e,
              LATERAL (SELECT CASE WHEN return_method = 'POSTAL' AND fin IS NOT NULL THEN fin + interval '4 hours' END
                                AS posted,
                              CASE WHEN fin IS NULL THEN NULL WHEN return_method = 'POSTAL'
                                THEN fin + interval '2 days' + (a %% 3) * interval '1 day' ELSE fin + interval '1 day' END AS ret) f
            """;

    /**
     * Each dossier's steps in event-time order: its statuses (portal codes) and its items' VNPost events. Columns of
     * {@code h} and k, kind (STATUS or POSTAL), title, at, portal_status, postal_code, item.
     */
    static final String STEPS = """
            (SELECT h.*, s.* FROM h CROSS JOIN LATERAL (VALUES
              (1, 'STATUS', 'Mới đăng ký', h.submitted_at, 1, NULL, NULL),
              (2, 'POSTAL', 'Bưu cục nhận hồ sơ', h.submitted_at - interval '20 hours', NULL, 'EMA', h.inbound_item),
              (3, 'POSTAL', 'Hồ sơ đang vận chuyển', h.submitted_at - interval '8 hours', NULL, 'EMB', h.inbound_item),
              (4, 'POSTAL', 'Đã phát hồ sơ cho cơ quan', h.received_from_post_at, NULL, 'EMI', h.inbound_item),
              (5, 'STATUS', 'Được tiếp nhận', h.accepted_at, 2, NULL, NULL),
              (6, 'STATUS', 'Đang xử lý', CASE WHEN h.finished_at IS NOT NULL OR h.status = 'STOPPED'
                                              THEN h.accepted_at + interval '2 hours' END, 4, NULL, NULL),
              (7, 'STATUS', 'Đã xử lý xong', h.finished_at, 9, NULL, NULL),
              (8, 'POSTAL', 'Bưu cục nhận kết quả', h.posted_at, NULL, 'EMA', h.outbound_item),
              (9, 'POSTAL', 'Kết quả đang vận chuyển', h.posted_at + interval '20 hours', NULL, 'EMB', h.outbound_item),
              (10, 'POSTAL', 'Phát kết quả không thành công', CASE WHEN h.failed_once
                                              THEN h.posted_at + interval '28 hours' END, NULL, 'EMH', h.outbound_item),
              (11, 'POSTAL', 'Đã phát kết quả', CASE WHEN h.outbound_item IS NOT NULL THEN h.returned_at END, NULL,
                   'EMI', h.outbound_item),
              (12, 'STATUS', 'Đã trả kết quả', h.returned_at, 10, NULL, NULL),
              (13, 'STATUS', CASE h.status WHEN 'REJECTED' THEN 'Không được tiếp nhận' WHEN 'WITHDRAWN'
                                THEN 'Công dân yêu cầu rút hồ sơ' ELSE 'Dừng xử lý' END,
                   CASE WHEN h.returned_at IS NULL THEN h.last_at END,
                   CASE h.status WHEN 'REJECTED' THEN 3 WHEN 'WITHDRAWN' THEN 7 ELSE 8 END, NULL, NULL)
            ) s(k, kind, title, at, portal_status, postal_code, item)
            WHERE s.at IS NOT NULL AND (s.kind = 'STATUS' OR s.item IS NOT NULL))""";

    /**
     * A consumer's inbox rows for the steps of one kind, under the ids the outbox gives events (EventIds: UUID
     * version 7, the event's milliseconds first, then bits of a hash of the step).
     */
    private static String inbox(String consumer, String prefix, String kind) {
        return "INSERT INTO messaging.inbox (consumer, event_id, processed_at) SELECT '" + consumer + "', overlay("
                + "overlay(md5('" + prefix + "' || x.code || '-' || x.k) placing lpad(to_hex((extract(epoch FROM x.at)"
                + " * 1000)::bigint), 12, '0') || '7' from 1 for 13) placing '8' from 17 for 1)::uuid::text, "
                + "x.at + interval '2 seconds' FROM " + STEPS + " x WHERE x.kind = '" + kind + "'";
    }

    /** dossier-service: dossiers, timelines (portal outcomes too), the inboxes of shipment events and outcomes. */
    static final String[][] DOSSIER = {
            {"dossier", """
                    INSERT INTO dossier (code, agency_code, procedure_code, procedure_name, channel, return_method,
                      status, applicant_type, applicant_name, applicant_id_number, applicant_phone, address_line,
                      address_province, summary, submitted_at, accepted_at, due_at, inbound_tracking_number,
                      outbound_tracking_number, created_at, last_transition_at, finished_at, returned_at,
                      received_from_post_at)
                    SELECT code, agency, procedure_code, procedure_name, channel, return_method, status, 'CITIZEN',
                      name, id_number, phone, address, CASE WHEN address IS NOT NULL THEN 'Hà Nội' END,
                      procedure_name, submitted_at, accepted_at, CASE WHEN accepted_at IS NOT NULL THEN due_at END,
                      inbound_item, outbound_item, submitted_at + interval '1 second', last_at, finished_at,
                      returned_at, received_from_post_at
                    FROM h"""},
            {"timeline_entry", "INSERT INTO timeline_entry (dossier_code, at, kind, source, title) SELECT x.code, "
                    + "x.at, x.kind, CASE x.kind WHEN 'STATUS' THEN 'dossier-service' ELSE 'postal-tracking-service' "
                    + "END, x.title FROM " + STEPS + " x ORDER BY x.code, x.at"},
            {"timeline_entry", "INSERT INTO timeline_entry (dossier_code, at, kind, source, title) SELECT x.code, "
                    + "x.at + interval '5 seconds', 'PORTAL', 'portal-sync-service', 'Cổng DVC đã cập nhật: ' || "
                    + "x.title FROM " + STEPS + " x WHERE x.kind = 'STATUS'"},
            {"messaging.inbox", inbox("dossier-service.shipment-events", "s", "POSTAL")},
            {"messaging.inbox", inbox("dossier-service.portal-sync", "o", "STATUS")}};

    /** postal-tracking-service: both legs' shipments, their tracking events, expected results, the inbox. */
    static final String[][] POSTAL = {
            {"shipment", """
                    INSERT INTO shipment (item_code, direction, dossier_code, agency_code, procedure_code, sender,
                      receiver, state, last_event_at, registered_at, same_province, accepted_at, delivery_due_at,
                      event_sequence)
                    SELECT inbound_item, 'INBOUND', code, agency, procedure_code,
                      jsonb_build_object('name', name, 'phone', phone, 'address', address, 'province', 'Hà Nội'),
                      jsonb_build_object('name', 'Bộ phận một cửa ' || agency, 'province', 'Hà Nội'), 'DELIVERED',
                      received_from_post_at, submitted_at - interval '1 day', TRUE,
                      submitted_at - interval '20 hours', submitted_at + interval '1 day', 3
                    FROM h WHERE inbound_item IS NOT NULL"""},
            {"shipment", """
                    INSERT INTO shipment (item_code, direction, dossier_code, agency_code, procedure_code, sender,
                      receiver, state, last_event_at, registered_at, same_province, accepted_at, delivery_due_at,
                      event_sequence)
                    SELECT outbound_item, 'OUTBOUND', code, agency, procedure_code,
                      jsonb_build_object('name', 'Bộ phận một cửa ' || agency, 'province', 'Hà Nội'),
                      jsonb_build_object('name', name, 'phone', phone, 'address', address, 'province', 'Hà Nội'),
                      'DELIVERED', returned_at, posted_at, TRUE, posted_at, posted_at + interval '2 days',
                      CASE WHEN failed_once THEN 4 ELSE 3 END
                    FROM h WHERE outbound_item IS NOT NULL"""},
            {"tracking_event", "INSERT INTO tracking_event (item_code, dedup_key, event_id, order_number, "
                    + "status_code, canonical_state, known_code, occurred_at, received_at, post_office_code, "
                    + "post_office_name, receiver_name, applied) SELECT x.item, x.item || '|' || x.postal_code || '|' "
                    + "|| x.k, 'vnp-' || md5(x.code || '-' || x.k), CASE WHEN x.item = x.outbound_item THEN x.code "
                    + "END, x.postal_code, CASE x.postal_code WHEN 'EMA' THEN 'ACCEPTED' WHEN 'EMB' THEN 'IN_TRANSIT' "
                    + "WHEN 'EMH' THEN 'DELIVERY_FAILED' ELSE 'DELIVERED' END, TRUE, x.at, x.at + interval "
                    + "'30 seconds', '100000', 'Bưu cục Hà Nội', CASE WHEN x.k = 11 THEN x.name END, TRUE FROM "
                    + STEPS + " x WHERE x.kind = 'POSTAL' ORDER BY x.item, x.at"},
            {"expected_outbound", "INSERT INTO expected_outbound (dossier_code, agency_code, procedure_code, "
                    + "expected_at, item_code) SELECT code, agency, procedure_code, finished_at, outbound_item FROM h "
                    + "WHERE outbound_item IS NOT NULL"},
            {"messaging.inbox", inbox("postal-tracking-service.dossier-events", "d", "STATUS")}};

    /** portal-sync-service: report facts, the portal view and its entries, the feed, the inboxes. */
    static final String[][] PORTAL_SYNC = {
            // the portal's catalogue as the catalogue import leaves it: 40 procedures an agency, of which between 40
            // and 95 % (by agency) accept intake and half as many or more return by post (once: the codes are fixed)
            {"procedure_catalogue", """
                    INSERT INTO procedure_catalogue (code, name, agency_code, processing_days, postal_intake,
                      postal_return)
                    SELECT 'L.' || agency || '.' || k, 'Thủ tục hành chính ' || k, agency, 10,
                      abs(hashtext(agency || '-' || k)) % 100 < 40 + abs(hashtext(agency)) % 56,
                      abs(hashtext(agency || '+' || k)) % 100 < 20 + abs(hashtext(agency)) % 76
                    FROM (SELECT DISTINCT agency FROM h) a, generate_series(1, 40) k
                    ON CONFLICT (code) DO NOTHING"""},
            {"report_dossier", """
                    INSERT INTO report_dossier (code, agency_code, channel, return_method, status, received_at, due_at,
                      finished_at, last_event_time, portal_in_step_at)
                    SELECT code, agency, channel, return_method, status, submitted_at,
                      CASE WHEN accepted_at IS NOT NULL THEN due_at END, finished_at, last_at,
                      CASE WHEN channel = 'POSTAL' OR return_method = 'POSTAL' THEN last_at + interval '5 seconds' END
                    FROM h"""},
            {"report_result_post", """
                    INSERT INTO report_result_post (code, posted_at, delivered_at, failed_at, intake_collected_at,
                      intake_delivered_at, intake_working_seconds, result_working_seconds)
                    SELECT code, posted_at, CASE WHEN outbound_item IS NOT NULL THEN returned_at END,
                      CASE WHEN failed_once THEN posted_at + interval '28 hours' END,
                      CASE WHEN inbound_item IS NOT NULL THEN submitted_at - interval '20 hours' END,
                      received_from_post_at,
                      pg_temp.working_seconds(submitted_at - interval '20 hours', received_from_post_at),
                      CASE WHEN outbound_item IS NOT NULL THEN pg_temp.working_seconds(posted_at, returned_at) END
                    FROM h WHERE outbound_item IS NOT NULL OR inbound_item IS NOT NULL"""},
            {"portal_dossier", """
                    INSERT INTO portal_dossier (code, agency_code, inbound_tracking_number, record, status_code,
                      last_event_time, revision, acked_revision, portal_holds, sync_state, next_attempt_at, changed_at,
                      synced_at, created_at, first_synced_at)
                    SELECT code, agency, inbound_item, jsonb_build_object('MaHoSo', code, 'MaTTHC', procedure_code,
                      'TenTTHC', procedure_name, 'MaLinhVuc', '', 'KenhThucHien',
                      CASE channel WHEN 'ONLINE' THEN '2' WHEN 'POSTAL' THEN '3' ELSE '1' END, 'ChuHoSo', name,
                      'LoaiDoiTuong', '1', 'SoGiayToChuHoSo', id_number, 'SoDienThoai', phone, 'Email', '',
                      'TrichYeuHoSo', procedure_name,
                      'NgayTiepNhan', to_char(submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYYMMDDHH24MISS'),
                      'TrangThaiHoSo', CASE status WHEN 'RESULT_RETURNED' THEN '10' WHEN 'REJECTED' THEN '3'
                        WHEN 'WITHDRAWN' THEN '7' ELSE '8' END,
                      'HinhThuc', CASE return_method WHEN 'POSTAL' THEN '1' ELSE '0' END, 'DonViXuLy', agency,
                      'GhiChu', ''),
                      CASE status WHEN 'RESULT_RETURNED' THEN 10 WHEN 'REJECTED' THEN 3 WHEN 'WITHDRAWN' THEN 7 ELSE 8
                        END, last_at, 6, 6, TRUE, 'SYNCED', last_at, last_at, last_at + interval '5 seconds',
                      submitted_at + interval '1 second', submitted_at + interval '3 seconds'
                    FROM h"""},
            {"progress_entry", "INSERT INTO progress_entry (source_event_id, dossier_code, item_code, at, handler, "
                    + "title, content, status_code, state, sent_at, last_answer, created_at) SELECT md5('p' || x.code "
                    + "|| '-' || x.k)::uuid::text, x.code, x.item, x.at, CASE x.kind WHEN 'POSTAL' THEN 'Bưu điện' "
                    + "ELSE 'Bộ phận một cửa' END, left(x.title, 100), x.title, x.portal_status, 'SENT', x.at + "
                    + "interval '5 seconds', '0', x.at + interval '1 second' FROM " + STEPS + " x ORDER BY x.code, "
                    + "x.at"},
            {"feed_entry", "INSERT INTO feed_entry (seq, kind, dossier_code, agency_code, item_code, portal_status, "
                    + "at, recorded_at, summary) SELECT (SELECT coalesce(max(seq), 0) FROM feed_entry) + row_number() "
                    + "OVER (ORDER BY y.at, y.code, y.k, y.kind), y.kind, y.code, y.agency, y.item, y.portal_status, "
                    + "y.at, y.at + interval '1 second', y.summary FROM (SELECT x.code, x.k, x.agency, x.item, "
                    + "x.portal_status, x.at, CASE x.kind WHEN 'STATUS' THEN 'DOSSIER_STATUS' ELSE 'POSTAL_MILESTONE' "
                    + "END AS kind, 'Hồ sơ ' || x.code || ': ' || x.title AS summary FROM " + STEPS + " x UNION ALL "
                    + "SELECT x.code, x.k, x.agency, NULL, x.portal_status, x.at + interval '5 seconds', "
                    + "'SYNC_OUTCOME', 'Cổng DVC đã nhận trạng thái ' || x.portal_status || ' của hồ sơ ' || x.code "
                    + "FROM " + STEPS + " x WHERE x.kind = 'STATUS') y"},
            {"messaging.inbox", inbox("portal-sync-service.dossier-events", "d", "STATUS")},
            {"messaging.inbox", inbox("portal-sync-service.shipment-events", "s", "POSTAL")},
            // the report's aggregates: what the facts' triggers would have written (the loader writes with triggers
            // off), grouped, for ReportRollup to fold
            {"report_delta", "INSERT INTO report_delta (agency_code, day, metric, n) SELECT c.agency_code, c.day, "
                    + "c.metric, sum(c.n) FROM h JOIN report_dossier r ON r.code = h.code LEFT JOIN "
                    + "report_result_post m ON m.code = r.code LEFT JOIN portal_dossier d ON d.code = r.code, "
                    + "LATERAL report_contribution(r, m, d.first_synced_at, d.created_at) c GROUP BY 1, 2, 3 "
                    + "HAVING sum(c.n) <> 0"}};
}
