package vn.bcci.support.quota;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Each client's budget at each door ({@link Door}): a token bucket per (client, door), kept as the generic cell rate
 * algorithm's one number (the theoretical arrival time), so a decision is a compare-and-set and no timer runs. A client
 * may spend {@code burst} units at once, then {@code rate} a second; what it cannot spend is refused with the time it
 * must wait, and nobody else's budget is touched. Counts {@code quota_requests_total{client, door, outcome}}.
 */
@ApplicationScoped
public class Quotas {
    private static final long SECOND = 1_000_000_000L;
    /** The tally's door name for feed streams held open. */
    static final String STREAMS = "streams";

    /** What a door allows a client: the bucket's rate and size after the instance share. */
    public record Policy(Door door, double rate, int burst) {
        /** Nanoseconds per unit. */
        long interval() {
            return Math.max(1, Math.round(SECOND / rate));
        }

        /** Seconds to fill the whole burst again: the window of the {@code RateLimit-Policy} header. */
        long window() {
            return Math.max(1, (long) Math.ceil(burst / rate));
        }
    }

    /**
     * A decision: allowed or not, the units left now, the seconds until the bucket is full again, and for a refusal
     * the seconds to wait before the same request would pass.
     */
    public record Decision(Policy policy, boolean allowed, long remaining, long resetSeconds, long retryAfterSeconds) {
    }

    private record Key(String client, Door door) {
    }

    /**
     * What a client was refused at a door of this instance since the last {@link #drainRefusals}, with what it was
     * given; {@code door} is a {@link Door#key()} or {@code streams}.
     */
    public record Refusals(String client, String agency, String door, long limited, long allowed) {
    }

    /** Units refused and taken of one (client, door) since the last drain, and their counters. */
    private static final class Tally {
        final java.util.concurrent.atomic.LongAdder limited = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder allowed = new java.util.concurrent.atomic.LongAdder();
        final Counter limitedTotal;
        final Counter allowedTotal;

        Tally(MeterRegistry metrics, String client, String door) {
            limitedTotal = metrics.counter("quota.requests", "client", client, "door", door, "outcome", "limited");
            allowedTotal = metrics.counter("quota.requests", "client", client, "door", door, "outcome", "allowed");
        }

        /** A request refused {@code cost} units: the tally counts units, the metric requests. */
        void limited(int cost) {
            limited.add(cost);
            limitedTotal.increment();
        }

        void allowed(int cost) {
            allowed.add(cost);
            allowedTotal.increment();
        }
    }

    /**
     * One (client, door)'s state, made once: the theoretical arrival time and the tally, so that a decision allocates
     * nothing and looks nothing else up.
     */
    private static final class Bucket {
        final java.util.concurrent.atomic.AtomicLong tat = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);
        final Tally tally;

