package io.netra.analytics.query;

import io.smallrye.mutiny.Uni;

/** Where a question goes when no fresh cached answer exists: ClickHouse behind its breaker and fallback. */
public interface AnswerSource {

    Uni<ServedAnswer> answer(AnalyticsQuery query);
}
