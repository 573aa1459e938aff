package io.netra.analytics.query;

import java.time.Duration;

/** The documented query defaults, for unit tests. */
class TestQueryConfig implements QueryConfig {
    public Duration maxRange() { return Duration.ofDays(31); }
    public int maxBuckets() { return 1500; }
    public Duration defaultRange() { return Duration.ofHours(24); }
    public int defaultEventLimit() { return 100; }
    public int maxEventLimit() { return 1000; }
    public Duration retryAfter() { return Duration.ofSeconds(30); }
}
