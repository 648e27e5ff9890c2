package vn.bcci.portalsync.feed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;

import vn.bcci.messaging.database.AdvisoryLocks;
import vn.bcci.messaging.outbox.BeforeCommit;
import vn.bcci.support.sql.SqlValues;
import vn.bcci.support.text.Masking;
import vn.bcci.support.text.Texts;

/**
 * The feed's table, {@code feed_entry}: entries inserted unnumbered in the transaction of their change, numbered by the
 * sequencer once committed, read by number. Reads use plain JDBC so that they can run on any thread (the Server-Sent
 * Events stream polls from a worker).
 */
@ApplicationScoped
public class FeedStore {
    @Inject
    EntityManager em;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    AdvisoryLocks locks;
    @Inject
    TransactionSynchronizationRegistry transactions;

    /** An entry not yet written, in its transaction. */
    private record Unwritten(OperatorFeed.Kind kind, String dossierCode, String agencyCode, String itemCode,
            Integer portalStatus, Instant at, String summary) {
    }

    /**
     * Inserts an unnumbered entry with the transaction's others, in one statement just before it commits
     * ({@link BeforeCommit}); the agency, when not given, is the dossier's as portal-sync knows it then.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void insert(OperatorFeed.Kind kind, String dossierCode, String agencyCode, String itemCode, Integer portalStatus,
            Instant at, String summary) {
        BeforeCommit.<Unwritten>rows(transactions, FeedStore.class, this::write).add(new Unwritten(kind,
                dossierCode, agencyCode, itemCode, portalStatus, at, Texts.truncate(Masking.text(summary), 1000)));
    }

    private void write(List<Unwritten> entries) {
        em.flush(); // the dossiers the entries name are in the table before their agency is looked up
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO "
                        + "feed_entry (kind, dossier_code, agency_code, item_code, portal_status, at, summary) "
                        + "SELECT e.kind, e.code, coalesce(e.agency, d.agency_code), e.item, e.status::int, "
                        + "e.at::timestamptz, e.summary FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
                        + "?::text[], ?::text[]) WITH ORDINALITY AS e(kind, code, agency, item, status, at, summary, n) "
                        + "LEFT JOIN portal_dossier d ON d.code = e.code ORDER BY e.n")) {
            SqlValues.bindColumns(c, ps, entries, List.of(Unwritten::kind, Unwritten::dossierCode,
                    Unwritten::agencyCode, Unwritten::itemCode, Unwritten::portalStatus, Unwritten::at,
                    Unwritten::summary));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + entries.size() + " feed entries", e);
        }
    }

    /**
     * Numbers up to {@code batch} committed entries, in id order, after the highest number given so far, when no other
     * instance is numbering now (an advisory lock held to the end of the transaction); the number of entries numbered.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    int numberCommitted(int batch) {
        if (!locks.tryLock("feed-sequencer")) {
            return 0;
        }
        return em.createNativeQuery("UPDATE feed_entry f SET seq = m.last + x.n "
                + "FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM feed_entry WHERE seq IS NULL "
                + "ORDER BY id LIMIT " + batch + ") x, (SELECT coalesce(max(seq), 0) AS last FROM feed_entry) m "
                + "WHERE f.id = x.id").executeUpdate();
    }

    /** Entries after {@code after}, oldest first, at most {@code limit}; only one agency's when it is given. */
    List<OperatorFeed.Entry> after(long after, int limit, String agency) {
        return read("SELECT seq, kind, dossier_code, agency_code, item_code, portal_status, at, recorded_at, summary "
                + "FROM feed_entry WHERE seq > ? " + (agency != null ? "AND agency_code = ? " : "")
                + "ORDER BY seq LIMIT ?", after, agency, limit);
    }

    /** The newest {@code limit} numbered entries, oldest first; only one agency's when it is given. */
    List<OperatorFeed.Entry> newest(int limit, String agency) {
        return read("SELECT * FROM (SELECT seq, kind, dossier_code, agency_code, item_code, portal_status, at, "
                + "recorded_at, summary FROM feed_entry WHERE seq > ? " + (agency != null ? "AND agency_code = ? " : "")
                + "ORDER BY seq DESC LIMIT ?) newest ORDER BY seq", 0L, agency, limit);
    }

    private List<OperatorFeed.Entry> read(String sql, long after, String agency, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setLong(i++, after);
            if (agency != null) {
                ps.setString(i++, agency);
            }
            ps.setInt(i, limit);
            List<OperatorFeed.Entry> entries = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new OperatorFeed.Entry(rs.getLong(1), OperatorFeed.Kind.valueOf(rs.getString(2)),
                            rs.getString(3),
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
    long lastSequence() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(seq), 0) FROM feed_entry");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the operator feed", e);
        }
    }
}
