package vn.bcci.infra.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import vn.bcci.infra.Postgres;
import vn.bcci.infra.SharedInfra;
import vn.bcci.tokens.TokenIssuer;

/**
 * Wires a {@code @QuarkusTest} to a real Kafka broker, a fresh database on a real PostgreSQL and the development token
 * issuer: {@code @WithTestResource(ServiceInfraResource.class)}. Init arg {@code database} names the database prefix.
 */
public class ServiceInfraResource implements QuarkusTestResourceLifecycleManager {
    private String prefix = "test";

    @Override
    public void init(Map<String, String> initArgs) {
        prefix = initArgs.getOrDefault("database", prefix);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", SharedInfra.kafka().bootstrapServers());
        String database = SharedInfra.freshDatabase(prefix);
        config.put("quarkus.datasource.jdbc.url", SharedInfra.postgres().jdbcUrl(database));
        config.put("quarkus.datasource.username", Postgres.USER);
        config.put("quarkus.datasource.password", Postgres.PASSWORD);
        TokenIssuer issuer = SharedInfra.tokenIssuer();
        config.put("mp.jwt.verify.publickey.location", issuer.jwksUrl());
        config.put("mp.jwt.verify.issuer", issuer.issuer());
        return config;
    }

    @Override
    public void stop() {
        // shared for the whole test JVM; stopped by SharedInfra when the JVM exits
    }
}
