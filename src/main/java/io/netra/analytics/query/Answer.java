package io.netra.analytics.query;

import java.time.Instant;

/**
 * What every analytics answer says besides its data: where it came from ({@code clickhouse} or {@code cache}),
 * whether it is stale (served because ClickHouse could not answer in time, or is switched off), when ClickHouse
 * computed it, and whose data it is. Each answer record declares these four first, in this order, so the JSON of a
 * cached answer can be re-stamped as served from the cache without parsing it ({@link AnswerJson}).
 */
public sealed interface Answer permits SummaryAnswer, MetricNamesAnswer, EventsPage {

    String CLICKHOUSE = "clickhouse";
    String CACHE = "cache";

    String source();

    boolean stale();

    Instant computedAt();

    String userId();
}
