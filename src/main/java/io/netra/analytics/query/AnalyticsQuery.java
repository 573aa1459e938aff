package io.netra.analytics.query;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One question about one user's data. The user id is part of the query value itself, so everything that answers
 * it, the ClickHouse call, the cache and the fallback alike, holds the identity of the request that asked.
 */
public sealed interface AnalyticsQuery permits SummaryQuery, MetricNamesQuery, RecentEventsQuery {

    /** Never blank: the constructors refuse it. */
    String userId();

    /** The normalised query without the user, e.g. {@code summary?metric=cpu&from=..&to=..&interval=1m}. */
    String normalized();

    /** The SQL, built from validated values through SqlLiterals only. */
    String sql();

    /** Shapes ClickHouse rows into the response's data. */
    JsonNode shape(List<JsonNode> rows, ObjectMapper json);

    static String requireUser(String userId) {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("an analytics query needs the user id of the request");
        }
        return userId;
    }
}
