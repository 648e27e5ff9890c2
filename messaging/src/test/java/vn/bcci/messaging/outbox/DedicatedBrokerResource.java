package vn.bcci.messaging.outbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import vn.bcci.infra.Deletes;
import vn.bcci.infra.KafkaBroker;
import vn.bcci.infra.testing.ServiceInfraResource;

/** A broker of this test class's own, so the test can stop and restart it without disturbing others. */
public class DedicatedBrokerResource implements QuarkusTestResourceLifecycleManager {
    static KafkaBroker broker;
    private Path dir;
    private final ServiceInfraResource shared = new ServiceInfraResource();

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("dedicated-kafka");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        broker = KafkaBroker.start(0, dir);
        Map<String, String> config = new HashMap<>(shared.start());
        config.put("kafka.bootstrap.servers", broker.bootstrapServers());
        return config;
    }

    @Override
    public void stop() {
        broker.close();
        Deletes.recursively(dir);
    }
}
