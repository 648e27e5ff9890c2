package vn.bcci.messaging.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;

/**
 * PostgreSQL advisory locks held to the end of the caller's transaction, named by text keys ({@code hashtext}). Several
 * keys are taken in one statement in ascending hash order, so two transactions locking overlapping sets never wait on
 * each other in a circle; a caller that takes keys of several kinds in several calls takes the kinds in one order.
 */
@ApplicationScoped
public class AdvisoryLocks {
    @Inject
    AgroalDataSource dataSource;

    /** Waits for the lock of {@code key}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(String key) {
        lockAll(List.of(key));
    }

    /** Waits for the locks of every key (nulls and repeats ignored), in ascending hash order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockAll(Collection<String> keys) {
        Object[] distinct = keys.stream().filter(Objects::nonNull).distinct().toArray();
        if (distinct.length == 0) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(h) "
                        + "FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest(?::text[]) AS k ORDER BY h) o) l")) {
            ps.setArray(1, c.createArrayOf("text", distinct));
            ps.executeQuery().close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take " + distinct.length + " advisory locks", e);
        }
    }

    /** The lock of {@code key} if nobody holds it now: {@code true} when taken. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean tryLock(String key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext(?))")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot try the advisory lock " + key, e);
        }
    }
}
