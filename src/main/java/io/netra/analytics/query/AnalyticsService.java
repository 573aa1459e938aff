package io.netra.analytics.query;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.netra.analytics.cache.QueryCache;
import io.smallrye.mutiny.Uni;

/** Cache-aside: a fresh cached answer is served as is; otherwise ClickHouse answers (with its fallback). */
@ApplicationScoped
public class AnalyticsService {

    private final QueryCache cache;
    private final ClickHouseAnalytics clickhouse;
    private final MeterRegistry registry;

    public AnalyticsService(QueryCache cache, ClickHouseAnalytics clickhouse, MeterRegistry registry) {
        this.cache = cache;
        this.clickhouse = clickhouse;
        this.registry = registry;
    }

    public Uni<AnalyticsAnswer> answer(AnalyticsQuery query) {
        return cache.get(query)
                .onFailure().recoverWithItem(Optional.empty())
                .chain(cached -> cached.filter(cache::isFresh)
                        .map(fresh -> Uni.createFrom().item(new AnalyticsAnswer(fresh.data(), AnalyticsAnswer.CACHE, false, fresh.computedAt())))
                        .orElseGet(() -> clickhouse.answer(query)))
                .invoke(answer -> count(answer.stale() ? "stale" : answer.source()))
                .onFailure().invoke(failure -> count("unavailable"));
    }

    private void count(String outcome) {
        registry.counter("netra.query.answers", "outcome", outcome).increment();
    }
}
