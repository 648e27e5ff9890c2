package vn.bcci.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import vn.bcci.portalsim.PortalSimulator;
import vn.bcci.tokens.TokenIssuer;

/**
 * One real Kafka broker, one real PostgreSQL, one token issuer and one portal simulator per test JVM, started on first
 * use on free ports and stopped when the JVM exits (after the Quarkus application under test, so consumers stop
 * before the broker). Each Quarkus start gets a fresh database, so test classes do not see each other's rows.
 */
public final class SharedInfra {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static KafkaBroker kafka;
    private static Postgres postgres;
    private static TokenIssuer issuer;
    private static PortalSimulator portal;
    private static Path root;

    private SharedInfra() {
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = KafkaBroker.start(0, root().resolve("kafka"));
            kafka.createPlatformTopics();
        }
        return kafka;
    }

    public static synchronized Postgres postgres() {
        if (postgres == null) {
            postgres = Postgres.start(0, root().resolve("postgres"));
        }
        return postgres;
    }

    /** A new, empty database on the shared server. */
    public static String freshDatabase(String prefix) {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        postgres().ensureDatabase(name);
        return name;
    }

    public static synchronized TokenIssuer tokenIssuer() {
        if (issuer == null) {
            try {
                issuer = TokenIssuer.start(0, null);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return issuer;
    }

    public static synchronized PortalSimulator portal() {
        if (portal == null) {
            try {
                portal = PortalSimulator.start(0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return portal;
    }

    private static Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("bcci-test-infra");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(SharedInfra::stopAll, "shared-infra-stop"));
        }
        return root;
    }

    private static synchronized void stopAll() {
        if (portal != null) {
            portal.close();
        }
        if (issuer != null) {
            issuer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        Deletes.recursively(root);
    }
}
