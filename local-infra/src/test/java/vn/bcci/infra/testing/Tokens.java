package vn.bcci.infra.testing;

import vn.bcci.infra.SharedInfra;

/** Bearer tokens signed by the shared development token issuer, for REST Assured calls in tests. */
public final class Tokens {
    private Tokens() {
    }

    /** A token of one of the demo clients of docs/architecture.md ({@code agency-h22}, {@code vnpost}, {@code operator}, …). */
    public static String bearer(String clientId) {
        return "Bearer " + SharedInfra.tokenIssuer().tokenFor(clientId);
    }

    /** A token of a client of the test's own, with {@code roles} and, for an agency, its {@code agency} code. */
    public static String bearer(String subject, java.util.List<String> roles, String agency) {
        return "Bearer " + SharedInfra.tokenIssuer().tokenFor(subject, roles, agency);
    }

    /** The body of a GET of {@code path} as {@code clientId}, which must answer 200. */
    public static String get(String clientId, String path) {
        return io.restassured.RestAssured.given().header("Authorization", bearer(clientId)).get(path).then()
                .statusCode(200).extract().asString();
    }
}
