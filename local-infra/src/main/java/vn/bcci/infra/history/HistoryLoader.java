package vn.bcci.infra.history;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import vn.bcci.contracts.calendar.WorkingCalendar;

/**
 * A national year of history (issue 25): writes {@code dossiers} finished dossiers spread over the {@code months}
 * before the current month into the three services' databases, with set-based SQL, as the services would have left
 * them after a year of service: each dossier's timeline, both postal legs with their tracking events, the portal view
 * with its progress entries, the operators' feed, the report facts, and one inbox row per event each consumer took.
 * The databases must have been migrated (a stack started once). Deterministic: dossier {@code i} is the same in every
 * run, so figures compare. Codes carry the loaded marker {@code -H} in no place a live dossier can (their numbers are
 * seven digits from 1,000,000 up), tracking numbers the prefixes {@code EH} (inbound) and {@code EO} (outbound).
 *
 * <p>
 * Usage: {@code java -cp bench/target/bench.jar vn.bcci.infra.history.HistoryLoader [--dossiers 100000] [--months 12]
 * [--postgres 127.0.0.1:15432]} against a running local stack ({@code ./run-local.sh}), or from SystemBench with
 * {@code --history N}.
 */
public final class HistoryLoader {
    /** Dossiers per chunk: each chunk is one transaction per database. */
    static final int CHUNK = 50_000;
    /** The agencies: the two demo ones first (their tokens read what is loaded), then one per province. */
    static final int AGENCIES = 63;
    static final String[] DATABASES = {"dossier", "postal", "portalsync"};

    private final String server;
    private final Consumer<String> progress;

    /** {@code server}: {@code host:port} of the PostgreSQL holding the databases dossier, postal and portalsync. */
    public HistoryLoader(String server, Consumer<String> progress) {
        this.server = server;
        this.progress = progress;
    }

    /** The agency of dossier {@code k} of {@link #AGENCIES}: {@code 000.00.01.H22}, {@code 000.00.00.G12} and
     * {@code 000.00.00.G09} (ministries), then provinces. */
    public static String agency(int k) {
        return switch (k) {
            case 0 -> "000.00.01.H22";
            case 1 -> "000.00.00.G12";
            case 2 -> "000.00.00.G09";
            default -> "000.00.%02d.H%02d".formatted(10 + k, k);
        };
    }

    /** The first instant of the history: {@code months} before the start of the current month (Vietnam time). */
    public static Instant from(int months, Instant now) {
        LocalDate first = now.atOffset(ZoneOffset.ofHours(7)).toLocalDate().withDayOfMonth(1);
        return first.minusMonths(months).atStartOfDay().toInstant(ZoneOffset.ofHours(7));
    }

    /** Loads the history; the rows written per table. */
    public Map<String, Long> load(int dossiers, int months) throws SQLException {
        Instant now = Instant.now();
        Instant from = from(months, now);
        long span = Duration.between(from, from(0, now)).getSeconds();
        Map<String, Long> rows = new LinkedHashMap<>();
        long started = System.nanoTime();
        try (Connection dossier = connect("dossier");
                Connection postal = connect("postal");
                Connection portal = connect("portalsync")) {
            for (int lo = 1; lo <= dossiers; lo += CHUNK) {
                int hi = Math.min(dossiers, lo + CHUNK - 1);
                String facts = facts(lo, hi, dossiers, from, span);
                chunk(dossier, facts, HistorySql.DOSSIER, rows);
                chunk(postal, facts, HistorySql.POSTAL, rows);
                chunk(portal, facts, HistorySql.PORTAL_SYNC, rows);
                progress.accept("history: %,d of %,d dossiers written (%.0f s)".formatted(hi, dossiers,
                        (System.nanoTime() - started) / 1e9));
            }
            for (Connection c : new Connection[]{dossier, postal, portal}) {
                try (Statement st = c.createStatement()) {
                    st.execute("VACUUM ANALYZE");
                }
            }
        }
        progress.accept("history: %,d dossiers over %d months in %.0f s: %s".formatted(dossiers, months,
                (System.nanoTime() - started) / 1e9, rows));
        return rows;
    }

    /** Each table's size with its indexes and TOAST ({@code pg_total_relation_size}), as database.table, bytes. */
    public Map<String, Long> sizes() throws SQLException {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String database : DATABASES) {
            try (Connection c = connect(database);
                    Statement st = c.createStatement();
                    java.sql.ResultSet rs = st.executeQuery("SELECT n.nspname || '.' || c.relname, "
                            + "pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = "
                            + "c.relnamespace WHERE c.relkind = 'r' AND n.nspname IN ('public', 'messaging') "
                            + "ORDER BY 2 DESC")) {
                while (rs.next()) {
                    sizes.put(database + "." + rs.getString(1).replace("public.", ""), rs.getLong(2));
                }
            }
        }
        return sizes;
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + server + "/" + database, "postgres", "postgres");
    }

    /**
     * The days of the last three years and the next that the working calendar (event-contracts' shipped holidays)
     * treats unlike a plain week: weekdays off and working weekend days, as a PostgreSQL date array.
     */
    static String calendarExceptions() {
        WorkingCalendar calendar;
        try (java.io.InputStream csv = WorkingCalendar.class.getResourceAsStream(WorkingCalendar.SHIPPED_HOLIDAYS)) {
            calendar = WorkingCalendar.fromCsv(csv);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        LocalDate today = LocalDate.now(WorkingCalendar.VIETNAM);
        StringBuilder days = new StringBuilder();
        for (LocalDate d = today.minusYears(3); d.isBefore(today.plusYears(1)); d = d.plusDays(1)) {
            boolean weekday = d.getDayOfWeek().getValue() < 6;
            if (calendar.isWorkingDay(d) != weekday) {
                days.append(days.length() == 0 ? "" : ",").append(d);
            }
        }
        return "{" + days + "}";
    }

    /** The facts of dossiers {@code lo..hi}, the same in every database. */
    static String facts(int lo, int hi, int total, Instant from, long span) {
        return HistorySql.FACTS.formatted(lo, hi, "'" + from + "'", span, total, AGENCIES);
    }

    private static void chunk(Connection c, String facts, String[][] statements, Map<String, Long> rows)
            throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            // as a replica applies rows: no trigger (the report's aggregates are written by a statement of the
            // chunk instead of a trigger per row) and no foreign-key check (the rows are consistent by construction)
            st.execute("SET session_replication_role = replica");
            st.execute(HistorySql.S10);
            st.execute(HistorySql.WORKING_SECONDS.formatted(calendarExceptions()));
            st.execute("DROP TABLE IF EXISTS h");
            st.execute("CREATE TEMP TABLE h AS " + facts);
            if (statements == HistorySql.PORTAL_SYNC) {
                // the feed's numbers are given by one sequencer at a time (FeedStore's advisory lock): the loader's
                // entries take theirs while it waits, so that a running portal-sync never gives one twice
                st.execute("SELECT pg_advisory_xact_lock(hashtext('feed-sequencer'))");
            }
            for (String[] s : statements) {
                rows.merge(s[0], (long) st.executeUpdate(s[1]), Long::sum);
            }
            st.execute("DROP TABLE h");
            st.execute("SET session_replication_role = DEFAULT");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new HistoryLoader(options.getOrDefault("postgres", "127.0.0.1:15432"), System.out::println).load(
                Integer.parseInt(options.getOrDefault("dossiers", "100000")),
                Integer.parseInt(options.getOrDefault("months", "12")));
    }
}
