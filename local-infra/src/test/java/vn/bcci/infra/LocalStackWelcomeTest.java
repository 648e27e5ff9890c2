package vn.bcci.infra;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the local stack prints once it is up names each part at its own address (the ports once came out shifted by one
 * line: dossier-service without a port, Kafka at "9092" followed by portal-sync's).
 */
class LocalStackWelcomeTest {
    @TempDir
    Path data;

    @Test
    void everyPartIsShownAtItsOwnAddress() {
        String welcome = new LocalStack(data, data, LocalStack.Ports.DEFAULT, 1).welcome(Duration.ofMillis(9_400));
        assertTrue(welcome.contains("local stack up in 9.4 s"), welcome);
        assertTrue(welcome.matches("(?s).*dossier-service +http://127\\.0\\.0\\.1:8081/q/swagger-ui.*"), welcome);
        assertTrue(welcome.matches("(?s).*postal-tracking-service +http://127\\.0\\.0\\.1:8082/q/swagger-ui.*"),
                welcome);
        assertTrue(welcome.matches("(?s).*portal-sync-service +http://127\\.0\\.0\\.1:8083/q/swagger-ui.*"), welcome);
        assertTrue(welcome.matches("(?s).*Kafka 127\\.0\\.0\\.1:9092 +PostgreSQL 127\\.0\\.0\\.1:15432.*"), welcome);
    }

    @Test
    void aSecuredBrokerSaysWhereItsUsersAre() {
        String welcome = new LocalStack(data, data, LocalStack.Ports.DEFAULT, 1).secureKafka()
                .welcome(Duration.ofSeconds(10));
        assertTrue(welcome.contains("Kafka 127.0.0.1:9092 (SCRAM, users in " + data.resolve("kafka-users") + ")"),
                welcome);
    }
}
