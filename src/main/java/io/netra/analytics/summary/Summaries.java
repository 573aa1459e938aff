package io.netra.analytics.summary;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** What a summary answers for each type of metric: the SQL to ask, and the series made of its rows. */
public final class Summaries {

    private Summaries() {
    }

    /**
     * {@code query} runs SQL against ClickHouse, {@code queryWithDecimals} too with fractions read as decimals, for the
     * types whose buckets pass ClickHouse's values on unchanged; {@code maxPoints} bounds the points read where buckets
     * are merged here.
     */
    public static Uni<List<SummarySeries>> of(MetricKind kind, Selection selection, Function<String, Uni<List<JsonNode>>> query,
            Function<String, Uni<List<JsonNode>>> queryWithDecimals, int maxPoints) {
        return switch (kind.type()) {
            case EVENT, GAUGE -> queryWithDecimals.apply(ValueSummary.sql(selection)).map(rows -> assembled(rows, selection, ValueSummary::bucket));
            case SUM -> kind.monotonic()
                    ? query.apply(CounterSummary.sql(selection)).map(rows -> assembled(rows, selection, row -> CounterSummary.bucket(row, selection.interval())))
                    : queryWithDecimals.apply(LevelSummary.sql(selection)).map(rows -> assembled(rows, selection, LevelSummary::bucket));
            case HISTOGRAM -> query.apply(HistogramSummary.sql(selection)).map(rows -> HistogramSummary.series(rows, selection.grouping()));
            case EXPONENTIAL_HISTOGRAM -> query.apply(ExponentialHistogramSummary.sql(selection, maxPoints))
                    .map(rows -> ExponentialHistogramSummary.series(rows, selection, maxPoints));
            case SUMMARY -> query.apply(QuantileSummary.sql(selection)).map(rows -> assembled(rows, selection, QuantileSummary::bucket));
        };
    }

    private static List<SummarySeries> assembled(List<JsonNode> rows, Selection selection, Function<JsonNode, SummaryBucket> bucket) {
        return SeriesAssembly.of(rows.stream().map(row -> new SeriesAssembly.Keyed(SeriesAssembly.groupOf(row, selection.grouping()),
                bucket.apply(row))).toList(), selection.grouping());
    }
}
