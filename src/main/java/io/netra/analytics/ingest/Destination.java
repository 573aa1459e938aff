package io.netra.analytics.ingest;

/** Where an accepted event was durably stored before the 202 went out. */
public enum Destination {
    CLICKHOUSE, QUEUED, DEAD_LETTER
}
