package vn.bcci.portalsync.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import vn.bcci.messaging.Backoff;

class CircuitTest {
    /** As deployed: 0.2 s doubling to 60 s, open after 5 failed rounds, for 15 s. */
    private final Circuit circuit = new Circuit(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(60)), 5,
            Duration.ofSeconds(15));

    @Test
    void backsOffExponentiallyUntilTheCircuitOpens() {
        assertFalse(circuit.open(4));
        Duration third = circuit.waitAfter(3, null);
        assertTrue(third.compareTo(Duration.ofMillis(400)) >= 0 && third.compareTo(Duration.ofMillis(800)) <= 0,
                "between half and all of 0.8 s: " + third);
        assertEquals(Duration.ofSeconds(2), circuit.waitAfter(2, Duration.ofSeconds(2)), "Retry-After honoured");
    }

    @Test
    void anOpenCircuitTriesAgainEveryOpenForHoweverLongThePortalHasBeenAway() {
        assertTrue(circuit.open(5));
        // a 60 s outage answered 503 without Retry-After makes ten failed rounds; the backoff alone would be at 60 s
        for (int failures = 5; failures <= 30; failures++) {
            assertEquals(Duration.ofSeconds(15), circuit.waitAfter(failures, null), failures + " failures");
        }
        assertEquals(Duration.ofSeconds(15), circuit.waitAfter(9, Duration.ofSeconds(1)), "at least the window");
        assertEquals(Duration.ofSeconds(40), circuit.waitAfter(9, Duration.ofSeconds(40)), "longer if the portal asks");
    }
}
