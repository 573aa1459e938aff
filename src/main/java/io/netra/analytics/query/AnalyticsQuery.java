package io.netra.analytics.query;

import java.time.Instant;

import io.smallrye.mutiny.Uni;

/**
 * One question about one user's data. The user id is part of the query value itself, so everything that answers
 * it, the ClickHouse call, the cache and the fallback alike, holds the identity of the request that asked.
 */
public sealed interface AnalyticsQuery permits SummaryQuery, MetricNamesQuery, RecentEventsQuery {

    /** Never blank: the constructors refuse it. */
    String userId();

    /**
     * The normalised question without the user. A range that ends "now" is keyed as such ({@code last=86400000}),
     * not by its moving end, so repeated questions share one cached answer and its stale fallback.
     */
    String cacheKey();

    /**
     * This query's answer, computed at {@code computedAt}, from what it asks ClickHouse through {@code sources}; its
     * SQL is built from validated values through SqlLiterals only.
     */
    Uni<? extends Answer> answer(QuerySources sources, Instant computedAt);

    static String requireUser(String userId) {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("an analytics query needs the user id of the request");
        }
        return userId;
    }
}
