package io.netra.analytics.ingest;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "netra.ingest")
public interface IngestConfig {

    /** More events in one request: 413. */
    @WithDefault("1000")
    int maxEventsPerRequest();

    /** A larger body: 413. */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** Events further in the future than this are rejected (clock skew allowance). */
    @WithDefault("5m")
    Duration maxFutureSkew();

    /** Events older than this are rejected. */
    @WithDefault("30d")
    Duration maxAge();

    @WithDefault("32")
    int maxTags();

    @WithDefault("256")
    int maxTagValueLength();

    /** A batch is written once it holds this many events... */
    @WithDefault("500")
    int batchSize();

    /** ...or once its first event has waited this long. */
    @WithDefault("20ms")
    Duration linger();

    /** Events waiting for a batch beyond this: 503, so memory stays bounded when both stores are slow. */
    @WithDefault("50000")
    int maxBufferedEvents();

    /** Retry-After sent with a 503 when events could not be stored anywhere. */
    @WithDefault("10s")
    Duration retryAfter();
}
