package vn.bcci.dossier.overload;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import vn.bcci.infra.testing.ServiceInfraResource;
import vn.bcci.infra.testing.Tokens;

/**
 * The cap on a request's time is a REST request's only: a scheduled job that runs after (and between) REST requests on
 * the same worker threads takes its connections with no statement timeout. At national volume the report's rollup and
 * the postal-gap check were cancelled every round once a REST request's deadline reached them.
 */
@QuarkusTest
@WithTestResource(value = ServiceInfraResource.class)
class JobsUnlimitedTest {
    /** What a job saw: PostgreSQL's {@code statement_timeout} of the connection it took. */
    static final List<String> SEEN = new CopyOnWriteArrayList<>();
    /** The probe looks only while this test runs (the application, and so the job, serves the module's other tests). */
    static volatile boolean looking;

    /** A job as the services' jobs are: scheduled, on the worker threads REST requests use too. */
    @ApplicationScoped
    static class Probe {
        @Inject
        AgroalDataSource dataSource;

        @Scheduled(every = "0.2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
        void probe() throws Exception {
            if (!looking) {
                return;
            }
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
                rs.next();
                SEEN.add(rs.getString(1));
            }
        }
    }

    @Test
    void aJobAfterRequestsHasNoStatementTimeout() {
        looking = true;
        try {
            requestsThenJobs();
        } finally {
            looking = false;
        }
        assertEquals(List.of("0"), SEEN.stream().distinct().toList(), "every job's connection: " + SEEN);
    }

    private void requestsThenJobs() {
        for (int i = 0; i < 60; i++) {
            given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/dossiers?limit=5").then()
                    .statusCode(200);
        }
        int from = SEEN.size();
        await().atMost(Duration.ofSeconds(20)).until(() -> SEEN.size() >= from + 10);
        for (int i = 0; i < 60; i++) {
            given().header("Authorization", Tokens.bearer("operator")).get("/api/v1/dossiers?limit=5").then()
                    .statusCode(200);
        }
        int again = SEEN.size();
        await().atMost(Duration.ofSeconds(20)).until(() -> SEEN.size() >= again + 10);
    }
}
