package vn.bcci.postal.shipments;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import vn.bcci.contracts.ShipmentState;

/**
 * A shipment's state derived from its events by event time, not arrival (docs/domain.md §5): events are applied in order of
 * {@code occurredAt}; once a terminal state ({@code DELIVERED}, {@code RETURNED}, {@code CANCELLED}) is reached, no
 * later-applied event moves it. Framework-free.
 */
public final class ShipmentStates {
    private ShipmentStates() {
    }

    /** One event as far as the state is concerned. {@code state} is {@code null} for codes that move nothing. */
    public record Step(Instant occurredAt, long sequence, ShipmentState state) {
    }

    /** The state after all steps, starting from {@code initial}. */
    public static ShipmentState derive(ShipmentState initial, List<Step> steps) {
        ShipmentState current = initial;
        List<Step> ordered = steps.stream()
                .sorted(Comparator.comparing(Step::occurredAt).thenComparingLong(Step::sequence)).toList();
        for (Step step : ordered) {
            current = next(current, step.state());
        }
        return current;
    }

    /**
     * The state after one more event that is the latest by event time: a terminal state stays, a code that moves
     * nothing leaves the state alone, any other event sets it. An event older than the latest needs {@link #derive}.
     */
    public static ShipmentState next(ShipmentState current, ShipmentState eventState) {
        return eventState == null || current.isTerminal() ? current : eventState;
    }

    /**
     * The state after a late event (older than the newest) was put in its place and the state derived again: a
     * terminal state already reached stays, even when the history now derives another terminal state (VNPost reporting
     * both a delivery and a return): the conflicting report is kept in the history and logged, never applied.
     */
    public static ShipmentState afterLateEvent(ShipmentState current, ShipmentState derived) {
        return current.isTerminal() ? current : derived;
    }
}
