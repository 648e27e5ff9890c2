package vn.bcci.portalsync.report;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import vn.bcci.contracts.VietnamTime;
import vn.bcci.portalsync.ApiExamples;
import vn.bcci.support.http.QueryParams;
import vn.bcci.support.problem.Problem;
import vn.bcci.support.problem.ProblemException;
import vn.bcci.support.quota.Door;
import vn.bcci.support.quota.Quota;
import vn.bcci.support.security.Caller;

/**
 * {@code GET /reports/bcci?agency=&from=&to=}: the figures of docs/domain.md §7 per agency and in total, as JSON, or as CSV
 * with {@code format=csv} or {@code Accept: text/csv}. The period defaults to the current month (Vietnam time) up to
 * now. An agency reads only its own figures.
 */
@Path("/api/v1/reports/bcci")
@Quota(Door.CONSOLE)
public class ReportResource {
    static final String CSV = "text/csv";

    @Inject
    BcciReport report;
    @Inject
    Caller caller;
    private final Clock clock = Clock.systemUTC();

    @GET
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @RolesAllowed({Caller.OPERATOR, Caller.ADMIN, Caller.AGENCY})
    @Operation(summary = "BCCI report", description = """
            Received by channel, resolved early/on time/late with the on-time rate, in progress within \
            deadline/overdue, results by post, portal synchronisation coverage and delay p50/p95; per agency and in \
            total. `from`/`to` are ISO-8601 instants, `[from, to)`, counted by Vietnam calendar day (docs/domain.md \
            §7): from `from`'s day to `to`'s, `to` excluded at midnight.""")
    @APIResponse(responseCode = "200", description = "the report (JSON, or CSV with format=csv or Accept: text/csv)", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "one agency", value = ApiExamples.REPORT)))
    @APIResponse(responseCode = "400", description = "from/to are not instants, or from is not before to", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad from", value = ApiExamples.BAD_FROM)))
    public Response bcci(@QueryParam("agency") String agency, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("format") String format,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Instant now = clock.instant();
        Instant start = QueryParams.instant("from", from);
        Instant end = QueryParams.instant("to", to);
        if (start == null) {
            start = LocalDate.now(VietnamTime.ZONE).withDayOfMonth(1).atStartOfDay(VietnamTime.ZONE).toInstant();
        }
        if (end == null) {
            end = now;
        }
        if (!start.isBefore(end)) {
            throw ProblemException.invalid("from", "must be before to");
        }
        String scope = caller.scope(agency);
        BcciReport.Report r = report.of(scope, start, end, now);
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null && accept.contains(CSV)
                && !accept.contains(MediaType.APPLICATION_JSON));
        if (format != null && !csv && !"json".equalsIgnoreCase(format)) {
            throw ProblemException.invalid("format", "must be json or csv");
        }
        return csv
                ? Response.ok(csv(r), CSV + "; charset=UTF-8")
                        .header("Content-Disposition", "attachment; filename=\"bcci-report.csv\"").build()
                : Response.ok(r, MediaType.APPLICATION_JSON).build();
    }

    /**
     * The columns, in Vietnamese for the officials who open the file (the JSON's fields name the same figures in
     * English): agency; received (all, online, in person, by post); resolved (all, early, on time, late, on-time
     * share); in progress (within the deadline, overdue); results by post (to return, handed over, delivered, failed
     * or returned); the portal (dossiers to sync, synced, coverage, delay p50 and p95 in seconds).
     */
    static final String[] CSV_HEADER = {"Cơ quan", "Tiếp nhận", "Tiếp nhận trực tuyến", "Tiếp nhận trực tiếp",
            "Tiếp nhận qua bưu chính", "Đã giải quyết", "Giải quyết trước hạn", "Giải quyết đúng hạn",
            "Giải quyết quá hạn", "Tỷ lệ đúng hạn", "Đang giải quyết trong hạn", "Đang giải quyết quá hạn",
            "Kết quả trả qua bưu chính", "Kết quả đã giao bưu chính", "Kết quả đã phát", "Kết quả phát không thành "
                    + "công hoặc chuyển hoàn",
            "Hồ sơ phải đồng bộ", "Hồ sơ đã đồng bộ", "Tỷ lệ đồng bộ", "Độ trễ đồng bộ trung vị (giây)",
            "Độ trễ đồng bộ p95 (giây)"};
    /** The last row's first cell: the figures of every agency of the report together. */
    static final String TOTAL = "TỔNG CỘNG";

    /**
     * The report as RFC 4180 CSV (commons-csv quotes what needs it) after a byte order mark (spreadsheets then read
     * the Vietnamese as UTF-8), one row per agency and a {@link #TOTAL} row.
     */
    static String csv(BcciReport.Report r) {
        StringBuilder out = new StringBuilder("\ufeff");
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER).get())) {
            List<BcciReport.Figures> rows = new ArrayList<>(r.agencies());
            rows.add(r.total());
            for (BcciReport.Figures f : rows) {
                printer.printRecord(f.agencyCode() == null ? TOTAL : f.agencyCode(),
                        n(f.received().total()), n(f.received().online()), n(f.received().inPerson()),
                        n(f.received().postal()), n(f.resolved().total()), n(f.resolved().early()),
                        n(f.resolved().onTime()), n(f.resolved().late()), n(f.resolved().onTimeRate()),
                        n(f.inProgress().withinDeadline()), n(f.inProgress().overdue()),
                        n(f.resultsByPost().toReturnByPost()), n(f.resultsByPost().handedToPost()),
                        n(f.resultsByPost().delivered()), n(f.resultsByPost().failedOrReturned()),
                        n(f.sync().mustSync()), n(f.sync().synced()), n(f.sync().coverage()),
                        n(f.sync().delayP50Seconds()), n(f.sync().delayP95Seconds()));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringBuilder does not fail
        }
        return out.toString();
    }

    private static String n(Number v) {
        return v == null ? "" : v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : v.toString();
    }
}
