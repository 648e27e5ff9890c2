package vn.bcci.support.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Requests too large to take are refused with a problem+json body that says which limit and how large, before they
 * are read: a body over {@code quarkus.http.limits.max-body-size} by its Content-Length (413), a request line over
 * {@code bcci.http.max-uri-length} (414), header fields over {@code bcci.http.max-header-bytes} in all (431). The
 * HTTP layer's own limits sit higher (service-support's {@code microprofile-config.properties}), so only a request
 * beyond those is answered without a body.
 */
@ApplicationScoped
public class HttpLimits {
    private final long maxBody;
    private final int maxUri;
    private final int maxHeaders;

    public HttpLimits(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBody,
            @ConfigProperty(name = "bcci.http.max-uri-length", defaultValue = "8192") int maxUri,
            @ConfigProperty(name = "bcci.http.max-header-bytes", defaultValue = "16384") int maxHeaders) {
        this.maxBody = maxBody.asLongValue();
        this.maxUri = maxUri;
        this.maxHeaders = maxHeaders;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, 10_000);
    }

    private void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (request.uri().length() > maxUri) {
            refuse(rc, 414, "URI Too Long", "the request line must be at most " + maxUri + " characters");
            return;
        }
        long headerBytes = 0;
        for (var header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > maxHeaders) {
            refuse(rc, 431, "Request Header Fields Too Large",
                    "the header fields must be at most " + maxHeaders + " bytes in all");
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                refuse(rc, 400, "Bad Request", "Content-Length must be a whole number");
                return;
            }
            if (declared > maxBody) {
                refuse(rc, 413, "Content Too Large", "the body must be at most " + maxBody + " bytes");
                return;
            }
        }
        rc.next();
    }

    private static void refuse(RoutingContext rc, int status, String title, String detail) {
        String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                + detail + "\"}";
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .putHeader(HttpHeaders.CONNECTION, "close").end(body);
    }
}
