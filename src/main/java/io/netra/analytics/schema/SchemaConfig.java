package io.netra.analytics.schema;

import java.time.Duration;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "netra.schema")
public interface SchemaConfig {

    /** Days to keep events; applied as a table TTL on servers that support TTL (19.6+). Unset: keep forever. */
    OptionalInt retentionDays();

    /** First wait before retrying a failed migration at startup; doubles up to {@link #retryMaxBackoff()}. */
    @WithDefault("1s")
    Duration retryInitialBackoff();

    @WithDefault("30s")
    Duration retryMaxBackoff();
}
