package io.netra.analytics.query;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.mode.ModeSwitch;
import io.smallrye.mutiny.Uni;

/**
 * Cache-aside with a latency budget. A fresh cached answer is served as is. Otherwise ClickHouse is asked, once
 * for all concurrent askers of the same question; if a cached answer exists and ClickHouse has not answered within
 * {@code netra.query.latency-budget}, the cached answer is served, flagged stale, while ClickHouse finishes in the
 * background and refreshes the cache. With ClickHouse switched off, every answer comes from the cache, stale.
 */
@ApplicationScoped
public class AnalyticsService {

    private final CachedAnswers cached;
    private final ClickHouseAnalytics clickhouse;
    private final MeterRegistry registry;
    private final ModeSwitch mode;
    private final NetraConfig.Query config;
    private final SharedCalls<Answer> calls = new SharedCalls<>();

    public AnalyticsService(CachedAnswers cached, ClickHouseAnalytics clickhouse, MeterRegistry registry, ModeSwitch mode,
            NetraConfig config) {
        this.cached = cached;
        this.clickhouse = clickhouse;
        this.registry = registry;
        this.mode = mode;
        this.config = config.query();
        // registered up front so dashboards see zeros rather than gaps
        List.of(Answer.CLICKHOUSE, Answer.CACHE, "stale", "unavailable").forEach(this::counter);
        Gauge.builder("netra.query.clickhouse.calls", calls, SharedCalls::running)
                .description("ClickHouse queries running for analytics answers; concurrent askers of one question share one").register(registry);
    }

    public <A extends Answer> Uni<A> answer(AnalyticsQuery<A> query) {
        Uni<A> answer = mode.clickHouseEnabled() ? cacheAside(query) : cached.stale(query);
        return answer
                .invoke(served -> count(served.stale() ? "stale" : served.source()))
                .onFailure().invoke(failure -> count("unavailable"));
    }

    private <A extends Answer> Uni<A> cacheAside(AnalyticsQuery<A> query) {
        return cached.lookup(query).chain(entry -> {
            if (entry.isPresent() && cached.isFresh(entry.get())) {
                return Uni.createFrom().item(CachedAnswers.served(query, entry.get(), false));
            }
            Uni<A> fromClickHouse = Uni.createFrom().completionStage(() -> calls.share(query.userId() + "\n" + query.cacheKey(),
                    () -> clickhouse.answer(query))).map(query.answerType()::cast);
            return entry.isEmpty() ? fromClickHouse
                    : fromClickHouse.ifNoItem().after(config.latencyBudget()).recoverWithItem(() -> CachedAnswers.served(query, entry.get(), true));
        });
    }

    private void count(String outcome) {
        counter(outcome).increment();
    }

    private Counter counter(String outcome) {
        return Counter.builder("netra.query.answers").tag("outcome", outcome)
                .description("Analytics answers by where they came from").register(registry);
    }
}
