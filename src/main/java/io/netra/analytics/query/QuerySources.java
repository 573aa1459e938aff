package io.netra.analytics.query;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.netra.analytics.summary.MetricKinds;
import io.smallrye.mutiny.Uni;

/**
 * What a query asks to make its answer: ClickHouse (SQL in, rows out; {@code clickhouseWithDecimals} reads fractions as
 * decimals, for rows passed on unchanged) and what is known of the metrics' types.
 */
public record QuerySources(Function<String, Uni<List<JsonNode>>> clickhouse, Function<String, Uni<List<JsonNode>>> clickhouseWithDecimals,
        MetricKinds kinds, int maxHistogramPoints) {
}
