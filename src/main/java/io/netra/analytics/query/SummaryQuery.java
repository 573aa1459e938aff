package io.netra.analytics.query;

import java.time.Instant;
import java.util.List;

import io.netra.analytics.summary.Selection;
import io.netra.analytics.summary.Summaries;
import io.netra.analytics.summary.SummarySeries;
import io.smallrye.mutiny.Uni;

/**
 * Per-bucket figures of one metric, by its type, over the rows its tag filters match, whole or grouped by one or
 * two tag keys. The cache key holds every part of the question, normalised, so the same question asked with its
 * parameters in another order is the same cached answer and the same stale fallback.
 */
public record SummaryQuery(Selection selection) implements AnalyticsQuery {

    public SummaryQuery {
        AnalyticsQuery.requireUser(selection.userId());
    }

    @Override
    public String userId() {
        return selection.userId();
    }

    @Override
    public String cacheKey() {
        String key = "summary?metric=" + selection.metric() + "&" + selection.range().key() + "&interval=" + selection.interval().label();
        String filter = selection.filter().cacheKey();
        String grouping = selection.grouping().cacheKey();
        return key + (filter.isEmpty() ? "" : "&" + filter) + (grouping.isEmpty() ? "" : "&" + grouping);
    }

    @Override
    public Uni<SummaryAnswer> answer(QuerySources sources, Instant computedAt) {
        return sources.kinds().of(userId(), selection.metric(), sources.clickhouse()).chain(kind -> Summaries.of(kind, selection,
                sources.clickhouse(), sources.clickhouseWithDecimals(), sources.maxHistogramPoints()).map(series -> {
                    boolean grouped = selection.grouping().isGrouped();
                    List<SummarySeries> whole = grouped ? List.of() : series;
                    return new SummaryAnswer(Answer.CLICKHOUSE, false, computedAt, userId(), selection.metric().value(), kind.type(), kind.unit(),
                            Instant.ofEpochMilli(selection.range().fromMillis()), Instant.ofEpochMilli(selection.range().toMillis()),
                            selection.interval().label(), selection.grouping().keys(),
                            whole.isEmpty() ? List.of() : whole.get(0).buckets(), grouped ? series : List.of());
                }));
    }
}
