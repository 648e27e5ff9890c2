package vn.bcci.postal.shipments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.calendar.WorkingCalendar;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.messaging.database.AdvisoryLocks;
import vn.bcci.messaging.outbox.Outbox;
import vn.bcci.support.text.Masking;

/**
 * What happens to a registered shipment when one of its events is applied, and what {@code shipment.events.v1} learns
 * of it: state by event time, delivery clock, stall cleared, one event per change, through the outbox. Everything here
 * runs inside the caller's transaction, under the item's lock.
 */
@ApplicationScoped
public class ShipmentLedger {
    private static final Logger LOG = Logger.getLogger(ShipmentLedger.class);
    @Inject
    ShipmentStore store;
    @Inject
    AdvisoryLocks locks;
    @Inject
    Outbox outbox;
    @Inject
    WorkingCalendar calendar;
    @Inject
    DeliveryTargets targets;

    /** Serialises everything that touches one tracking number (events from both doors, its registration). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockItem(String itemCode) {
        locks.lock("item:" + itemCode);
    }

    /**
     * Serialises the linking of an expected outbound item by its dossier code. Taken before any item lock, so that an
     * event naming the dossier and the expectation of its result never miss each other.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockOrder(String dossierCode) {
        locks.lock("order:" + dossierCode);
    }

    /**
     * The locks of a batch of events: every order lock, then every item lock, each class in ascending lock-key order,
     * so that batches and single events (one order lock, then one item lock) never wait on each other in a cycle.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockAll(Collection<String> dossierCodes, Collection<String> itemCodes) {
        locks.lockAll(dossierCodes.stream().map(c -> "order:" + c).toList());
        locks.lockAll(itemCodes.stream().map(c -> "item:" + c).toList());
    }

    /**
     * Row-locks the registered shipments among {@code itemCodes} (ascending) before a batch reads them, as
     * {@link Shipment#lock} does for one: the watch (FOR UPDATE SKIP LOCKED, no item lock) then leaves them alone.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockShipments(Collection<String> itemCodes) {
        String[] items = itemCodes.stream().distinct().sorted().toArray(String[]::new);
        if (items.length > 0) {
            store.lockShipments(items);
        }
    }

    /** Applies the orphan events of a newly registered or linked shipment, oldest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyOrphans(Shipment shipment) {
        for (TrackingEvent orphan : TrackingEvent.orphans(shipment.itemCode)) {
            apply(shipment, orphan);
        }
    }

    /** Applies one stored (managed) event to its shipment and publishes {@code event-recorded}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(Shipment shipment, TrackingEvent event) {
        event.applied = true;
        apply(shipment, event, () -> {
            store.flush();
            return TrackingEvent.history(shipment.itemCode).stream().filter(e -> e.applied).map(ShipmentLedger::step)
                    .toList();
        });
    }

    /**
     * Applies an event of a batch whose rows were written together ({@link BatchHistory}); the caller marks the
     * applied rows in one statement.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(Shipment shipment, TrackingEvent event, BatchHistory history) {
        history.applied(event);
        apply(shipment, event, () -> history.steps(shipment.itemCode));
    }

    private void apply(Shipment shipment, TrackingEvent event, Supplier<List<ShipmentStates.Step>> appliedSteps) {
        ShipmentState before = shipment.state;
        boolean newest = shipment.lastEventAt == null || !event.occurredAt.isBefore(shipment.lastEventAt);
        if (newest) {
            shipment.state = ShipmentStates.next(shipment.state, event.canonicalState);
            shipment.lastEventAt = event.occurredAt;
        } else {
            // a late event lands in its place in the history: the state is derived again from all of it
            ShipmentState derived = ShipmentStates.derive(ShipmentState.REGISTERED, appliedSteps.get());
            shipment.state = ShipmentStates.afterLateEvent(shipment.state, derived);
            if (derived != shipment.state && derived.isTerminal()) {
                LOG.warnf("shipment %s: VNPost reports %s at %s after %s; the item stays %s (both kept in its "
                        + "history)", shipment.itemCode, event.canonicalState, event.occurredAt, before, before);
            }
        }
        if (newest || shipment.state.isTerminal()) {
            shipment.stalledSince = null;
        }
        if (DeliveryTargets.startsClock(event.canonicalState)
                && (shipment.acceptedAt == null || event.occurredAt.isBefore(shipment.acceptedAt))) {
            shipment.acceptedAt = event.occurredAt;
            shipment.deliveryDueAt = targets.dueAt(calendar, shipment.direction, shipment.sameProvince,
                    shipment.acceptedAt);
        }
        if (shipment.dossierCode == null && event.orderNumber != null) {
            shipment.dossierCode = event.orderNumber;
        }
        String receiver = event.canonicalState == ShipmentState.DELIVERED
                ? event.receiverName
                : Masking.name(event.receiverName);
        shipment.eventSequence++;
        publish(shipment, EventTypes.SHIPMENT_EVENT_RECORDED, before, event.occurredAt,
                new ShipmentEventData.TrackingEvent(event.eventId, event.statusCode, event.canonicalState,
                        event.occurredAt, event.postOfficeCode, event.postOfficeName, event.note, receiver),
                null);
    }

    private static ShipmentStates.Step step(TrackingEvent e) {
        return new ShipmentStates.Step(e.occurredAt, e.id, e.canonicalState);
    }

    /**
     * The applied events of the items of one batch, as the batch sees them: those applied before it (read once per item,
     * when a late event needs them), then its own as they are applied. The batch's rows are still unapplied in the
     * database while it runs, so the two never overlap.
     */
    public final class BatchHistory {
        private final Map<String, List<ShipmentStates.Step>> stored = new HashMap<>();
        private final Map<String, List<ShipmentStates.Step>> batch = new HashMap<>();

