package vn.bcci.portalsync.index;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

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
    static final String UNIT_RULE = "must be an agency code (level agency) or the last segment of one, such as H22 "
            + "(level unit)";

    @Inject
    BcciIndex index;
    @Inject
    Caller caller;
    private final Clock clock = Clock.systemUTC();

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.OPERATOR, Caller.ADMIN, Caller.AGENCY})
    @Operation(summary = "BCCI implementation index", description = "Per agency (`level=AGENCY`), province or ministry "
            + "(`level=UNIT`, the agency code's last segment, the default) or the country (`level=NATIONAL`), over a "
            + "month (`2026-11`, the default: this month), a quarter (`2026-Q4`) or a year (`2026`): each criterion "
            + "of docs/domain.md §7 (procedures offered by post, intake by post, return by post, BCCI dossiers on "
            + "time, first-attempt delivery, transparency to the portal) as a count, a share, last period's share "
            + "and a score (weight × share), the total, and the ranking by total. `unit` narrows to one unit; pages "
            + "of `limit` (50, at most 500) by `page` (from 1).")
    @APIResponse(responseCode = "200", description = "a page of the ranking", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "provinces and ministries", value = ApiExamples.INDEX)))
    @APIResponse(responseCode = "400", description = "period, level, unit, page or limit is not one it can be", content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "bad period", value = ApiExamples.BAD_PERIOD)))
    public BcciIndex.Page ranking(@QueryParam("period") String period, @QueryParam("level") String level,
            @QueryParam("unit") String unit, @QueryParam("page") String page, @QueryParam("limit") String limit) {
        Period p = period == null || period.isBlank()
                ? Period.monthOf(LocalDate.now(clock.withZone(VietnamTime.ZONE)))
                : Period.parse("period", period);
        Level l = level == null || level.isBlank()
                ? Level.UNIT
                : QueryParams.enumOf("level", level.toUpperCase(Locale.ROOT), Level.class);
        int size = QueryParams.limit(limit, 50, 500);
        int from = (QueryParams.wholeNumber("page", page, 1, 100_000) - 1) * size;
        return index.of(p, l, scope(l, unit), from, size);
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
