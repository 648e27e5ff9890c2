package vn.bcci.messaging.jobs;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Jobs that must run once across all instances (a catalogue import, a scheduled reconciliation), coordinated through
 * the service's database ({@code messaging.job_lease}). Every instance ticks; the first whose tick finds the job due
 * ({@code every} since it last completed) and not held takes a lease with a new <em>fence</em> number. The job's writes
 * call {@link #checkFence} in their own transaction, which holds the lease row shared until they commit: a holder that
 * lost its lease (it stalled past the lease, another took over) cannot commit anything. {@link #done} records the
 * completion; a holder that dies leaves a lease that expires, and the next tick of any instance takes the job over.
 */
@ApplicationScoped
public class JobLeases {
    /** The instance's name in {@code holder}: host and process. */
    static final String HOLDER = ManagementFactory.getRuntimeMXBean().getName();

    /** A lease on one job: the fence its writes must still hold. */
    public record Lease(String job, long fence) {
    }

    /** The lease was lost: another instance holds the job now. */
    public static final class LeaseLost extends RuntimeException {
        LeaseLost(Lease lease) {
            super("job " + lease.job() + ": lease " + lease.fence() + " lost to another instance");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    /**
     * A lease on {@code job} for {@code ttl} if it is due (never completed, or last completed {@code every} ago or more)
     * and nobody holds it; empty otherwise.
     */
    public Optional<Lease> claimIfDue(String job, Duration every, Duration ttl) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO messaging.job_lease (job) VALUES (?) ON CONFLICT DO NOTHING")) {
                    ps.setString(1, job);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE messaging.job_lease SET holder = ?, "
                        + "fence = fence + 1, lease_until = clock_timestamp() + make_interval(secs => ?) "
                        + "WHERE job = ? AND (lease_until IS NULL OR lease_until < clock_timestamp()) AND "
                        + "(last_done_at IS NULL OR last_done_at <= clock_timestamp() - make_interval(secs => ?)) "
                        + "RETURNING fence")) {
                    ps.setString(1, HOLDER);
                    ps.setDouble(2, ttl.toMillis() / 1000.0);
                    ps.setString(3, job);
                    ps.setDouble(4, every.toMillis() / 1000.0);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(new Lease(job, rs.getLong(1))) : Optional.<Lease>empty();
                    }
                }
            }
        });
    }

    /**
     * In the transaction of a write of the job: throws {@link LeaseLost} unless the lease is still this one and
     * unexpired, and keeps it so (a shared row lock) until that transaction ends.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void checkFence(Lease lease) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT fence = ? AND lease_until > clock_timestamp() "
                        + "FROM messaging.job_lease WHERE job = ? FOR SHARE")) {
            ps.setLong(1, lease.fence());
            ps.setString(2, lease.job());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    throw new LeaseLost(lease);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the lease of job " + lease.job(), e);
        }
    }

    /** The job completed: not due again for its {@code every}; the lease is given back. */
    public void done(Lease lease) {
        end(lease, "last_done_at = clock_timestamp(), ");
    }

    /** The job failed: the lease is given back, and the job is due at the next tick of any instance. */
    public void release(Lease lease) {
        end(lease, "");
    }

    private void end(Lease lease, String completion) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("UPDATE messaging.job_lease SET " + completion
                            + "lease_until = NULL, holder = NULL WHERE job = ? AND fence = ?")) {
                ps.setString(1, lease.job());
                ps.setLong(2, lease.fence());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot end the lease of job " + lease.job(), e);
            }
        });
    }
}
