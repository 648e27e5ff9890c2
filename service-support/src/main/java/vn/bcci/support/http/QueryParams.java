package vn.bcci.support.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

import vn.bcci.support.problem.ProblemException;

/**
 * Query parameters read by hand, so that a bad value is a 400 naming the parameter and the rule (JAX-RS answers an
 * unconvertible query parameter with a bare 404).
 */
public final class QueryParams {
    private QueryParams() {
    }

    public static <E extends Enum<E>> E enumOf(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(name, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "must be an ISO-8601 instant such as 2026-11-22T02:00:00Z");
        }
    }

    public static Boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ProblemException.invalid(name, "must be true or false");
        };
    }

    /** A page size: {@code fallback} when absent, else a whole number from 1 to {@code max}. */
    public static int limit(String value, int fallback, int max) {
        return wholeNumber("limit", value, fallback, max);
    }

    /** A whole number from 1 to {@code max} in parameter {@code name}, {@code fallback} when absent; else a 400. */
    public static int wholeNumber(String name, String value, int fallback, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalid(name, "must be a whole number from 1 to " + max);
    }
}
