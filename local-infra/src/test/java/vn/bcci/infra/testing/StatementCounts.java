package vn.bcci.infra.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import vn.bcci.infra.Postgres;

/**
 * The SQL statements a test's database ran, from PostgreSQL's {@code pg_stat_statements} (the shared test server
 * preloads it): a test resets the counts of its database, does an operation n times, and holds the statements it cost
 * to a number, so that a change that adds a round trip to a hot path fails a test instead of only a benchmark.
 */
public final class StatementCounts {
    /**
     * Pages one read may touch per call at volume: a page of 50 rows scattered over the heap, plus the index's path to
     * them. A scan of a table of history touches thousands.
     */
    public static final double PAGES_PER_READ = 150;

    private final String serverUrl;
    private final String database;

    private StatementCounts(String serverUrl, String database) {
        this.serverUrl = serverUrl;
        this.database = database;
    }

    /** The counts of the database of {@code jdbcUrl} (a {@code jdbc:postgresql://host:port/database} URL). */
    public static StatementCounts of(String jdbcUrl) {
        int slash = jdbcUrl.lastIndexOf('/');
        String database = jdbcUrl.substring(slash + 1).replaceAll("\\?.*", "");
        return new StatementCounts(jdbcUrl.substring(0, slash) + "/postgres", database);
    }

    /** The counts of the service's own database ({@code quarkus.datasource.jdbc.url}), from a {@code @QuarkusTest}. */
    public static StatementCounts ofService() {
        return of(ServiceDatabase.url());
    }

    /** {@code VACUUM ANALYZE} of the service's own database, from a {@code @QuarkusTest}. */
    public static void vacuumService() {
        vacuum(ServiceDatabase.url());
    }

    /** Forgets what the database ran so far. */
    public void reset() {
        try (Connection c = connect(); var st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_stat_statements_reset(0, "
                    + "(SELECT oid FROM pg_database WHERE datname = ?), 0)")) {
                ps.setString(1, database);
                ps.execute();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("pg_stat_statements: " + e.getMessage(), e);
        }
    }

    /** Calls per statement since the last {@link #reset()}, by normalised text (whitespace collapsed). */
    public Map<String, Long> calls() {
        Map<String, Long> calls = new LinkedHashMap<>();
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT s.query, sum(s.calls) "
                        + "FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ? "
                        + "GROUP BY s.query ORDER BY sum(s.calls) DESC")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    calls.merge(rs.getString(1).replaceAll("\\s+", " ").trim(), rs.getLong(2), Long::sum);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("pg_stat_statements: " + e.getMessage(), e);
        }
        return calls;
    }

    /** The calls of the statements {@code which} picks (by text) since the last {@link #reset()}. */
    public long calls(Predicate<String> which) {
        return calls().entrySet().stream().filter(e -> which.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    /** What one statement cost: its calls, and the buffers (8 kB pages) it touched per call, hit or read. */
    public record Cost(String statement, long calls, double blocksPerCall) {
    }

    /**
     * The statements since the last {@link #reset()} that {@code which} picks, with the pages each touched per call:
     * a read that follows an index touches a few pages whatever the table's size, a scan of a large table thousands.
     * Measured on the real execution with the real parameters (an EXPLAIN of pg_stat_statements' normalised text
     * could not match a partial index, its literals being replaced by parameters).
     */
    public List<Cost> costs(Predicate<String> which) {
        java.util.List<Cost> costs = new java.util.ArrayList<>();
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT s.query, sum(s.calls), "
                        + "sum(s.shared_blks_hit + s.shared_blks_read)::float8 / greatest(sum(s.calls), 1) "
                        + "FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ? "
                        + "GROUP BY s.query ORDER BY 3 DESC")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String statement = rs.getString(1).replaceAll("\\s+", " ").trim();
                    if (which.test(statement)) {
                        costs.add(new Cost(statement, rs.getLong(2), rs.getDouble(3)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("pg_stat_statements: " + e.getMessage(), e);
        }
        return costs;
    }

    /**
     * The statements {@code which} picks since the last {@link #reset()}, printed with their pages per call; fails
     * unless some were counted and none touched more than {@code pagesPerCall} pages a call (a read that walks
     * history instead of an index).
     */
    public List<Cost> assertEachTouchesAtMost(double pagesPerCall, Predicate<String> which) {
        return assertEachTouchesAtMost(pagesPerCall, 5, which);
    }

    /** As {@link #assertEachTouchesAtMost(double, Predicate)}, with at least {@code statements} statements counted. */
    public List<Cost> assertEachTouchesAtMost(double pagesPerCall, int statements, Predicate<String> which) {
        List<Cost> reads = costs(which);
        reads.forEach(c -> System.out.printf("[volume] %8.1f pages/call %4d calls  %s%n", c.blocksPerCall(),
                c.calls(), c.statement().length() > 160 ? c.statement().substring(0, 160) + "…" : c.statement()));
        org.junit.jupiter.api.Assertions.assertTrue(reads.size() >= statements, "the reads were counted: " + reads);
        List<Cost> heavy = reads.stream().filter(c -> c.blocksPerCall() > pagesPerCall).toList();
        org.junit.jupiter.api.Assertions.assertTrue(heavy.isEmpty(),
                "reads that walk history instead of an index: " + heavy);
        return reads;
    }

    /** {@code VACUUM ANALYZE} of the database of {@code jdbcUrl}: as autovacuum leaves a table of history. */
    public static void vacuum(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, Postgres.USER, Postgres.PASSWORD);
                var st = c.createStatement()) {
            st.execute("VACUUM ANALYZE");
        } catch (SQLException e) {
            throw new IllegalStateException("VACUUM: " + e.getMessage(), e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(serverUrl, Postgres.USER, Postgres.PASSWORD);
    }
}
