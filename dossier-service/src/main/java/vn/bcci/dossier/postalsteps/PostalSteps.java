package vn.bcci.dossier.postalsteps;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.dossier.config.DossierConfig;
import vn.bcci.dossier.lifecycle.Dossier;
import vn.bcci.dossier.timeline.TimelineEntry;
import vn.bcci.messaging.database.AdvisoryLocks;

/**
 * A dossier's postal events, from {@code shipment.events.v1} onto its timeline and, each as one dossier event with its
 * {@code postalStep}, onto {@code dossier.events.v1}: the one ordered stream of the dossier that portal-sync-service
 * builds the portal's progress entries from, and sends as they come. So they are applied in each item's own order
 * ({@code itemSequence}, numbered by postal-tracking-service): an item's events come over two record keys (its
 * tracking number before its dossier was known, the dossier code after) whose partitions drain at their own pace, and
 * an event whose predecessor has not arrived waits for it ({@code waiting_postal_event}, {@code PREDECESSOR}); only
 * then, and only that item's. A predecessor that does not come within {@code dossier.postal.gap-wait} (dead-lettered
 * upstream) is given up on: the waiting events apply, counted in {@code postal_gaps_given_up_total}, and should it come
 * after all it is appended. Events of an inbound item no dossier names yet wait ({@code DOSSIER}) and are applied, in
 * the item's order, when its dossier appears.
 */
@ApplicationScoped
public class PostalSteps {
    private static final Logger LOG = Logger.getLogger(PostalSteps.class);
    private static final java.time.Duration UNCLAIMED_FOR = java.time.Duration.ofDays(60);

    private final PostalStepsStore store;
    private final PostalEventEffects milestones;
    private final AdvisoryLocks locks;
    private final java.time.Duration gapWait;
    private final io.micrometer.core.instrument.Counter held;
    private final io.micrometer.core.instrument.Counter givenUp;

    public PostalSteps(PostalStepsStore store, PostalEventEffects milestones, AdvisoryLocks locks,
            DossierConfig config,
            io.micrometer.core.instrument.MeterRegistry metrics) {
        this.store = store;
        this.milestones = milestones;
        this.locks = locks;
        this.gapWait = config.postal().gapWait();
        this.held = metrics.counter("postal.events.held");
        this.givenUp = metrics.counter("postal.gaps.given.up");
    }

    /**
     * Serialises, per inbound item, a dossier's appearance with the item's events that find no dossier yet: whoever
     * comes second sees what the first committed (transaction-scoped advisory locks, {@link AdvisoryLocks}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockItems(Collection<String> itemCodes) {
        locks.lockAll(itemCodes.stream().filter(java.util.Objects::nonNull).map(item -> "inbound-item:" + item)
                .toList());
    }

    /** One recorded postal event: onto its dossier, or waiting for it when it is an inbound item no dossier names. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onShipmentEvent(String shipmentEventId, ShipmentEventData data) {
        if (data.event() == null) {
            return;
        }
        Dossier dossier;
        if (data.dossierCode() != null) {
            dossier = Dossier.lock(data.dossierCode());
        } else {
            Dossier byItem = Dossier.findByInboundTrackingNumber(data.itemCode());
            dossier = byItem == null ? null : Dossier.lock(byItem.code);
        }
        if (dossier != null) {
            offer(dossier, shipmentEventId, data);
        } else if (data.dossierCode() == null && data.direction() == Direction.INBOUND) {
            store.wait(shipmentEventId, data, "DOSSIER", null);
            LOG.debugf("postal event %s of %s waits for its dossier", shipmentEventId, data.itemCode());
        } else {
            LOG.warnf("postal event %s of %s names dossier %s, which does not exist: ignored", shipmentEventId,
                    data.itemCode(), data.dossierCode());
        }
    }

    /**
     * A dossier appeared (registered by its agency, or from VNPost's collection), in the transaction that created it
     * after its registration event: its item's waiting events apply.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void dossierAppeared(Dossier d) {
        if (d.inboundTrackingNumber == null) {
            return;
        }
        lockItems(List.of(d.inboundTrackingNumber));
        List<PostalStepsStore.Waiting> waiting = store.takeWaitingForDossier(d.inboundTrackingNumber);
        waiting.forEach(w -> offer(d, w.id(), w.data()));
        if (!waiting.isEmpty()) {
            LOG.infof("dossier %s: %d postal events of %s that came before it applied", d.code, waiting.size(),
                    d.inboundTrackingNumber);
        }
    }

    /**
     * An event of a (locked) dossier's item: applied when it is the item's next (or carries no sequence, or comes
     * after its place was given up on), then whatever waited for it; kept until its predecessor comes otherwise.
     */
    private void offer(Dossier dossier, String shipmentEventId, ShipmentEventData data) {
        Integer sequence = data.itemSequence();
        if (sequence == null) {
            apply(dossier, shipmentEventId, data);
            return;
        }
        Boolean othersWait = store.advance(data.itemCode(), sequence);
        if (othersWait == null) { // not the item's next
            int applied = store.appliedSequence(data.itemCode());
            if (sequence > applied + 1) {
                store.wait(shipmentEventId, data, "PREDECESSOR", dossier.code);
                held.increment();
                LOG.debugf("postal event %s of %s waits for event %s", sequence, data.itemCode(),
                        (Integer) (applied + 1));
                return;
            }
            apply(dossier, shipmentEventId, data); // its place was given up on: appended after the later ones
            LOG.warnf("postal event %d of %s came after %d was applied without it: appended", sequence,
                    data.itemCode(), applied);
            return;
        }
        apply(dossier, shipmentEventId, data);
        if (!othersWait) {
            return;
        }
        int applied = sequence;
        List<String> done = new java.util.ArrayList<>();
        for (PostalStepsStore.Waiting next : store.waitingForPredecessor(data.itemCode())) {
            if (next.sequence() != applied + 1) { // a gap further on: the rest keep waiting
                break;
            }
            apply(dossier, next.id(), next.data());
            done.add(next.id());
            applied++;
        }
        if (!done.isEmpty()) {
            store.applied(done);
            store.setAppliedSequence(data.itemCode(), applied);
        }
    }

