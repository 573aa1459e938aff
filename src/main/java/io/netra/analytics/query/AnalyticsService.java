package io.netra.analytics.query;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.clickhouse.ClickHouseStateView;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.mode.ClickHouseSwitch;
import io.smallrye.mutiny.Uni;

/**
 * Cache-aside with a latency budget. A fresh cached answer is served as is. Otherwise ClickHouse is asked, once
 * for all concurrent askers of the same question; if a cached answer exists and ClickHouse has not answered within
 * {@code netra.query.latency-budget}, the cached answer is served, flagged stale, while ClickHouse finishes in the
 * background and refreshes the cache; while ClickHouse is known to be failing, the cached answer is served without
 * waiting. With ClickHouse switched off, every answer comes from the cache, stale.
 */
@ApplicationScoped
public class AnalyticsService {

    private static final String STALE = "stale";
    private static final String UNAVAILABLE = "unavailable";

    private final AnswerKeeper cached;
    private final AnswerSource clickhouse;
    private final ClickHouseSwitch mode;
    private final ClickHouseStateView status;
    private final NetraConfig.Query config;
    private final SharedCalls<ServedAnswer> calls;
    private final Clock clock;
    private final Map<String, Counter> answers;

    public AnalyticsService(AnswerKeeper cached, AnswerSource clickhouse, MeterRegistry registry, ClickHouseSwitch mode,
            ClickHouseStateView status, NetraConfig config, Clock clock) {
        this.clock = clock;
        this.calls = new SharedCalls<>(clock);
        this.cached = cached;
        this.clickhouse = clickhouse;
        this.mode = mode;
        this.status = status;
        this.config = config.query();
        this.answers = Stream.of(Answer.CLICKHOUSE, Answer.CACHE, STALE, UNAVAILABLE).collect(Collectors.toMap(Function.identity(),
                outcome -> Counter.builder("netra.query.answers").tag("outcome", outcome)
                        .description("Analytics answers by where they came from").register(registry)));
        Gauge.builder("netra.query.clickhouse.calls", calls, SharedCalls::running)
                .description("ClickHouse queries running for analytics answers; concurrent askers of one question share one").register(registry);
    }

    public Uni<ServedAnswer> answer(AnalyticsQuery query) {
        if (mode.clickHouseEnabled()) {
            // the common case answered without a pipeline: each operator costs context propagation on every request
            Optional<ServedAnswer> fresh = cached.freshInMemory(query);
            if (fresh.isPresent()) {
                answers.get(Answer.CACHE).increment();
                return Uni.createFrom().item(fresh.get());
            }
        }
        Uni<ServedAnswer> answer = mode.clickHouseEnabled() ? cacheAside(query) : cached.stale(query);
        return answer
                .invoke(served -> answers.get(served.stale() ? STALE : served.source()).increment())
                .onFailure().invoke(failure -> answers.get(UNAVAILABLE).increment());
    }

    private Uni<ServedAnswer> cacheAside(AnalyticsQuery query) {
        return cached.lookup(query).chain(entry -> {
            if (entry.isPresent() && cached.isFresh(entry.get())) {
                return Uni.createFrom().item(AnswerKeeper.served(entry.get(), false));
            }
            SharedCalls.Call<ServedAnswer> call = calls.share(query.userId() + "\n" + query.cacheKey(), () -> clickhouse.answer(query));
            Uni<ServedAnswer> fromClickHouse = Uni.createFrom().completionStage(call.result());
            if (entry.isEmpty()) {
                return fromClickHouse;
            }
            // while ClickHouse is known to be failing, the asker gets the cached answer at once and the call refreshes the
            // cache in the background; otherwise the budget counts from when ClickHouse was asked, so askers who join
            // a slow call do not each wait it out
            Duration left = status.state() == ClickHouseState.UP
                    ? config.latencyBudget().minus(Duration.between(call.startedAt(), clock.instant()))
                    : Duration.ZERO;
            ServedAnswer stale = AnswerKeeper.served(entry.get(), true);
            return left.compareTo(Duration.ZERO) <= 0 ? Uni.createFrom().item(stale)
                    : fromClickHouse.ifNoItem().after(left).recoverWithItem(stale);
        });
    }
}
