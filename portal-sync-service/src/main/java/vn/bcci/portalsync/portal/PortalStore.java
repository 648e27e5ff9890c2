package vn.bcci.portalsync.portal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.agroal.api.AgroalDataSource;

/**
 * What the portal client keeps in the database: the one row of the shared call rate ({@code portal_pace}, docs/decisions
 * 0004) and the portal's answers per minute. Each method runs in the caller's transaction.
 */
@ApplicationScoped
public class PortalStore {
    @Inject
    EntityManager em;
    @Inject
    AgroalDataSource dataSource;

    /**
     * Takes the next free slot, {@code spacingSeconds} after the last one; how long to wait for it, in ms. Plain JDBC
     * on the transaction's connection: every portal call of every instance takes one (through the ORM's native query
     * PortalPaceTest's eight threads made 498 calls in 4 s during a parallel build, under its floor of 504).
     */
    long takeSlot(double spacingSeconds) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        UPDATE portal_pace
                           SET next_slot = greatest(next_slot, clock_timestamp(), paused_until)
                                           + make_interval(secs => ?)
                         WHERE id = 1
                        RETURNING ceil(extract(epoch FROM next_slot - clock_timestamp()) * 1000 - ? * 1000)
                        """)) {
            ps.setDouble(1, spacingSeconds);
            ps.setDouble(2, spacingSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("portal_pace has no row: migration V6 not applied");
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take a slot of the portal's rate: " + e.getMessage(), e);
        }
    }

    /** Every instance's next call waits at least {@code seconds} from now. */
    void pauseAll(double seconds) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE portal_pace SET paused_until = greatest("
                        + "paused_until, clock_timestamp() + make_interval(secs => ?)) WHERE id = 1")) {
            ps.setDouble(1, seconds);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot pause the portal's calls: " + e.getMessage(), e);
        }
    }

    void addAnswers(Instant minute, String agency, String answer, long calls) {
        em.createNativeQuery(
                "INSERT INTO portal_answer_minute (minute, agency_code, answer, calls) VALUES (?1, ?2, ?3, "
                        + "?4) ON CONFLICT (minute, agency_code, answer) DO UPDATE SET calls = portal_answer_minute.calls + "
                        + "EXCLUDED.calls")
                .setParameter(1, minute).setParameter(2, agency).setParameter(3, answer)
                .setParameter(4, calls).executeUpdate();
    }

    void pruneAnswers() {
        em.createNativeQuery("DELETE FROM portal_answer_minute WHERE minute < now() - interval '1 day'")
                .executeUpdate();
    }

    /** Minute, answer, calls since {@code from}, of one agency ({@code null}: all). */
    @SuppressWarnings("unchecked")
    List<Object[]> answersSince(Instant from, String agency) {
        return em.createNativeQuery("SELECT minute, answer, sum(calls) FROM portal_answer_minute WHERE minute >= ?1 "
                + "AND (CAST(?2 AS VARCHAR) IS NULL OR agency_code = CAST(?2 AS VARCHAR)) GROUP BY minute, answer "
                + "ORDER BY minute, answer").setParameter(1, from).setParameter(2, agency).getResultList();
    }
}
