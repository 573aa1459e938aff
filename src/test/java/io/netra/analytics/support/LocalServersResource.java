package io.netra.analytics.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives every Quarkus test real servers. Init arg {@code clickhouse=stopped} starts without ClickHouse, for tests
 * of a service that boots while ClickHouse is down. {@link #servers()} lets a test break and mend them.
 */
public class LocalServersResource implements QuarkusTestResourceLifecycleManager {

    private static volatile LocalServers current;
    private boolean withClickHouse = true;

    public static LocalServers servers() {
        return current;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        withClickHouse = !"stopped".equals(initArgs.get("clickhouse"));
    }

    @Override
    public Map<String, String> start() {
        current = LocalServers.start(withClickHouse);
        return Map.of(
                "netra.clickhouse.url", current.clickHouseUrl(),
                "netra.clickhouse.username", LocalServers.CLICKHOUSE_USER,
                "netra.clickhouse.password", LocalServers.CLICKHOUSE_PASSWORD,
                "quarkus.redis.hosts", current.redisUrl(),
                // for @QuarkusIntegrationTest, which runs the packaged app with the prod profile
                "mp.jwt.verify.publickey.location", "config/dev-jwt/public-key.pem",
                "mp.jwt.verify.issuer", Tokens.ISSUER);
    }

    @Override
    public void stop() {
        LocalServers servers = current;
        if (servers != null) {
            servers.close();
        }
    }
}
