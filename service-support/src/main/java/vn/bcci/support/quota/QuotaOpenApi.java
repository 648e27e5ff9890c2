package vn.bcci.support.quota;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Every operation behind a token ({@code /api/…}) documents the quota's answer: {@code 429} problem+json with
 * {@code Retry-After}, {@code RateLimit-Policy} and {@code RateLimit} (decision 0011), so that each service's OpenAPI
 * document and Swagger UI show it once, from here ({@code mp.openapi.filter}).
 */
public class QuotaOpenApi implements OASFilter {
    static final String EXAMPLE = """
            {"type": "about:blank", "title": "Too Many Requests", "status": 429,
             "detail": "client agency-h22 has spent its writes quota (500 at once, 100 a second on this instance); retry after 3 s",
             "instance": "/api/v1/dossiers"}""";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/") && item.getOperations() != null) {
                item.getOperations().values().forEach(QuotaOpenApi::document);
            }
        });
    }

    private static void document(Operation operation) {
        if (operation.getResponses() == null || operation.getResponses().hasAPIResponse("429")) {
            return;
        }
        operation.getResponses().addAPIResponse("429", OASFactory.createAPIResponse()
                .description("the caller's quota at this door is spent (docs/runbook.md \"Quotas\"): wait "
                        + "Retry-After seconds; nothing of the request was done")
                .addHeader("Retry-After", header("seconds to wait before the same request would be taken",
                        Schema.SchemaType.INTEGER))
                .addHeader("RateLimit-Policy", header("the door's bucket: \"<door>\";q=<burst>;w=<seconds to refill>",
                        Schema.SchemaType.STRING))
                .addHeader("RateLimit", header("what is left: \"<door>\";r=<units left>;t=<seconds until full>",
                        Schema.SchemaType.STRING))
                .content(OASFactory.createContent().addMediaType("application/problem+json",
                        OASFactory.createMediaType().addExample("quota spent",
                                OASFactory.createExample().value(EXAMPLE)))));
    }

    private static Header header(String description, Schema.SchemaType type) {
        return OASFactory.createHeader().description(description)
                .schema(OASFactory.createSchema().addType(type));
    }
}
