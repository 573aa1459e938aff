package io.netra.analytics.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "netra.outage-queue")
public interface OutageQueueConfig {

    /** Redis stream holding events that ClickHouse could not take. */
    @WithDefault("netra:outage-queue")
    String streamKey();

    /** Events the queue may hold; beyond it ingestion answers 503 rather than dropping anything. */
    @WithDefault("1000000")
    long maxEvents();

    @WithDefault("netra:dead-letters")
    String deadLetterKey();

    /** Consumer group shared by every replica's replayer. */
    @WithDefault("replayers")
    String consumerGroup();
}
