package vn.bcci.postal.shipments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import vn.bcci.contracts.ShipmentState;

class ShipmentStatesTest {
    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    private static ShipmentStates.Step at(int minutes, ShipmentState state) {
        return new ShipmentStates.Step(T0.plusSeconds(minutes * 60L), minutes, state);
    }

    @Test
    void aLateInTransitEventAfterDeliveredDoesNotRegress() {
        List<ShipmentStates.Step> arrival = List.of(at(0, ShipmentState.ACCEPTED), at(30, ShipmentState.DELIVERED),
                at(10, ShipmentState.IN_TRANSIT));
        assertEquals(ShipmentState.DELIVERED, ShipmentStates.derive(ShipmentState.REGISTERED, arrival));
    }

    @Test
    void anEventDatedAfterATerminalStateDoesNotMoveIt() {
        List<ShipmentStates.Step> steps = List.of(at(0, ShipmentState.CANCELLED), at(5, ShipmentState.IN_TRANSIT));
        assertEquals(ShipmentState.CANCELLED, ShipmentStates.derive(ShipmentState.REGISTERED, steps));
    }

    @Test
    void theStateIsThatOfTheLatestEventByEventTimeWhateverTheArrivalOrder() {
        List<ShipmentStates.Step> sorted = List.of(at(0, ShipmentState.ACCEPTED), at(10, ShipmentState.IN_TRANSIT),
                at(20, ShipmentState.AT_DELIVERY_OFFICE), at(30, ShipmentState.OUT_FOR_DELIVERY),
                at(40, ShipmentState.DELIVERY_FAILED), at(50, ShipmentState.OUT_FOR_DELIVERY));
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            List<ShipmentStates.Step> shuffled = new ArrayList<>(sorted);
            Collections.shuffle(shuffled, random);
            assertEquals(ShipmentState.OUT_FOR_DELIVERY, ShipmentStates.derive(ShipmentState.REGISTERED, shuffled));
        }
    }

    @Test
    void aTerminalStateIsNeverReplacedByAnotherThatALateEventDerives() {
        // delivered at 30; VNPost then reports a cancellation dated 20: the history derives CANCELLED
        List<ShipmentStates.Step> history = List.of(at(0, ShipmentState.ACCEPTED), at(20, ShipmentState.CANCELLED),
                at(30, ShipmentState.DELIVERED));
        ShipmentState derived = ShipmentStates.derive(ShipmentState.REGISTERED, history);
        assertEquals(ShipmentState.CANCELLED, derived);
        assertEquals(ShipmentState.DELIVERED, ShipmentStates.afterLateEvent(ShipmentState.DELIVERED, derived));
        // before any terminal state, a late event takes its place as usual
        assertEquals(ShipmentState.IN_TRANSIT,
                ShipmentStates.afterLateEvent(ShipmentState.ACCEPTED, ShipmentState.IN_TRANSIT));
    }

    @Test
    void codesThatMoveNothingLeaveTheStateAlone() {
        List<ShipmentStates.Step> steps = List.of(at(0, ShipmentState.ACCEPTED), at(10, null));
        assertEquals(ShipmentState.ACCEPTED, ShipmentStates.derive(ShipmentState.REGISTERED, steps));
    }

    @Test
    void applyingEventsInTimeOrderOneByOneGivesWhatDerivingFromAllGives() {
        Random random = new Random(45);
        ShipmentState[] states = ShipmentState.values();
        for (int run = 0; run < 1_000; run++) {
            List<ShipmentStates.Step> steps = new ArrayList<>();
            ShipmentState incremental = ShipmentState.REGISTERED;
            Instant t = Instant.parse("2026-11-20T01:00:00Z");
            for (int i = 0; i < 1 + random.nextInt(12); i++) {
                t = t.plusSeconds(random.nextInt(3) * 600L);
                ShipmentState state = random.nextInt(6) == 0 ? null : states[random.nextInt(states.length)];
                steps.add(new ShipmentStates.Step(t, i, state));
                incremental = ShipmentStates.next(incremental, state);
                assertEquals(ShipmentStates.derive(ShipmentState.REGISTERED, steps), incremental, steps.toString());
            }
        }
    }
}
