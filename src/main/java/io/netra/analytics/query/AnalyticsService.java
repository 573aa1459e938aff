package io.netra.analytics.query;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netra.analytics.cache.QueryCache;
import io.netra.analytics.resilience.ModeSwitch;
import io.smallrye.mutiny.Uni;

/**
 * Cache-aside: a fresh cached answer is served as is; otherwise ClickHouse answers (with its fallback). With
 * ClickHouse switched off, every answer comes from the cache, flagged stale.
 */
@ApplicationScoped
public class AnalyticsService {

    private final QueryCache cache;
    private final ClickHouseAnalytics clickhouse;
    private final MeterRegistry registry;
    private final ModeSwitch mode;

    public AnalyticsService(QueryCache cache, ClickHouseAnalytics clickhouse, MeterRegistry registry, ModeSwitch mode) {
        this.cache = cache;
        this.clickhouse = clickhouse;
        this.registry = registry;
        this.mode = mode;
        // registered up front so dashboards see zeros rather than gaps
        List.of(AnalyticsAnswer.CLICKHOUSE, AnalyticsAnswer.CACHE, "stale", "unavailable").forEach(this::counter);
    }

    public Uni<AnalyticsAnswer> answer(AnalyticsQuery query) {
        Uni<AnalyticsAnswer> answer = mode.clickHouseEnabled() ? cacheAside(query) : clickhouse.staleAnswer(query);
        return answer
                .invoke(served -> count(served.stale() ? "stale" : served.source()))
                .onFailure().invoke(failure -> count("unavailable"));
    }

    private Uni<AnalyticsAnswer> cacheAside(AnalyticsQuery query) {
        return cache.get(query)
                .onFailure().recoverWithItem(Optional.empty())
                .chain(cached -> cached.filter(cache::isFresh)
                        .map(fresh -> Uni.createFrom().item(new AnalyticsAnswer(fresh.data(), AnalyticsAnswer.CACHE, false, fresh.computedAt())))
                        .orElseGet(() -> clickhouse.answer(query)));
    }

    private void count(String outcome) {
        counter(outcome).increment();
    }

    private Counter counter(String outcome) {
        return Counter.builder("netra.query.answers").tag("outcome", outcome)
                .description("Analytics answers by where they came from").register(registry);
    }
}
