package vn.bcci.infra.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every operation of a service's OpenAPI document ({@code /q/openapi?format=json}, its {@code paths}) must
 * show the people who integrate with it: a summary; an example of its request body, if it takes one; an example of its
 * success answer; its error answers, with 401 (no or a bad token) among them; the quota's 429 and the overload's 503
 * (service-support's {@code ProblemsOpenApi}). One walk for the three services' {@code OpenApiTest}s.
 */
public final class OpenApiDocuments {
    private OpenApiDocuments() {
    }

    /**
     * Fails, naming every gap, unless each operation under {@code /api/} of the service under test's document shows
     * all of it, and there are at least {@code atLeast} of them (so that a document the walk cannot read fails too).
     */
    public static void assertEveryOperationDocumented(int atLeast) {
        Map<String, Object> paths = io.restassured.RestAssured.given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Walk walk = walk(paths, "/api/");
        org.junit.jupiter.api.Assertions.assertTrue(walk.operations() >= atLeast,
                "found " + walk.operations() + " operations under /api/, expected at least " + atLeast);
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), walk.problems());
    }

    /** The operations found under the paths starting with one of {@code prefixes}, and what each one lacks. */
    public record Walk(int operations, List<String> problems) {
    }

    @SuppressWarnings("unchecked")
    public static Walk walk(Map<String, Object> paths, String... prefixes) {
        List<String> problems = new ArrayList<>();
        int operations = 0;
        for (var path : paths.entrySet()) {
            if (java.util.Arrays.stream(prefixes).noneMatch(path.getKey()::startsWith)) {
                continue;
            }
            for (var op : ((Map<String, Object>) path.getValue()).entrySet()) {
                if (!(op.getValue() instanceof Map<?, ?>)) {
                    continue; // a path's own parameters, not an operation
                }
                operations++;
                String where = op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                Map<String, Object> operation = (Map<String, Object>) op.getValue();
                Map<String, Object> responses = (Map<String, Object>) operation.getOrDefault("responses", Map.of());
                if (operation.get("summary") == null) {
                    problems.add(where + " has no summary");
                }
                Object body = operation.get("requestBody");
                if (body != null && !String.valueOf(body).contains("examples")
                        && !String.valueOf(body).contains("example=")) {
                    problems.add(where + " has no example of its request body");
                }
                boolean successExample = responses.entrySet().stream()
                        .filter(r -> r.getKey().startsWith("2"))
                        .anyMatch(r -> r.getKey().equals("204") // no content: nothing to show
                                || String.valueOf(r.getValue()).contains("examples")
                                || String.valueOf(r.getValue()).contains("example="));
                if (!successExample) {
                    problems.add(where + " has no example of its success answer");
                }
                for (String status : List.of("401", "429", "503")) {
                    if (!responses.containsKey(status)) {
                        problems.add(where + " does not document " + status);
                    }
                }
                responses.forEach((code, response) -> problems.addAll(problemExamples(where + " " + code, code,
                        (Map<String, Object>) response)));
                if (responses.keySet().stream().noneMatch(code -> code.startsWith("4") && !code.equals("401")
                        && !code.equals("429"))) {
                    problems.add(where + " documents no refusal of its own (400, 403, 404, 409…)");
                }
            }
        }
        return new Walk(operations, problems);
    }

    /**
     * What is wrong with the problem+json examples of one answer: each must read as the problem it documents (an
     * object with {@code type}, {@code title}, {@code detail}, the answer's own {@code status}, and for a 400 the
     * field and rule in {@code errors}), not as text or another answer's problem.
     */
    static List<String> problemExamples(String where, String code, Map<String, Object> response) {
        List<String> problems = new ArrayList<>();
        Object content = response.get("content");
        Object media = content instanceof Map<?, ?> c ? c.get("application/problem+json") : null;
        Object examples = media instanceof Map<?, ?> m ? m.get("examples") : null;
        if (!(examples instanceof Map<?, ?> named)) {
            return problems;
        }
        named.forEach((name, example) -> {
            Object value = example instanceof Map<?, ?> e ? e.get("value") : null;
            if (!(value instanceof Map<?, ?> problem) || !problem.keySet().containsAll(List.of("type", "title",
                    "detail")) || !String.valueOf(problem.get("status")).equals(code)
                    || code.equals("400") && !(problem.get("errors") instanceof List<?> errors && !errors.isEmpty())) {
                problems.add(where + "'s example " + name + " is not the problem it answers: " + value);
            }
        });
        return problems;
    }
}
