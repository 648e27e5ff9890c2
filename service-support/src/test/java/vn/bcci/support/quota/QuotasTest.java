package vn.bcci.support.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Each client's token bucket at each door: the burst at once, then the rate, and nobody else's budget touched. */
class QuotasTest {
    private static final long MS = 1_000_000L;

    record Rate(double rate, int burst) implements QuotaConfig.Limit {
    }

    record Override(Optional<QuotaConfig.Limit> writes) implements QuotaConfig.Overrides {
        public Optional<QuotaConfig.Limit> reads() {
            return Optional.empty();
        }

        public Optional<QuotaConfig.Limit> pushes() {
            return Optional.empty();
        }

        public Optional<QuotaConfig.Limit> feed() {
            return Optional.empty();
        }

        public Optional<QuotaConfig.Limit> console() {
            return Optional.empty();
        }
    }

    /** writes 10/s, burst 20; pushes 100/s, burst 500; the others 5/s, burst 5; "big-agency" writes 100/s, burst 100. */
    record Config(int instances) implements QuotaConfig {
        public boolean enabled() {
            return true;
        }

        public Rate writes() {
            return new Rate(10, 20);
        }

        public Rate reads() {
            return new Rate(5, 5);
        }

        public Rate pushes() {
            return new Rate(100, 500);
        }

        public Rate feed() {
            return new Rate(5, 5);
        }

        public Rate console() {
            return new Rate(5, 5);
        }

        public int streamsPerClient() {
            return 4;
        }

        public String reportEvery() {
            return "60s";
        }

        public Map<String, QuotaConfig.Overrides> clients() {
            return Map.of("big-agency", new Override(Optional.of(new Rate(100, 100))));
        }
    }

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    private Quotas quotas(int instances) {
        return new Quotas(new Config(instances), metrics, now::get);
    }

    @Test
    void whatEachClientWasRefusedIsDrainedOnceWithItsAgencyAndOnlyForThoseRefused() {
        Quotas q = quotas(1);
        q.noteAgency("agency-h22", "000.00.01.H22");
        for (int i = 0; i < 25; i++) {
            q.take("agency-h22", Door.WRITES, 1); // 20 taken, 5 refused
            q.take("agency-g12", Door.WRITES, 1); // 20 taken, 5 refused; its token named no agency
        }
        q.take("quiet", Door.WRITES, 1);
        List<Quotas.Refusals> refused = q.drainRefusals().stream()
                .sorted(java.util.Comparator.comparing(Quotas.Refusals::client)).toList();
        assertEquals(List.of(new Quotas.Refusals("agency-g12", null, "writes", 5, 20),
                new Quotas.Refusals("agency-h22", "000.00.01.H22", "writes", 5, 20)), refused);
        assertEquals(List.of(), q.drainRefusals(), "counted once");
        q.restore(refused.subList(1, 2));
        assertEquals(List.of(new Quotas.Refusals("agency-h22", "000.00.01.H22", "writes", 5, 20)),
                q.drainRefusals(), "what a report could not send goes with the next");
    }

    @Test
    void theBurstPassesAtOnceThenTheRateAndARefusalSaysHowLongToWait() {
        Quotas q = quotas(1);
        for (int i = 0; i < 20; i++) {
            Quotas.Decision d = q.take("agency-h22", Door.WRITES, 1);
            assertTrue(d.allowed(), "request " + i);
            assertEquals(19 - i, d.remaining());
        }
        Quotas.Decision refused = q.take("agency-h22", Door.WRITES, 1);
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertEquals(1, refused.retryAfterSeconds());
        assertEquals(2, refused.resetSeconds()); // 20 units at 10 a second
        now.addAndGet(100 * MS); // one unit back
        assertTrue(q.take("agency-h22", Door.WRITES, 1).allowed());
        assertFalse(q.take("agency-h22", Door.WRITES, 1).allowed());
        assertEquals(21.0, metrics.counter("quota.requests", "client", "agency-h22", "door", "writes", "outcome",
                "allowed").count());
        assertEquals(2.0, metrics.counter("quota.requests", "client", "agency-h22", "door", "writes", "outcome",
                "limited").count());
    }

    @Test
    void aClientsSpentBudgetLeavesOtherClientsAndOtherDoorsWhole() {
        Quotas q = quotas(1);
        while (q.take("flooder", Door.WRITES, 1).allowed()) {
            // spend it all
        }
        Quotas.Decision other = q.take("agency-g12", Door.WRITES, 1);
        assertTrue(other.allowed());
        assertEquals(19, other.remaining(), "nothing of agency-g12's budget was spent by the flooder");
        assertTrue(q.take("flooder", Door.READS, 1).allowed());
    }

    @Test
    void aPushCostsItsEventsAndIsRefusedWholeWhenTheyDoNotFit() {
        Quotas q = quotas(1);
        assertTrue(q.take("vnpost", Door.PUSHES, 450).allowed());
        Quotas.Decision refused = q.take("vnpost", Door.PUSHES, 100);
        assertFalse(refused.allowed());
        assertEquals(50, refused.remaining());
        assertEquals(1, refused.retryAfterSeconds()); // 50 more units: half a second
        assertTrue(q.take("vnpost", Door.PUSHES, 50).allowed(), "the refused 100 took nothing");
    }

    @Test
    void overridesAndTheInstanceShareSetTheBucket() {
        Quotas q = quotas(4);
        assertEquals(new Quotas.Policy(Door.WRITES, 2.5, 5), q.policy("agency-h22", Door.WRITES));
        assertEquals(new Quotas.Policy(Door.WRITES, 25, 25), q.policy("big-agency", Door.WRITES));
        assertEquals(new Quotas.Policy(Door.READS, 1.25, 1), q.policy("big-agency", Door.READS));
    }

    @Test
    void theHeadersFollowTheHttpApiDraft() {
        Quotas q = quotas(1);
        Quotas.Decision d = q.take("agency-h22", Door.WRITES, 5);
        assertEquals("\"writes\";q=20;w=2", QuotaGate.policyHeader(d));
        assertEquals("\"writes\";r=15;t=1", QuotaGate.limitHeader(d));
        assertEquals("client agency-h22 has spent its writes quota (20 at once, 10 a second on this instance); "
                + "retry after 1 s", QuotaGate.refusal("agency-h22", 1, q.take("agency-h22", Door.WRITES, 16)));
    }
}
