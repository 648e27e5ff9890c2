package vn.bcci.support.http;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import vn.bcci.contracts.InputRules;
import vn.bcci.support.problem.Problem;

/**
 * The first look at every request, before it reaches a resource: a path segment or a query parameter holding a control
 * character (a {@code %00} included: PostgreSQL refuses NUL) is a 400 naming it, never a 500 from the database.
 */
public class RequestGuards {

    @ServerRequestFilter(preMatching = true)
    public Response refuseControlCharacters(ContainerRequestContext request) {
        String problem;
        String field;
        try {
            for (PathSegment segment : request.getUriInfo().getPathSegments(true)) {
                problem = InputRules.textProblem(segment.getPath());
                if (problem != null) {
                    return refusal("path", "segment " + problem, request);
                }
            }
            for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters(true)
                    .entrySet()) {
                field = parameter.getKey();
                problem = InputRules.textProblem(field);
                for (String value : parameter.getValue()) {
                    problem = problem != null ? problem : InputRules.textProblem(value);
                }
                if (problem != null) {
                    return refusal(field, problem, request);
                }
            }
        } catch (IllegalArgumentException e) {
            return refusal("path", "must be percent-encoded UTF-8", request);
        }
        return null;
    }

    private static Response refusal(String field, String rule, ContainerRequestContext request) {
        String safeField = InputRules.textProblem(field) == null ? field : "query";
        return Response.status(400).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", "Invalid request", 400, safeField + " " + rule,
                        request.getUriInfo().getPath().replaceAll("\\p{Cntrl}", "?"),
                        List.of(new Problem.FieldError(safeField, rule)), null))
                .build();
    }
}
