package vn.bcci.infra.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import vn.bcci.infra.Postgres;

/**
 * What a {@code @QuarkusTest}'s service holds in its own database ({@code quarkus.datasource.jdbc.url}), read over a
 * connection of the test's own, outside the service's transactions: what a test asserts is what was committed.
 */
public final class ServiceDatabase {
    private static final Pattern PARAMETER = Pattern.compile("\\?(\\d+)");

    private ServiceDatabase() {
    }

    /**
     * The number {@code sql} selects (a count, a maximum), with {@code params} bound to its {@code ?1}, {@code ?2}…
     * (as in JPA's native queries); 0 for a NULL.
     */
    public static long number(String sql, Object... params) {
        List<Object> bound = new ArrayList<>();
        Matcher m = PARAMETER.matcher(sql);
        StringBuilder jdbc = new StringBuilder();
        while (m.find()) {
            bound.add(params[Integer.parseInt(m.group(1)) - 1]);
            m.appendReplacement(jdbc, "?");
        }
        m.appendTail(jdbc);
        try (Connection c = DriverManager.getConnection(url(), Postgres.USER, Postgres.PASSWORD);
                PreparedStatement ps = c.prepareStatement(jdbc.toString())) {
            for (int i = 0; i < bound.size(); i++) {
                Object p = bound.get(i);
                ps.setObject(i + 1, p instanceof java.time.Instant at ? java.sql.Timestamp.from(at) : p);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The JDBC URL of the service's own database ({@code quarkus.datasource.jdbc.url}), from a {@code @QuarkusTest}. */
    public static String url() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url",
                String.class);
    }
}
