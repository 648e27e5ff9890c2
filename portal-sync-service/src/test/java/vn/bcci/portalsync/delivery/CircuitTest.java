package vn.bcci.portalsync.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import vn.bcci.messaging.retry.Backoff;

class CircuitTest {
    /** As deployed: 0.2 s doubling to 60 s, open after 5 rounds without an answer, for 15 s. */
    private final Circuit circuit = new Circuit(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(60)), 5,
            Duration.ofSeconds(15));

    @Test
    void backsOffExponentiallyUntilTheCircuitOpens() {
        circuit.failed(0, null);
        circuit.failed(0, null);
        Duration third = circuit.failed(0, null);
        assertTrue(third.compareTo(Duration.ofMillis(400)) >= 0 && third.compareTo(Duration.ofMillis(800)) <= 0,
                "between half and all of 0.8 s: " + third);
        assertEquals(Duration.ofSeconds(2), circuit.failed(0, Duration.ofSeconds(2)), "Retry-After honoured");
        assertFalse(circuit.open(), "four failed rounds");
        circuit.failed(0, null);
        assertTrue(circuit.open(), "five");
        assertEquals(5, circuit.succeeded());
        assertFalse(circuit.open());
    }

    @Test
    void anOpenCircuitTriesAgainEveryOpenForHoweverLongThePortalHasBeenAway() {
        // a 60 s outage answered 503 without Retry-After makes ten failed rounds; the backoff alone would be at 60 s
        for (int round = 1; round <= 30; round++) {
            Duration wait = circuit.failed(0, null);
            if (round >= 5) {
                assertEquals(Duration.ofSeconds(15), wait, round + " failed rounds");
            }
        }
        assertEquals(Duration.ofSeconds(15), circuit.failed(0, Duration.ofSeconds(1)), "at least the window");
        assertEquals(Duration.ofSeconds(40), circuit.failed(0, Duration.ofSeconds(40)), "longer if the portal asks");
    }

    @Test
    void aRoundThatGotAnswersBeforeItFailedClosesTheCircuit() {
        for (int round = 1; round <= 6; round++) {
            circuit.failed(0, null);
        }
        assertTrue(circuit.open());
        // under a share of random 5xx most rounds get answers and then meet one: the portal is there, not away
        Duration wait = circuit.failed(3, null);
        assertFalse(circuit.open(), "the gauge and the console's banner must not say the portal is unreachable");
        assertEquals(1, circuit.failures());
        assertTrue(wait.compareTo(Duration.ofMillis(200)) <= 0, "backs off from the start: " + wait);
    }
}
