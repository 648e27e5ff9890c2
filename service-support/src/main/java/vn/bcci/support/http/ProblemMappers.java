package vn.bcci.support.http;

import java.util.Comparator;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import vn.bcci.messaging.database.DatabaseMigration;
import vn.bcci.messaging.retry.TransientFailures;
import vn.bcci.support.problem.Problem;
import vn.bcci.support.problem.ProblemException;

/**
 * The one place where errors become RFC 9457 answers, for every service: validation (naming each field and rule),
 * unreadable JSON (naming the field), business refusals, our own outage (503 with {@code Retry-After} when the
 * database or the broker is unavailable, by {@link TransientFailures}' rule; a request cancelled at its time cap,
 * {@link RequestTimeouts}), and anything unexpected (a 500 that shows
 * no class name or stack trace; the log has them).
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final int RETRY_AFTER_SECONDS = 5;

    @Inject
    RequestTimeouts timeouts;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return answer(e.toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + " " + f.rule()).reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        return answer(new Problem("about:blank", "Invalid request", 400, detail, path(uri), errors, null));
    }

    /**
     * Quarkus's Jackson support maps {@code MismatchedInputException} (a bad enum, a bad date) itself, to a bare JSON
     * 400; this more specific mapper keeps those in the one problem+json shape that names the field.
     */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String duplicate = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field '")
                ? e.getOriginalMessage().substring("Duplicate field '".length()).split("'", 2)[0]
                : null;
        String field = fieldOf(e, duplicate);
        String rule;
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException) {
            rule = "is not a field of this request";
        } else if (e instanceof StrictJson.BrokenRule broken) {
            rule = broken.getOriginalMessage();
        } else if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            rule = "must be one of " + java.util.Arrays.toString(f.getTargetType().getEnumConstants());
        } else if (e instanceof InvalidFormatException) {
            rule = "has the wrong format";
        } else if (duplicate != null) {
            rule = "must be given once (the key appears twice)";
        } else if (e instanceof com.fasterxml.jackson.core.exc.InputCoercionException) {
            rule = "is out of range";
        } else if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            rule = "must hold one JSON value and nothing after it";
        } else {
            rule = "must be valid JSON of the documented shape";
        }
        return answer(new Problem("about:blank", "Invalid request", 400, field + " " + rule, path(uri),
                List.of(new Problem.FieldError(field, rule)), null));
    }

    /** The field a JSON failure is about: the key given twice, the path of a mapping failure, the parser's field. */
    private static String fieldOf(JsonProcessingException e, String duplicate) {
        String field = null;
        if (duplicate != null) {
            field = duplicate;
        } else if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse(null);
        } else if (e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser parser) {
            try {
                field = parser.currentName();
            } catch (java.io.IOException unknown) {
                field = null;
            }
        }
        return field == null || field.length() > 100 || vn.bcci.contracts.InputRules.textProblem(field) != null
                ? "body"
                : field;
    }

    /** A role the operation does not admit (@RolesAllowed): 403, as problem+json like every other refusal. */
    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e, UriInfo uri) {
        return answer(new Problem("about:blank", "Forbidden", 403, "the caller's role may not use this operation",
                path(uri), null, null));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause() == cause
                ? null
                : cause.getCause()) {
            if (cause instanceof JsonProcessingException unreadable) { // a body the JSON layer refused itself
                return unreadable(unreadable, uri);
            }
        }
        int status = e.getResponse().getStatus();
        if (status == 401 || status == 403) {
            return e.getResponse();
        }
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : "Error";
        return answer(new Problem("about:blank", title, status, title, path(uri), null, null));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(RuntimeException e, UriInfo uri) {
        if (RequestTimeouts.cancelledByCap(e)) {
            // the database cancelled the request's statement at its cap and rolled its transaction back
            timeouts.cancelled(path(uri));
            return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", RETRY_AFTER_SECONDS)
                    .entity(new Problem("about:blank", "Service Unavailable", 503, "the request ran past its limit "
                            + "of " + timeouts.capSeconds() + " s and was cancelled; nothing was kept; retry in "
                            + RETRY_AFTER_SECONDS + " s", path(uri), null, null))
                    .build();
        }
        if (TransientFailures.isTransient(e) || !DatabaseMigration.migrated()) {
            // our own dependency is down (the database, the broker): nothing was kept, the same request may be sent
            // again (with the same Idempotency-Key) shortly
            LOG.warnf("%s answered 503: a dependency is unavailable (%s)", path(uri), e.toString());
            return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", RETRY_AFTER_SECONDS)
                    .entity(unavailable(path(uri)))
                    .build();
        }
        LOG.errorf(e, "unexpected failure on %s", path(uri));
        return answer(new Problem("about:blank", "Internal error", 500,
                "the request could not be completed; it has been logged", path(uri), null, null));
    }

    /** The answer when a dependency of ours is away (the mapper's, and the documents' example). */
    static Problem unavailable(String instance) {
        return new Problem("about:blank", "Service Unavailable", 503, "a service this one depends on (its database "
                + "or the broker) is unavailable; nothing was kept; retry in " + RETRY_AFTER_SECONDS + " s", instance,
                null, null);
    }

    private static Response answer(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    /** {@code register.request.applicant.phone} → {@code applicant.phone}. */
    private static String field(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        int start = parts.length > 2 ? 2 : parts.length - 1;
        return String.join(".", java.util.Arrays.copyOfRange(parts, Math.max(start, 0), parts.length));
    }
}
