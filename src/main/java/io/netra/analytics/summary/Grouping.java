package io.netra.analytics.summary;

import java.util.List;

/**
 * {@code groupBy}: one series per value of one tag key, or per pair of values of two, for the {@code limit} groups
 * with the most points; the rest are summed into one series flagged {@code other}, so an answer stays bounded
 * whatever the cardinality. No keys: one series, the whole metric.
 */
public record Grouping(List<String> keys, int limit) {

    public static final Grouping NONE = new Grouping(List.of(), 0);

    public Grouping {
        keys = List.copyOf(keys);
    }

    public boolean isGrouped() {
        return !keys.isEmpty();
    }

    public String cacheKey() {
        return isGrouped() ? "groupBy=" + String.join(",", keys) + "&limit=" + limit : "";
    }
}