        Bucket(Tally tally) {
            this.tally = tally;
        }
    }

    private final QuotaConfig config;
    private final MeterRegistry metrics;
    private final LongSupplier clock;
    private final Map<Key, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> streams = new ConcurrentHashMap<>();
    private final Map<String, Tally> streamTallies = new ConcurrentHashMap<>();
    /** The agency each client's token names, as first seen: what the console groups limited clients by. */
    private final Map<String, String> agencies = new ConcurrentHashMap<>();

    @Inject
    public Quotas(QuotaConfig config, MeterRegistry metrics) {
        this(config, metrics, System::nanoTime);
    }

    Quotas(QuotaConfig config, MeterRegistry metrics, LongSupplier clock) {
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** The limit {@code client} has at {@code door} on this instance. */
    public Policy policy(String client, Door door) {
        QuotaConfig.Overrides overrides = config.clients().get(client);
        QuotaConfig.Limit limit = overridden(overrides, door).orElseGet(() -> defaults(door));
        int instances = Math.max(1, config.instances());
        return new Policy(door, limit.rate() / instances, Math.max(1, limit.burst() / instances));
    }

    /** Spends {@code cost} units of {@code client}'s budget at {@code door}, or refuses them all. */
    public Decision take(String client, Door door, int cost) {
        Policy policy = policy(client, door);
        long interval = policy.interval();
        long tolerance = policy.burst() * interval;
        Bucket bucket = buckets.computeIfAbsent(new Key(client, door),
                k -> new Bucket(new Tally(metrics, client, door.key())));
        java.util.concurrent.atomic.AtomicLong tat = bucket.tat;
        while (true) {
            long now = clock.getAsLong();
            long previous = tat.get();
            long from = previous == Long.MIN_VALUE || previous < now ? now : previous;
            long next = from + cost * interval;
            if (next - now > tolerance) {
                long wait = next - now - tolerance;
                bucket.tally.limited(cost);
                return new Decision(policy, false, Math.max(0, (tolerance - (from - now)) / interval),
                        seconds(from - now), Math.max(1, seconds(wait)));
            }
            if (tat.compareAndSet(previous, next)) {
                bucket.tally.allowed(cost);
                return new Decision(policy, true, (tolerance - (next - now)) / interval, seconds(next - now), 0);
            }
        }
    }

    /** How many streams one client may hold open on this instance. */
    public int streamsPerClient() {
        return config.streamsPerClient();
    }

    /** Counts a stream of {@code client} as open, unless it holds {@link #streamsPerClient} already. */
    boolean openStream(String client) {
        java.util.concurrent.atomic.AtomicInteger open = streams.computeIfAbsent(client,
                c -> new java.util.concurrent.atomic.AtomicInteger());
        if (open.incrementAndGet() > config.streamsPerClient()) {
            open.decrementAndGet();
            streamTally(client).limited(1);
            return false;
        }
        streamTally(client).allowed(1);
        return true;
    }

    void closeStream(String client) {
        java.util.concurrent.atomic.AtomicInteger open = streams.get(client);
        if (open != null) {
            open.updateAndGet(n -> Math.max(0, n - 1));
        }
    }

    /** Notes the agency {@code client}'s token names (once: a client belongs to one agency). */
    void noteAgency(String client, String agency) {
        if (agency != null && !agencies.containsKey(client)) {
            agencies.putIfAbsent(client, agency);
        }
    }

    private Tally streamTally(String client) {
        return streamTallies.computeIfAbsent(client, c -> new Tally(metrics, c, STREAMS));
    }

    private Tally tally(String client, String door) {
        if (STREAMS.equals(door)) {
            return streamTally(client);
        }
        Door d = Door.valueOf(door.toUpperCase(java.util.Locale.ROOT));
        return buckets.computeIfAbsent(new Key(client, d), k -> new Bucket(new Tally(metrics, client, door))).tally;
    }

    /**
     * What each client was refused at each door since the last call, for those refused at all ({@link QuotaReports});
     * every count starts again from zero.
     */
    public List<Refusals> drainRefusals() {
        List<Refusals> refused = new java.util.ArrayList<>();
        buckets.forEach((key, b) -> drain(key.client(), key.door().key(), b.tally, refused));
        streamTallies.forEach((client, t) -> drain(client, STREAMS, t, refused));
        return refused;
    }

    private void drain(String client, String door, Tally t, List<Refusals> into) {
        long limited = t.limited.sumThenReset();
        long allowed = t.allowed.sumThenReset();
        if (limited > 0) {
            into.add(new Refusals(client, agencies.get(client), door, limited, allowed));
        }
    }

    /** Puts back what a report could not send, to go with the next. */
    public void restore(List<Refusals> unsent) {
        for (Refusals r : unsent) {
            Tally t = tally(r.client(), r.door());
            t.limited.add(r.limited());
            t.allowed.add(r.allowed());
        }
    }

    private static long seconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + SECOND - 1) / SECOND;
    }

    private QuotaConfig.Limit defaults(Door door) {
        return switch (door) {
            case WRITES -> config.writes();
            case READS -> config.reads();
            case PUSHES -> config.pushes();
            case FEED -> config.feed();
            case CONSOLE -> config.console();
        };
    }

    private static Optional<QuotaConfig.Limit> overridden(QuotaConfig.Overrides o, Door door) {
        if (o == null) {
            return Optional.empty();
        }
        return switch (door) {
            case WRITES -> o.writes();
            case READS -> o.reads();
            case PUSHES -> o.pushes();
            case FEED -> o.feed();
            case CONSOLE -> o.console();
        };
    }
}
