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
}
