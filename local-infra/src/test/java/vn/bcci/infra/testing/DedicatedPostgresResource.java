package vn.bcci.infra.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import vn.bcci.infra.Deletes;
import vn.bcci.infra.FreePort;
import vn.bcci.infra.Postgres;

/**
 * A PostgreSQL of the test class's own (the shared broker and token issuer otherwise), so that the test can stop the
 * database under a running service and start it again, on the same port with the same data, without disturbing
 * others: {@code @WithTestResource(DedicatedPostgresResource.class)}, then {@link #stopDatabase()} and
 * {@link #restartDatabase()}.
 */
public class DedicatedPostgresResource implements QuarkusTestResourceLifecycleManager {
    private static final String DATABASE = "service";
    private static Postgres postgres;
    private static int port;
    private static Path dir;
    private final ServiceInfraResource shared = new ServiceInfraResource();

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("dedicated-postgres");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        port = FreePort.next();
        postgres = Postgres.start(port, dir);
        postgres.ensureDatabase(DATABASE);
        Map<String, String> config = new HashMap<>(shared.start());
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(DATABASE));
        return config;
    }

    /** Stops the database (a crash as far as the service can tell). */
    public static synchronized void stopDatabase() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /** Starts it again on the same port with the same data. */
    public static synchronized void restartDatabase() {
        if (postgres == null) {
            postgres = Postgres.start(port, dir);
        }
    }

    @Override
    public void stop() {
        stopDatabase();
        if (dir != null) {
            Deletes.recursively(dir);
        }
    }
}
