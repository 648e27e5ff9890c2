package vn.bcci.support.quota;

import java.util.Locale;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import vn.bcci.support.security.Caller;

/**
 * This request's charge against its client's quota: made once by {@link QuotaFilter} for its door, or by a resource
 * that charges by what the request carries ({@link Door#PUSHES}: an event each). Refuses with {@link QuotaExceeded};
 * keeps the decision for the answer's {@code RateLimit} headers.
 */
@RequestScoped
public class QuotaGate {
    /** When a client refused a stream may try again: streams are long-lived, so not at once. */
    static final long STREAM_RETRY_SECONDS = 30;

    @Inject
    Quotas quotas;
    @Inject
    JsonWebToken token;
    @Inject
    Caller caller;
    private Quotas.Decision decision;

    /** The client a budget belongs to: the token's subject; {@code null} for a request without a token. */
    public String client() {
        return token == null || token.getRawToken() == null ? null : token.getName();
    }

    /** Spends {@code cost} units of this request's client at {@code door}; nothing for a request without a token. */
    public void charge(Door door, int cost) {
        String client = client();
        if (!quotas.enabled() || client == null || cost <= 0) {
            return;
        }
        decision = quotas.take(client, door, cost);
        if (!decision.allowed()) {
            quotas.noteAgency(client, caller.agency()); // what the console groups limited clients by
            throw new QuotaExceeded(refusal(client, cost, decision), decision.retryAfterSeconds());
        }
    }

    /**
     * Opens one of this request's client's streams ({@code bcci.quota.streams-per-client} at once on this instance);
     * the returned action closes it. Refuses with {@link QuotaExceeded} when the client holds them all.
     */
    public Runnable openStream() {
        String client = client();
        if (!quotas.enabled() || client == null) {
            return () -> {
            };
        }
        if (!quotas.openStream(client)) {
            throw new QuotaExceeded("client " + client + " holds " + quotas.streamsPerClient()
                    + " streams open on this instance already, the most one client may; close one or retry later",
                    STREAM_RETRY_SECONDS);
        }
        return () -> quotas.closeStream(client);
    }

    /** The decision this request's answer reports, if it was charged. */
    Quotas.Decision decision() {
        return decision;
    }

    /** {@code RateLimit-Policy}: the bucket's size and the seconds it takes to fill (IETF HTTPAPI draft). */
    static String policyHeader(Quotas.Decision d) {
        return "\"%s\";q=%d;w=%d".formatted(d.policy().door().key(), d.policy().burst(), d.policy().window());
    }

    /** {@code RateLimit}: the units left and the seconds until the bucket is full again. */
    static String limitHeader(Quotas.Decision d) {
        return "\"%s\";r=%d;t=%d".formatted(d.policy().door().key(), d.remaining(), d.resetSeconds());
    }

    /** The refusal's sentence: whose budget, at which door, how large, and when to come back. */
    static String refusal(String client, int cost, Quotas.Decision d) {
        return String.format(Locale.ROOT,
                "client %s has spent its %s quota (%d at once, %s a second on this instance); %s after %d s",
                client, d.policy().door().key(), d.policy().burst(), rate(d.policy().rate()),
                cost > 1 ? "these " + cost + " units fit" : "retry", d.retryAfterSeconds());
    }

    private static String rate(double r) {
        return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.2f", r);
    }
}
