package io.netra.analytics.query;

import java.time.Instant;

/**
 * What every analytics answer says besides its data: where it came from ({@code clickhouse} or {@code cache}),
 * whether it is stale (served because ClickHouse could not answer, or is switched off), when ClickHouse computed
 * it, and whose data it is.
 */
public sealed interface Answer permits SummaryAnswer, MetricNamesAnswer, EventsPage {

    String CLICKHOUSE = "clickhouse";
    String CACHE = "cache";

    String source();

    boolean stale();

    Instant computedAt();

    String userId();

    /** The same answer as served from somewhere else. */
    Answer servedFrom(String source, boolean stale);
}
