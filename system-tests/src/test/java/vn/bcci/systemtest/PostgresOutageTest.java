package vn.bcci.systemtest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import vn.bcci.contracts.TrackingNumber;

/** PostgreSQL stopped the hard way (immediate shutdown, as a crash) under load, and a service started without it. */
class PostgresOutageTest extends OutageScenario {

    @Test
    void postgresStoppedTheHardWayUnderLoadHealsWithoutARestart() throws Exception {
        outage("PostgreSQL", SystemStack.stack()::stopPostgres, SystemStack.stack()::startPostgres, true);
    }

    @Test
    void aServiceStartedWhilePostgresIsDownBecomesReadyWhenItComesUp() throws Exception {
        SystemStack.stack().kill("portal-sync-service");
        SystemStack.stack().stopPostgres();
        try {
            long launched = System.nanoTime();
            SystemStack.stack().launch("portal-sync-service");
            int port = SystemStack.ports().portalSync();
            // how long a JVM takes to start is not what this test is about: beside the fault suite's nine JVMs on two
            // cores a CI run saw it take 65 s, so the start gets the budget of a loaded machine
            await().atMost(Duration.ofMinutes(3)).until(() -> status(port, "/q/health/live") == 200);
            System.out.printf("[outage] portal-sync-service started without its database: live after %.1f s%n",
                    (System.nanoTime() - launched) / 1e9);
            for (int i = 0; i < 10; i++) { // live, not ready, and not crash-looping
                assertTrue(SystemStack.stack().alive("portal-sync-service"), "the service waits, it does not exit");
                assertEquals(200, status(port, "/q/health/live"), "live while its database is down");
                assertEquals(503, status(port, "/q/health/ready"), "not ready while its database is down");
                Thread.sleep(1_000);
            }
        } finally {
            SystemStack.stack().startPostgres();
        }
        long back = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).until(() -> status(SystemStack.ports().portalSync(),
                "/q/health/ready") == 200);
        System.out.printf("[outage] portal-sync-service started without its database: ready %.1f s after it came up%n",
                (System.nanoTime() - back) / 1e9);
        String code = nextCode();
        String item = TrackingNumber.of("EU", sequence.incrementAndGet() + 10_000_000L);
        register(code, item);
        await().atMost(Duration.ofSeconds(60)).until(() -> portal(code) != null);
    }
}
