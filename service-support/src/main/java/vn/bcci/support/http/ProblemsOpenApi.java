package vn.bcci.support.http;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import vn.bcci.support.problem.Problem;
import vn.bcci.support.problem.ProblemException;
import vn.bcci.support.quota.QuotaExceeded;

/**
 * The problem answers of every operation behind a token ({@code /api/…}), documented from the code that answers them
 * ({@code mp.openapi.filter}).
 * <p>
 * Each refusal an operation declares shows its problem+json as {@link ProblemException} writes it: the annotation's
 * example names only what differs ({@code "field: rule"} for a 400, the detail for a 403, 404 or 409, followed by
 * {@code " | allowed: A, B"} for a 409 that lists the moves allowed) and this filter writes the whole answer, with the
 * operation's path as {@code instance} (an example written out as JSON is left as it is). A renamed field of
 * {@link Problem} changes every example with it, and no service keeps a copy of the answer's shape.
 * <p>
 * Every operation also documents the two answers that say "not now, come back": the quota's
 * {@code 429} problem+json with {@code Retry-After}, {@code RateLimit-Policy} and {@code RateLimit} (decision 0011,
 * {@code support.quota}), and {@code 503} with {@code Retry-After} when the service's database or broker is away or
 * its connections stay taken past {@code quarkus.datasource.jdbc.acquisition-timeout} ({@link ProblemMappers}): each
 * service's OpenAPI document and Swagger UI show them once, from here ({@code mp.openapi.filter}).
 */
public class ProblemsOpenApi implements OASFilter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The example of a spent quota: what {@link QuotaExceeded} answers. */
    private static final Problem QUOTA_SPENT = new QuotaExceeded("client agency-h22 has spent its writes quota (500 "
            + "at once, 100 a second on this instance); retry after 3 s", 3).toProblem("/api/v1/dossiers");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/") && item.getOperations() != null) {
                item.getOperations().values().forEach(operation -> {
                    document(operation);
                    writeRefusals(path, operation);
                });
            }
        });
    }

    private static void document(Operation operation) {
        if (operation.getResponses() == null) {
            return;
        }
        if (!operation.getResponses().hasAPIResponse("429")) {
            operation.getResponses().addAPIResponse("429", OASFactory.createAPIResponse()
                    .description("the caller's quota at this door is spent (docs/runbook.md \"Quotas\"): wait "
                            + "Retry-After seconds; nothing of the request was done")
                    .addHeader("Retry-After", header("seconds to wait before the same request would be taken",
                            Schema.SchemaType.INTEGER))
                    .addHeader("RateLimit-Policy", header("the door's bucket: \"<door>\";q=<burst>;w=<seconds to "
                            + "refill>", Schema.SchemaType.STRING))
                    .addHeader("RateLimit", header("what is left: \"<door>\";r=<units left>;t=<seconds until full>",
                            Schema.SchemaType.STRING))
                    .content(problem("quota spent", QUOTA_SPENT)));
        }
        if (!operation.getResponses().hasAPIResponse("503")) {
            operation.getResponses().addAPIResponse("503", OASFactory.createAPIResponse()
                    .description("the service's database or broker is unavailable, or every database connection "
                            + "stayed taken past the pool's wait, or the request ran past its cap (10 s by default), or the "
                            + "instance serves as many requests as it takes: nothing was kept; send the same request again "
                            + "(with the same Idempotency-Key) after Retry-After seconds")
                    .addHeader("Retry-After", header("seconds to wait before trying again", Schema.SchemaType.INTEGER))
                    .content(problem("unavailable", ProblemMappers.unavailable("/api/v1/dossiers"))));
        }
    }

    /** Each refusal's examples named by what differs, written out as the answer (see the class comment). */
    private static void writeRefusals(String path, Operation operation) {
        operation.getResponses().getAPIResponses().forEach((code, response) -> {
            MediaType media = problemMedia(response);
            if (media == null || media.getExamples() == null || !code.matches("4\\d\\d")) {
                return;
            }
            media.getExamples().values().forEach(example -> {
                if (example.getValue() instanceof String named && !named.isBlank()
                        && !named.trim().startsWith("{")) {
                    example.setValue(object(refusal(Integer.parseInt(code), named).toProblem(path)));
                }
            });
        });
    }

    private static MediaType problemMedia(APIResponse response) {
        return response.getContent() == null || response.getContent().getMediaTypes() == null
                ? null
                : response.getContent().getMediaTypes().get(Problem.MEDIA_TYPE);
    }

    /** The refusal an example names: {@code "field: rule"} (400), or the detail (403, 404, 409 with its moves). */
    static ProblemException refusal(int status, String example) {
        return switch (status) {
            case 400 -> {
                int colon = example.indexOf(": ");
                if (colon < 0) {
                    throw new IllegalArgumentException("a 400's example is \"field: rule\": " + example);
                }
                yield ProblemException.invalid(example.substring(0, colon), example.substring(colon + 2));
            }
            case 403 -> ProblemException.forbidden(example);
            case 404 -> ProblemException.notFound(example);
            case 409 -> {
                int moves = example.indexOf(" | allowed: ");
                yield moves < 0
                        ? ProblemException.conflict(example)
                        : ProblemException.conflict(example.substring(0, moves),
                                List.of(example.substring(moves + " | allowed: ".length()).split(", ")));
            }
            default -> throw new IllegalArgumentException("no refusal of status " + status + " is written from a "
                    + "short example: write it out as JSON");
        };
    }

    private static org.eclipse.microprofile.openapi.models.media.Content problem(String name, Problem example) {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().addExample(name, OASFactory.createExample().value(object(example))));
    }

    /** A problem as the answer's JSON shows it (Jackson, as the services write it). */
    private static Map<?, ?> object(Problem problem) {
        return JSON.convertValue(problem, Map.class);
    }

    private static Header header(String description, Schema.SchemaType type) {
        return OASFactory.createHeader().description(description)
                .schema(OASFactory.createSchema().addType(type));
    }
}
