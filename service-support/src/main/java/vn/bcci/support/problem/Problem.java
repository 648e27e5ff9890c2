package vn.bcci.support.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem details answer ({@code application/problem+json}). {@code errors} names each offending field and
 * the rule it broke.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors,
        List<String> allowed) {
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One field and the rule it broke, e.g. {@code applicant.phone}: "must be a Vietnamese phone number". */
    public record FieldError(String field, String rule) {
    }
}
