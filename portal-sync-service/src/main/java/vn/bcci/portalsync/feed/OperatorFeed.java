package vn.bcci.portalsync.feed;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The operators' change feed: entries appended in the transaction of the change they describe, then numbered without
 * gaps by the {@link FeedSequencer} once committed, read by sequence number ({@link FeedStore}). Summaries carry no
 * personal data unmasked.
 */
@ApplicationScoped
public class OperatorFeed {
    public enum Kind {
        DOSSIER_STATUS,
        POSTAL_MILESTONE,
        SYNC_OUTCOME,
        /** An item VNPost's watch flagged: no event for too long, or past its delivery target. */
        SHIPMENT_FLAGGED,
        /** A dossier in progress due within one working day. */
        DOSSIER_DUE_SOON
    }

    /** One feed entry. */
    public record Entry(long seq, Kind kind, String dossierCode, String agencyCode, String itemCode,
            Integer portalStatus, Instant at, Instant recordedAt, String summary) {
    }

    private final FeedStore store;
    private final FeedSequencer sequencer;
    private final TransactionSynchronizationRegistry transactions;
    private final AtomicInteger subscribers = new AtomicInteger();

    public OperatorFeed(FeedStore store, FeedSequencer sequencer, TransactionSynchronizationRegistry transactions,
            MeterRegistry metrics) {
        this.store = store;
        this.sequencer = sequencer;
        this.transactions = transactions;
        metrics.gauge("feed.stream.subscribers", subscribers);
    }

    /**
     * Appends an entry in the caller's transaction. The agency, when not given, is the dossier's as portal-sync knows
     * it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(Kind kind, String dossierCode, String agencyCode, String itemCode, Integer portalStatus,
            Instant at, String summary) {
        store.insert(kind, dossierCode, agencyCode, itemCode, portalStatus, at, summary);
        sequencer.wakeAfterCommit(transactions);
    }

    /** Entries after {@code after}, oldest first, at most {@code limit}; only one agency's when it is given. */
    public List<Entry> after(long after, int limit, String agency) {
        return store.after(after, limit, agency);
    }

    /** The newest {@code limit} entries, oldest first; only one agency's when it is given. */
    public List<Entry> newest(int limit, String agency) {
        return store.newest(limit, agency);
    }

    /** The newest sequence number given so far (0 before the first). */
    public long lastSequence() {
        return store.lastSequence();
    }

    /** Counts a live stream subscriber until {@link #unsubscribed()}. */
    public void subscribed() {
        subscribers.incrementAndGet();
    }

    public void unsubscribed() {
        subscribers.decrementAndGet();
    }

}
