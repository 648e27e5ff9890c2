package vn.bcci.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.function.IntFunction;

import io.restassured.response.Response;

/** Calls made as a client of the services makes them, for the system tests that take things away under load. */
final class Clients {
    private Clients() {
    }

    /**
     * Makes {@code attempt(0)}, then {@code attempt(1)}, … until one is answered one of {@code expected}: a 503 or a 429
     * (each must be problem+json with a {@code Retry-After}) or a refused connection is tried again after {@code pause}
     * (a 429 after its {@code Retry-After}), up to {@code patience}; any other answer fails the test at once, naming {@code what}. The attempt's number lets a
     * caller send it elsewhere (another instance).
     */
    static Response untilAnswered(String what, Duration patience, Duration pause, IntFunction<Response> attempt,
            int... expected) {
        long deadline = System.nanoTime() + patience.toNanos();
        for (int n = 0;; n++) {
            long wait = pause.toMillis();
            Response r;
            try {
                r = attempt.apply(n);
            } catch (Exception unreachable) { // RestAssured throws the connection's IOException unchecked
                r = null;
            }
            if (r != null) {
                for (int e : expected) {
                    if (r.statusCode() == e) {
                        return r;
                    }
                }
                if (r.statusCode() != 503 && r.statusCode() != 429) {
                    throw new AssertionError(what + " answered " + r.statusCode() + ": " + r.asString());
                }
                assertEquals("application/problem+json", r.contentType().split(";")[0], r.statusCode()
                        + " is problem+json");
                assertNotNull(r.header("Retry-After"), r.statusCode() + " says when to retry");
                if (r.statusCode() == 429) { // a well-behaved client waits as long as it is told
                    wait = Math.max(wait, Long.parseLong(r.header("Retry-After")) * 1000);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " still unavailable after " + patience.toSeconds() + " s");
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
