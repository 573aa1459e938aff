package io.netra.analytics.query;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "netra.query")
public interface QueryConfig {

    /** Widest from..to a query may ask for. */
    @WithDefault("31d")
    Duration maxRange();

    /** Most buckets a summary may return (range / interval). */
    @WithDefault("1500")
    int maxBuckets();

    /** Range used when from/to are absent. */
    @WithDefault("24h")
    Duration defaultRange();

    @WithDefault("100")
    int defaultEventLimit();

    @WithDefault("1000")
    int maxEventLimit();

    /** Retry-After sent with a 503 when neither ClickHouse nor a cached answer is available. */
    @WithDefault("30s")
    Duration retryAfter();
}
