package vn.bcci.support.problem;

import java.util.List;

/** A business refusal answered as problem+json: thrown by services, mapped once by {@code http.ProblemMappers}. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final List<String> allowed;

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors,
            List<String> allowed) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : errors;
        this.allowed = allowed == null ? List.of() : allowed;
    }

    /** 400: one field broke one rule. */
    public static ProblemException invalid(String field, String rule) {
        return new ProblemException(400, "Invalid request", field + " " + rule,
                List.of(new Problem.FieldError(field, rule)), null);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "Not found", what, null, null);
    }

    public static ProblemException forbidden(String why) {
        return new ProblemException(403, "Forbidden", why, null, null);
    }

    public static ProblemException conflict(String why) {
        return conflict(why, null);
    }

    public static ProblemException conflict(String why, List<String> allowed) {
        return new ProblemException(409, "Conflict", why, null, allowed);
    }

    public Problem toProblem(String instance) {
        return new Problem("about:blank", title, status, getMessage(), instance, errors, allowed);
    }

    public int status() {
        return status;
    }
}
