package io.netra.analytics.cache;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "netra.cache")
public interface CacheConfig {

    /** An answer younger than this is served without asking ClickHouse. */
    @WithDefault("10s")
    Duration freshTtl();

    /** How long an answer is kept for the fallback when ClickHouse fails. */
    @WithDefault("6h")
    Duration staleTtl();

    @WithDefault("netra:cache:")
    String keyPrefix();
}
