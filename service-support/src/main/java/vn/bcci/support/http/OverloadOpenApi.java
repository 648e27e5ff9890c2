package vn.bcci.support.http;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Every operation behind a token ({@code /api/…}) documents the two answers that say "not now, come back": the quota's
 * {@code 429} problem+json with {@code Retry-After}, {@code RateLimit-Policy} and {@code RateLimit} (decision 0011,
 * {@code support.quota}), and {@code 503} with {@code Retry-After} when the service's database or broker is away or
 * its connections stay taken past {@code quarkus.datasource.jdbc.acquisition-timeout} ({@link ProblemMappers}): each
 * service's OpenAPI document and Swagger UI show them once, from here ({@code mp.openapi.filter}).
 */
public class OverloadOpenApi implements OASFilter {
    static final String QUOTA_SPENT = """
            {"type": "about:blank", "title": "Too Many Requests", "status": 429,
             "detail": "client agency-h22 has spent its writes quota (500 at once, 100 a second on this instance); retry after 3 s",
             "instance": "/api/v1/dossiers"}""";
    static final String UNAVAILABLE = """
            {"type": "about:blank", "title": "Service Unavailable", "status": 503,
             "detail": "a service this one depends on (its database or the broker) is unavailable; nothing was kept; retry in 5 s",
             "instance": "/api/v1/dossiers"}""";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/") && item.getOperations() != null) {
                item.getOperations().values().forEach(OverloadOpenApi::document);
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
                    .content(problem("unavailable", UNAVAILABLE)));
        }
    }

    private static org.eclipse.microprofile.openapi.models.media.Content problem(String name, String example) {
        return OASFactory.createContent().addMediaType("application/problem+json",
                OASFactory.createMediaType().addExample(name, OASFactory.createExample().value(example)));
    }

    private static Header header(String description, Schema.SchemaType type) {
        return OASFactory.createHeader().description(description)
                .schema(OASFactory.createSchema().addType(type));
    }
}
