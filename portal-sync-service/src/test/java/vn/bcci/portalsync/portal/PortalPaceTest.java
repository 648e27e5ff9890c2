package vn.bcci.portalsync.portal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.infra.SharedInfra;
import vn.bcci.infra.testing.PortalSimulatorResource;
import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.portalsim.PortalSimulator;

/**
 * The portal's rate is one budget for every instance: two portal clients, each with a pace of its own and sharing
 * nothing but the database (as two instances would), call the portal flat out from eight threads; the simulator,
 * counting calls per calendar second across all callers, never sees more than the agreed rate. A pause one of them
 * records (the portal said 429 or busy) holds the other back too.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
@WithTestResource(value = PortalSimulatorResource.class)
class PortalPaceTest {
    private final PortalSimulator portal = SharedInfra.portal();
    @Inject
    @RestClient
    PortalApi api;
    @Inject
    ObjectMapper json;
    @Inject
    PortalConfig config;
    @Inject
    PortalStore store;
    @Inject
    PortalAnswerLog answers;

    private PortalClient anInstance() {
        PortalPace pace = new PortalPace(store, config, new SimpleMeterRegistry());
        return new PortalClient(api, json, new SimpleMeterRegistry(), config, pace, answers);
    }

    @Test
    void twoInstancesFlatOutStayWithinTheAgreedRateTogether() throws Exception {
        List<PortalClient> instances = List.of(anInstance(), anInstance());
        portal.resetCallCounts();
        AtomicInteger calls = new AtomicInteger();
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            PortalClient client = instances.get(t % 2);
            running.add(threads.submit(() -> {
                while (System.nanoTime() < until) {
                    client.lookUp("000.00.01.H22", "000.00.01.H22-261130-PACE");
                    calls.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        threads.shutdown();
        int rate = config.maxCallsPerSecond();
        int max = portal.maxCallsInAnySecond();
        System.out.printf("[pace] %d calls in 4 s from two clients on eight threads; agreed %d/s, at most %d in one "
                + "second at the portal%n", calls.get(), rate, max);
        assertTrue(max <= rate, "at most " + rate + " calls in any second, saw " + max);
        // flat out means the budget was what held them back: close to it, not far below
        assertTrue(calls.get() >= 4 * rate * config.paceHeadroom() * 0.7, "used the budget: " + calls.get());
    }

    @Test
    void aPauseOneInstanceRecordsHoldsTheOtherBack() throws Exception {
        PortalPace first = new PortalPace(store, config, new SimpleMeterRegistry());
        PortalClient other = anInstance();
        first.pauseAll(Duration.ofSeconds(2));
        long started = System.nanoTime();
        other.lookUp("000.00.01.H22", "000.00.01.H22-261130-PAUSE");
        long waited = (System.nanoTime() - started) / 1_000_000;
        assertTrue(waited >= 1_800, "the other instance waited out the pause: " + waited + " ms");
    }
}
