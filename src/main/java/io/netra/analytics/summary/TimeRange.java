package io.netra.analytics.summary;

import static io.netra.analytics.clickhouse.SqlLiterals.integer;

/**
 * A validated [from, to) in epoch milliseconds, and how it is keyed: by its instants, or, for a range that ends
 * "now", by its length or start, so the key stays the same while "now" moves.
 */
public record TimeRange(long fromMillis, long toMillis, String key) {

    private static final long HOUR_MILLIS = 3_600_000;

    /**
     * The SQL condition that an event lies in this range: on the second-granular {@code event_time}, so ClickHouse
     * prunes partitions and granules, and on the millisecond instant, so the bounds are exact.
     */
    public String sqlCondition() {
        return "event_time >= toDateTime(" + integer(fromMillis / 1000) + ")"
                + " AND event_time <= toDateTime(" + integer(toMillis / 1000) + ")"
                + " AND event_time_ms >= " + integer(fromMillis) + " AND event_time_ms < " + integer(toMillis);
    }

    /**
     * The SQL condition that a series row describes points of this range: its {@code event_time} is the start of the
     * hour of its points, so the hours from the one {@code from} is in to the one {@code to} is in.
     */
    public String seriesCondition() {
        return "event_time >= toDateTime(" + integer(Math.floorDiv(fromMillis, HOUR_MILLIS) * (HOUR_MILLIS / 1000)) + ")"
                + " AND event_time <= toDateTime(" + integer(Math.floorDiv(toMillis, 1000)) + ")";
    }
}