    /**
     * Events that waited {@code dossier.postal.gap-wait} for a predecessor that did not come (lost upstream: a record
     * dead-lettered on the way) are applied without it, in order; run by any instance, each item under its dossier's
     * lock, so once.
     */
    @Scheduled(identity = "postal-gaps", every = "${dossier.postal.gap-check:30s}", delayed = "${dossier.postal.gap-check:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void giveUpOnMissingPredecessors() {
        for (PostalStepsStore.Item item : store.waitingSince(java.time.Instant.now().minus(gapWait))) {
            String itemCode = item.itemCode();
            Dossier dossier = Dossier.lock(item.dossierCode());
            if (dossier == null) { // cannot be (a dossier is never deleted); kept waiting rather than dropped
                continue;
            }
            List<PostalStepsStore.Waiting> waiting = store.takeWaitingForPredecessor(itemCode);
            if (waiting.isEmpty()) {
                continue;
            }
            int applied = store.appliedSequence(itemCode);
            LOG.warnf("postal item %s of %s: event %d never came within %s; applying the %d after it without it",
                    itemCode, dossier.code, applied + 1, gapWait, waiting.size());
            givenUp.increment();
            for (PostalStepsStore.Waiting w : waiting) {
                apply(dossier, w.id(), w.data());
            }
            store.setAppliedSequence(itemCode, waiting.get(waiting.size() - 1).sequence());
        }
    }

    private void apply(Dossier dossier, String shipmentEventId, ShipmentEventData data) {
        ShipmentEventData.TrackingEvent e = data.event();
        String what = e.canonicalState() != null ? e.canonicalState().name() : "code " + e.statusCode();
        String title = data.direction() + " " + data.itemCode() + ": " + what
                + (e.postOfficeName() != null ? " at " + e.postOfficeName() : "");
        TimelineEntry.of(dossier.code, e.occurredAt(), TimelineEntry.Kind.POSTAL, "postal-tracking-service", title,
                EventJson.write(Map.of("itemCode", data.itemCode(), "direction", data.direction(), "statusCode",
                        e.statusCode(), "state", String.valueOf(e.canonicalState()))))
                .persist();
        milestones.apply(dossier, data,
                new DossierEventData.PostalStep(shipmentEventId, data.itemCode(), data.direction(), e));
    }

    /**
     * PostalStepsStore.Waiting events no dossier claimed in 60 days (an item VNPost handled that never became a dossier of ours), and
     * the progress of items with no event in 60 days (an item's journey takes days; were one to come after that, it
     * would wait {@code dossier.postal.gap-wait} for predecessors no longer known, then apply). A run missed while the
     * database is away is made up by the next.
     */
    @Scheduled(identity = "waiting-postal-events-purge", every = "6h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purgeUnclaimed() {
        java.time.Instant before = java.time.Instant.now().minus(UNCLAIMED_FOR);
        int purged = store.purgeWaiting(before);
        if (purged > 0) {
            LOG.infof("%d postal events no dossier claimed in %d days purged", purged, UNCLAIMED_FOR.toDays());
        }
        int done = store.purgeProgress(before);
        if (done > 0) {
            LOG.infof("progress of %d postal items without an event in %d days purged", done, UNCLAIMED_FOR.toDays());
        }
    }
}
