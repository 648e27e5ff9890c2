package vn.bcci.portalsync.feed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;

import vn.bcci.support.Masking;
import vn.bcci.support.Texts;

/**
 * The operators' change feed: entries appended in the transaction of the change they describe, then numbered without
 * gaps by the {@link FeedSequencer} once committed, read by sequence number. Reads use plain JDBC so that they can run on any thread
 * (the Server-Sent Events stream polls from a worker). Summaries carry no personal data unmasked.
 */
@ApplicationScoped
public class OperatorFeed {
    public enum Kind {
        DOSSIER_STATUS,
        POSTAL_MILESTONE,
        SYNC_OUTCOME
    }

    /** One feed entry. */
    public record Entry(long seq, Kind kind, String dossierCode, String agencyCode, String itemCode,
            Integer portalStatus, Instant at, Instant recordedAt, String summary) {
    }

    private final EntityManager em;
    private final AgroalDataSource dataSource;
    private final FeedSequencer sequencer;
    private final TransactionSynchronizationRegistry transactions;
    private final AtomicInteger subscribers = new AtomicInteger();

    public OperatorFeed(EntityManager em, AgroalDataSource dataSource, FeedSequencer sequencer,
            TransactionSynchronizationRegistry transactions, MeterRegistry metrics) {
        this.em = em;
        this.dataSource = dataSource;
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
        em.createNativeQuery("INSERT INTO feed_entry (kind, dossier_code, agency_code, item_code, portal_status, at, "
                + "summary) VALUES (?1, ?2, coalesce(?3, (SELECT agency_code FROM portal_dossier WHERE code = ?2)), "
                + "?4, ?5, ?6, ?7)")
                .setParameter(1, kind.name()).setParameter(2, dossierCode).setParameter(3, agencyCode)
                .setParameter(4, itemCode).setParameter(5, portalStatus).setParameter(6, at)
                .setParameter(7, Texts.truncate(Masking.text(summary), 1000)).executeUpdate();
        sequencer.wakeAfterCommit(transactions);
    }

    /** Entries after {@code after}, oldest first, at most {@code limit}; only one agency's when it is given. */
    public List<Entry> after(long after, int limit, String agency) {
        String sql = "SELECT seq, kind, dossier_code, agency_code, item_code, portal_status, at, recorded_at, summary "
                + "FROM feed_entry WHERE seq > ? " + (agency != null ? "AND agency_code = ? " : "")
                + "ORDER BY seq LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setLong(i++, after);
            if (agency != null) {
                ps.setString(i++, agency);
            }
            ps.setInt(i, limit);
            List<Entry> entries = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getLong(1), Kind.valueOf(rs.getString(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getObject(6, Integer.class),
                            rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(), rs.getString(9)));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the operator feed", e);
        }
    }

    /** The newest sequence number given so far (0 before the first). */
    public long lastSequence() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(seq), 0) FROM feed_entry");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the operator feed", e);
        }
    }

    /** Counts a live stream subscriber until {@link #unsubscribed()}. */
    public void subscribed() {
        subscribers.incrementAndGet();
    }

    public void unsubscribed() {
        subscribers.decrementAndGet();
    }

}
