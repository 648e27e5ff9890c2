package vn.bcci.support.quota;

import java.lang.reflect.Method;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import vn.bcci.support.problem.Problem;

/**
 * Every request with a token is charged to its client at its resource's door ({@link Quota}, else reads and writes
 * by method) before the resource runs; a spent budget is a 429 problem+json with {@code Retry-After}, and every answer
 * of a charged request carries {@code RateLimit-Policy} and {@code RateLimit}. {@link Door#PUSHES} is charged by its
 * resource, an event at a time. Requests without a token are not counted (they are refused or public).
 */
public class QuotaFilter {
    private final QuotaGate gate;

    public QuotaFilter(QuotaGate gate) {
        this.gate = gate;
    }

    @ServerRequestFilter
    public void charge(ResourceInfo resource, ContainerRequestContext request) {
        Door door = door(resource, request.getMethod());
        if (door != Door.PUSHES) {
            gate.charge(door, 1);
        }
    }

    @ServerResponseFilter
    public void headers(ContainerResponseContext response) {
        Quotas.Decision d = gate.decision();
        if (d != null) {
            response.getHeaders().putSingle("RateLimit-Policy", QuotaGate.policyHeader(d));
            response.getHeaders().putSingle("RateLimit", QuotaGate.limitHeader(d));
        }
    }

    @ServerExceptionMapper
    public Response tooMany(QuotaExceeded e, UriInfo uri) {
        return Response.status(429).type(Problem.MEDIA_TYPE)
                .header("Retry-After", Long.toString(e.retryAfterSeconds()))
                .entity(e.toProblem(uri.getPath()))
                .build();
    }

    /** The door of a request: its method's {@link Quota}, else its class's, else by its HTTP method. */
    static Door door(ResourceInfo resource, String httpMethod) {
        Method method = resource == null ? null : resource.getResourceMethod();
        Quota quota = method == null ? null : method.getAnnotation(Quota.class);
        if (quota == null && resource != null && resource.getResourceClass() != null) {
            quota = resource.getResourceClass().getAnnotation(Quota.class);
        }
        if (quota != null) {
            return quota.value();
        }
        return "GET".equals(httpMethod) || "HEAD".equals(httpMethod) ? Door.READS : Door.WRITES;
    }
}
