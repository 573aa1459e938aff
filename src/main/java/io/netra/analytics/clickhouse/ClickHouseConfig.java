package io.netra.analytics.clickhouse;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "netra.clickhouse")
public interface ClickHouseConfig {

    /** HTTP endpoint, e.g. http://clickhouse:8123. */
    String url();

    @WithDefault("default")
    String username();

    Optional<String> password();

    /** TCP connect timeout. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** Longest wait for a pooled connection before a call fails fast. */
    @WithDefault("2s")
    Duration connectionRequestTimeout();

    /** Longest silence on a socket; bounds how long a hung server can hold a connection and a thread. */
    @WithDefault("15s")
    Duration socketTimeout();

    /** Connections in the pool; also the number of threads that run ClickHouse calls. */
    @WithDefault("16")
    int maxConnections();
}
