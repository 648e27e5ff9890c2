package vn.bcci.portalsim;

/**
 * How the simulator is told to misbehave ({@code POST /_sim/control}); every field is optional in the request.
 *
 * @param failureRate share of service calls answered 5xx (half of those after the call took effect, as a real
 *        portal behind a proxy may)
 * @param busyRate share of service calls answered {@code error_code 9}
 * @param latencyMs added to every call
 * @param outage every call answered 503
 * @param rateLimitPerSecond calls per second before answering 429 with Retry-After; 0 for none
 * @param sessionTtlSeconds lifetime of new sessions
 */
public record Misbehaviour(double failureRate, double busyRate, long latencyMs, boolean outage,
        int rateLimitPerSecond, int sessionTtlSeconds) {

    public static final Misbehaviour NONE = new Misbehaviour(0, 0, 0, false, 0, 1800);
}
