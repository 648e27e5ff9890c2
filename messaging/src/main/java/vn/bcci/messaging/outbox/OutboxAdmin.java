package vn.bcci.messaging.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * What an operator sees of and does with the outbox's dead rows: events the broker refused
 * {@code messaging.outbox.max-attempts} times, set aside so that the rows behind them went on. A retry puts one back
 * in its lane with its attempts forgotten; it goes out at the relay's next round (after the rows of its key that came
 * before it, if any are still owed).
 */
@ApplicationScoped
public class OutboxAdmin {
    private static final Logger LOG = Logger.getLogger(OutboxAdmin.class);

    /** A dead row, without its payload. */
    public record DeadRow(long id, String eventId, String topic, String key, String type, String subject,
            Instant eventTime, Instant createdAt, int attempts, Instant deadAt, String lastError) {
    }

    @Inject
    AgroalDataSource dataSource;

    /** Dead rows after id {@code after}, oldest first, at most {@code limit}. */
    public List<DeadRow> dead(long after, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("""
                            SELECT id, event_id, topic, record_key, type, subject, event_time, created_at, attempts,
                                   dead_at, last_error
                              FROM messaging.outbox
                             WHERE dead_at IS NOT NULL AND sent_at IS NULL AND id > ?
                             ORDER BY id
                             LIMIT ?
                            """)) {
                ps.setLong(1, after);
                ps.setInt(2, limit);
                List<DeadRow> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new DeadRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
                                rs.getTimestamp(8).toInstant(), rs.getInt(9), rs.getTimestamp(10).toInstant(),
                                rs.getString(11)));
                    }
                }
                return rows;
            }
        });
    }

    /** Puts a dead row back in its lane; {@code false} when there is no dead row {@code id}. */
    public boolean retry(long id, String by) {
        boolean retried = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("UPDATE messaging.outbox SET dead_at = NULL, "
                            + "attempts = 0, next_attempt_at = NULL WHERE id = ? AND dead_at IS NOT NULL "
                            + "AND sent_at IS NULL")) {
                ps.setLong(1, id);
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot retry outbox row " + id, e);
            }
        });
        if (retried) {
            LOG.infof("outbox row %d put back to be sent again by %s", id, by);
        }
        return retried;
    }
}
