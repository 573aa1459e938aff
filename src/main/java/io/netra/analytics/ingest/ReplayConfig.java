package io.netra.analytics.ingest;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "netra.replay")
public interface ReplayConfig {

    /** How often the replayer looks at the outage queue (also a Quarkus scheduler expression). */
    @WithDefault("1s")
    String interval();

    /** Events per insert right after ClickHouse comes back; doubled after each success up to {@link #maxBatch()}. */
    @WithDefault("100")
    int minBatch();

    @WithDefault("5000")
    int maxBatch();

    /** Entries a replica took but has not acknowledged for this long are taken over by another replica. */
    @WithDefault("60s")
    Duration claimIdle();
}
