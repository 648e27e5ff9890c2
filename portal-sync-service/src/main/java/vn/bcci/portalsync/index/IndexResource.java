package vn.bcci.portalsync.index;

import java.time.Clock;
import java.time.LocalDate;
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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import vn.bcci.contracts.InputRules;
import vn.bcci.contracts.VietnamTime;
import vn.bcci.portalsync.ApiExamples;
import vn.bcci.support.http.QueryParams;
import vn.bcci.support.problem.Problem;
import vn.bcci.support.problem.ProblemException;
import vn.bcci.support.quota.Door;
import vn.bcci.support.quota.Quota;
import vn.bcci.support.security.Caller;

/**
 * {@code GET /api/v1/index?period=&level=&unit=&page=&limit=}: the BCCI implementation index ({@link BcciIndex}) of a
 * month, quarter or year per agency, province or ministry, or nationally, ranked, with the previous period beside it.
 * An agency sees its own agency, its own province or ministry, and the national figure.
 */
@Path("/api/v1/index")
@Quota(Door.CONSOLE)
public class IndexResource {
    /** An export holds every unit: at most the agencies of the country, far fewer than this. */
    static final int EVERY_UNIT = 100_000;
    static final String UNIT_RULE = "must be an agency code (level agency) or the last segment of one, such as H22 "
            + "(level unit)";

    @Inject
    BcciIndex index;
    @Inject
    Caller caller;
    private final Clock clock = Clock.systemUTC();

    @GET
    @Produces({MediaType.APPLICATION_JSON, IndexExport.XLSX, IndexExport.CSV})
    @RolesAllowed({Caller.OPERATOR, Caller.ADMIN, Caller.AGENCY})
    @Operation(summary = "BCCI implementation index", description = """
            Per agency (`level=AGENCY`), province or ministry (`level=UNIT`, the agency code's last segment, the \
            default) or the country (`level=NATIONAL`), over a month (`2026-11`, the default: this month), a quarter \
            (`2026-Q4`) or a year (`2026`): each criterion of docs/domain.md §7 (procedures offered by post, intake \
            by post, return by post, BCCI dossiers on time, first-attempt delivery, transparency to the portal) as a \
            count, a share, last period's share and a score (weight × share), the total, and the ranking by total. \
            `unit` narrows to one unit; pages of `limit` (50, at most 500) by `page` (from 1). `format=xlsx` (or \
            `Accept` the XLSX type) gives every unit as a spreadsheet with Vietnamese headers and a sheet of \
            definitions, `format=csv` as CSV.""")
    @APIResponse(responseCode = "200", description = "a page of the ranking (JSON), or every unit as XLSX or CSV", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "provinces and ministries", value = ApiExamples.INDEX)))
    @APIResponse(responseCode = "400", description = "period, level, unit, format, page or limit is not one it can be", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad period", value = ApiExamples.BAD_PERIOD)))
    public Response ranking(@QueryParam("period") String period, @QueryParam("level") String level,
            @QueryParam("unit") String unit, @QueryParam("page") String page, @QueryParam("limit") String limit,
            @QueryParam("format") String format, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Period p = period == null || period.isBlank()
                ? Period.monthOf(LocalDate.now(clock.withZone(VietnamTime.ZONE)))
                : Period.parse("period", period);
        Level l = level == null || level.isBlank()
                ? Level.UNIT
                : QueryParams.enumOf("level", level.toUpperCase(Locale.ROOT), Level.class);
        String type = type(format, accept);
        String only = scope(l, unit);
        if (type.equals(MediaType.APPLICATION_JSON)) {
            int size = QueryParams.limit(limit, 50, 500);
            int from = (QueryParams.wholeNumber("page", page, 1, 100_000) - 1) * size;
            return Response.ok(index.of(p, l, only, from, size), MediaType.APPLICATION_JSON).build();
        }
        BcciIndex.Page all = index.of(p, l, only, 0, EVERY_UNIT);
        boolean xlsx = type.equals(IndexExport.XLSX);
        return Response.ok(xlsx ? IndexExport.xlsx(all) : IndexExport.csv(all), xlsx ? type : type + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + IndexExport.fileName(all, xlsx
                        ? "xlsx"
                        : "csv") + "\"")
                .build();
    }

    /** What to answer with: {@code format} if given, else the first of the types {@code Accept} names, else JSON. */
    private static String type(String format, String accept) {
        if (format != null && !format.isBlank()) {
            return switch (format.trim().toLowerCase(Locale.ROOT)) {
                case "json" -> MediaType.APPLICATION_JSON;
                case "xlsx" -> IndexExport.XLSX;
                case "csv" -> IndexExport.CSV;
                default -> throw ProblemException.invalid("format", "must be one of json, xlsx, csv");
            };
        }
        if (accept != null && !accept.contains(MediaType.APPLICATION_JSON)) {
            if (accept.contains(IndexExport.XLSX)) {
                return IndexExport.XLSX;
            }
            if (accept.contains(IndexExport.CSV)) {
                return IndexExport.CSV;
            }
        }
        return MediaType.APPLICATION_JSON;
    }

    /** The one unit to read: any for operators; for an agency its own at the level, a 403 for another's. */
    private String scope(Level level, String unit) {
        String wanted = unit == null || unit.isBlank() ? null : unit.trim();
        if (wanted != null && !(level == Level.AGENCY
                ? wanted.matches(InputRules.AGENCY_CODE)
                : wanted.matches("[0-9A-Z]{2,3}"))) {
            throw ProblemException.invalid("unit", UNIT_RULE);
        }
        if (caller.seesEverything() || level == Level.NATIONAL) {
            return level == Level.NATIONAL ? null : wanted;
        }
        String agency = caller.agency();
        if (agency == null) {
            throw ProblemException.forbidden("the token names no agency");
        }
        String own = level == Level.AGENCY ? agency : agency.substring(agency.lastIndexOf('.') + 1);
        if (wanted != null && !wanted.equals(own)) {
            throw ProblemException.forbidden("the token's agency " + agency + " may see the index of " + own
                    + " only, not of " + wanted);
        }
        return own;
    }
}
