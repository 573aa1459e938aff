package io.netra.analytics.mode;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netra.analytics.config.NetraConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The operating mode, shared by every replica through Redis so one admin call switches the whole service. Each
 * replica reads the shared value every few seconds and keeps its last known mode while Redis is unreachable.
 */
@Startup
@Singleton
public class ModeSwitch implements ClickHouseSwitch {

    private static final Logger LOG = Logger.getLogger(ModeSwitch.class);

    private final ReactiveRedisDataSource redis;
    private final NetraConfig.Mode config;
    private final ObjectMapper json;
    private final AtomicReference<ModeState> current;

    private final Clock clock;

    public ModeSwitch(ReactiveRedisDataSource redis, NetraConfig config, ObjectMapper json, MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.redis = redis;
        this.config = config.mode();
        this.json = json;
        OperatingMode startup = OperatingMode.parse(this.config.startup()).orElseThrow(() -> new IllegalArgumentException(
                "netra.mode.startup must be normal or clickhouse-disabled, not " + this.config.startup()));
        this.current = new AtomicReference<>(new ModeState(startup, "config", clock.instant()));
        Gauge.builder("netra.mode.clickhouse.disabled", this, modes -> modes.clickHouseEnabled() ? 0 : 1)
                .description("1 while ClickHouse is switched off (Redis-only emergency mode)").register(registry);
    }

    public ModeState state() {
        return current.get();
    }

    @Override
    public boolean clickHouseEnabled() {
        return current.get().mode() == OperatingMode.NORMAL;
    }

    /** Sets the mode for every replica; fails (changing nothing) when Redis cannot store it. */
    public Uni<ModeState> set(OperatingMode mode, String by) {
        ModeState state = new ModeState(mode, by, clock.instant());
        String value = json.createObjectNode().put("mode", mode.label()).put("by", by).put("at", state.at().toString()).toString();
        return redis.value(String.class).set(config.redisKey(), value)
                .invoke(() -> apply(state))
                .replaceWith(state);
    }

    @Scheduled(every = "${netra.mode.refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return redis.value(String.class).get(config.redisKey())
                .invoke(value -> {
                    if (value != null) {
                        apply(parse(value));
                    }
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void apply(ModeState state) {
        ModeState previous = current.getAndUpdate(old -> old.mode() == state.mode() ? old : state);
        if (previous.mode() != state.mode()) {
            LOG.warnf("Operating mode is now %s (was %s), set by %s at %s", state.mode().label(), previous.mode().label(), state.by(), state.at());
        }
    }

    private ModeState parse(String value) {
        try {
            JsonNode node = json.readTree(value);
            return new ModeState(OperatingMode.parse(node.path("mode").asText()).orElseThrow(),
                    node.path("by").asText("unknown"), Instant.parse(node.path("at").asText()));
        } catch (Exception e) {
            throw new IllegalStateException("unreadable shared mode in " + config.redisKey(), e);
        }
    }
}
