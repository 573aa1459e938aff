package io.netra.analytics.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives every Quarkus test real servers, injected into fields marked {@link InjectServers}. Init arg
 * {@code clickhouse=stopped} starts without ClickHouse, for tests of a service that boots while ClickHouse is down.
 */
public class LocalServersResource implements QuarkusTestResourceLifecycleManager {

    private LocalServers servers;
    private boolean withClickHouse = true;

    @Override
    public void init(Map<String, String> initArgs) {
        withClickHouse = !"stopped".equals(initArgs.get("clickhouse"));
    }

    @Override
    public Map<String, String> start() {
        servers = LocalServers.start(withClickHouse);
        return servers.serviceConfig();
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(servers, new TestInjector.AnnotatedAndMatchesType(InjectServers.class, LocalServers.class));
    }

    @Override
    public void stop() {
        if (servers != null) {
            servers.close();
        }
    }
}
