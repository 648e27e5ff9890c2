package vn.bcci.infra.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import vn.bcci.infra.SharedInfra;

/** Points a {@code @QuarkusTest}'s portal client at the shared portal simulator. */
public class PortalSimulatorResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of("portal.base-url", SharedInfra.portal().baseUrl());
    }

    @Override
    public void stop() {
        // shared for the whole test JVM
    }
}
