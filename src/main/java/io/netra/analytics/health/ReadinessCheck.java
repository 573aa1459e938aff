package io.netra.analytics.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.mode.ModeSwitch;
import io.netra.analytics.redis.RedisProbe;
import io.netra.analytics.redis.RedisState;
import io.netra.analytics.resilience.Breakers;
import io.netra.analytics.schema.SchemaState;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Ready while the pod can accept events: into ClickHouse, or into the outage queue in Redis. A ClickHouse outage
 * makes it degraded, not unready, so traffic keeps flowing to pods that can queue it; only both down is DOWN. The
 * data names states ({@code up}, {@code credentials-rejected}, {@code schema-missing}, ...), never raw error text.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements AsyncHealthCheck {

    public static final String NAME = "netra-accepts-events";

    private final MetricsTableProbe clickhouse;
    private final RedisProbe redis;
    private final ModeSwitch mode;
    private final Breakers breakers;
    private final SchemaState schema;

    public ReadinessCheck(MetricsTableProbe clickhouse, RedisProbe redis, ModeSwitch mode, Breakers breakers, SchemaState schema) {
        this.clickhouse = clickhouse;
        this.redis = redis;
        this.mode = mode;
        this.breakers = breakers;
        this.schema = schema;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        Uni<String> clickhouseState = mode.clickHouseEnabled() ? clickhouse.state() : Uni.createFrom().item(ClickHouseState.DISABLED.label());
        Uni<String> redisState = redis.state().map(RedisState::label);
        return Uni.combine().all().unis(clickhouseState, redisState).with((clickhouseNow, redisNow) -> {
            boolean clickhouseUp = ClickHouseState.UP.label().equals(clickhouseNow);
            boolean redisUp = RedisState.UP.label().equals(redisNow);
            HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(clickhouseUp || redisUp)
                    .withData("degraded", !(clickhouseUp && redisUp))
                    .withData("mode", mode.state().mode().label())
                    .withData("clickhouse", clickhouseNow)
                    .withData("redis", redisNow)
                    .withData("schemaVersion", schema.appliedVersion());
            breakers.states().forEach((name, state) -> response.withData("breaker." + name, state));
            return response.build();
        });
    }
}
