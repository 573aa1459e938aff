package io.netra.analytics.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.netra.analytics.resilience.Breakers;
import io.netra.analytics.resilience.ModeSwitch;
import io.netra.analytics.schema.SchemaState;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthGroup;
import io.smallrye.mutiny.Uni;

/**
 * Ready while the pod can accept events: into ClickHouse, or into the outage queue in Redis. A ClickHouse outage
 * makes it degraded, not unready, so traffic keeps flowing to pods that can queue it; only both down is DOWN.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements AsyncHealthCheck {

    public static final String NAME = "netra-accepts-events";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final MetricsTableExistsCheck table;
    private final ReactiveRedisDataSource redis;
    private final ModeSwitch mode;
    private final Breakers breakers;
    private final SchemaState schema;

    public ReadinessCheck(@HealthGroup(MetricsTableExistsCheck.GROUP) MetricsTableExistsCheck table, ReactiveRedisDataSource redis, ModeSwitch mode, Breakers breakers,
            SchemaState schema) {
        this.table = table;
        this.redis = redis;
        this.mode = mode;
        this.breakers = breakers;
        this.schema = schema;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        Uni<String> clickhouse = mode.clickHouseEnabled()
                ? table.tableExists().map(exists -> exists ? "up" : "down: the metrics table is missing")
                        .onFailure().recoverWithItem(failure -> "down: " + failure.getMessage())
                : Uni.createFrom().item("disabled");
        Uni<String> queue = redis.execute("PING").ifNoItem().after(PROBE_TIMEOUT).fail()
                .map(pong -> "up").onFailure().recoverWithItem(failure -> "down: " + failure.getMessage());
        return Uni.combine().all().unis(clickhouse, queue).with((clickhouseState, redisState) -> {
            boolean clickhouseUp = "up".equals(clickhouseState);
            boolean redisUp = "up".equals(redisState);
            HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(clickhouseUp || redisUp)
                    .withData("degraded", !(clickhouseUp && redisUp))
                    .withData("mode", mode.state().mode().label())
                    .withData("clickhouse", clickhouseState)
                    .withData("redis", redisState)
                    .withData("schemaVersion", schema.appliedVersion());
            breakers.states().forEach((name, state) -> response.withData("breaker." + name, state));
            return response.build();
        });
    }
}