        void applied(TrackingEvent e) {
            batch.computeIfAbsent(e.itemCode, k -> new ArrayList<>()).add(step(e));
        }

        List<ShipmentStates.Step> steps(String itemCode) {
            List<ShipmentStates.Step> steps = new ArrayList<>(stored.computeIfAbsent(itemCode, this::load));
            steps.addAll(batch.getOrDefault(itemCode, List.of()));
            return steps;
        }

        private List<ShipmentStates.Step> load(String itemCode) {
            return store.appliedSteps(itemCode);
        }
    }

    /** A fresh history for one batch's transaction. */
    public BatchHistory batchHistory() {
        return new BatchHistory();
    }

    /** {@code registered}: with the applicant when VNPost collected an inbound item before any dossier named it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishRegistered(Shipment s, ShipmentEventData.Sender applicant) {
        publish(s, EventTypes.SHIPMENT_REGISTERED, null, s.registeredAt, null, applicant);
    }

    /** {@code flagged}: stalled or overdue, as the shipment now stands. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishFlagged(Shipment s, Instant at) {
        publish(s, EventTypes.SHIPMENT_FLAGGED, s.state, at, null, null);
    }

    private void publish(Shipment s, String type, ShipmentState before, Instant time,
            ShipmentEventData.TrackingEvent event, ShipmentEventData.Sender sender) {
        ShipmentEventData data = new ShipmentEventData(s.itemCode, s.direction, s.dossierCode, s.agencyCode, s.state,
                before, event, type.equals(EventTypes.SHIPMENT_REGISTERED) ? s.procedureCode : null, sender,
                s.deliveryDueAt, s.stalledSince, s.overdueSince,
                type.equals(EventTypes.SHIPMENT_EVENT_RECORDED) ? s.eventSequence : null);
        outbox.publish(Topics.SHIPMENT_EVENTS, s.eventKey(), type, s.dossierCode != null ? s.dossierCode : s.itemCode,
                time, data);
    }
}
