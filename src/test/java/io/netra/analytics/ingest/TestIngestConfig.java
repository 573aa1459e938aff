package io.netra.analytics.ingest;

import java.time.Duration;

/** Ingest limits for unit tests, matching the documented defaults except where a test needs otherwise. */
record TestIngestConfig(int batchSize, int maxBufferedEvents) implements IngestConfig {

    TestIngestConfig() {
        this(500, 50_000);
    }

    @Override
    public int maxEventsPerRequest() {
        return 3;
    }

    @Override
    public int maxBodyBytes() {
        return 1 << 20;
    }

    @Override
    public Duration maxFutureSkew() {
        return Duration.ofMinutes(5);
    }

    @Override
    public Duration maxAge() {
        return Duration.ofDays(30);
    }

    @Override
    public int maxTags() {
        return 2;
    }

    @Override
    public int maxTagValueLength() {
        return 8;
    }

    @Override
    public Duration linger() {
        return Duration.ofMillis(20);
    }

    @Override
    public Duration retryAfter() {
        return Duration.ofSeconds(10);
    }
}
