package io.netra.analytics.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.netra.analytics.clickhouse.ClickHouseGateway;
import io.netra.analytics.schema.SchemaState;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthGroup;
import io.smallrye.mutiny.Uni;

/**
 * Asks ClickHouse whether the metrics table exists, and reports the schema version the migrator reached. Served
 * on its own at /q/health/group/schema; readiness ({@link ReadinessCheck}) uses it as one of its inputs.
 */
@HealthGroup(MetricsTableExistsCheck.GROUP)
@ApplicationScoped
public class MetricsTableExistsCheck implements AsyncHealthCheck {

    public static final String NAME = "clickhouse-metrics-table-exists";
    public static final String GROUP = "schema";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final ClickHouseGateway clickhouse;
    private final SchemaState schema;

    public MetricsTableExistsCheck(ClickHouseGateway clickhouse, SchemaState schema) {
        this.clickhouse = clickhouse;
        this.schema = schema;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return tableExists()
                .map(exists -> withSchema(HealthCheckResponse.named(NAME).status(exists).withData("table", exists ? "present" : "missing")).build())
                .onFailure().recoverWithItem(failure -> withSchema(HealthCheckResponse.named(NAME).down()
                        .withData("table", "unknown").withData("clickhouse", "unreachable: " + failure.getMessage())).build());
    }

    /** True when the table exists; fails when ClickHouse cannot be asked. */
    public Uni<Boolean> tableExists() {
        return clickhouse.query("EXISTS TABLE netra_analytics.performance_metrics")
                .map(rows -> !rows.isEmpty() && rows.get(0).path("result").asInt() == 1)
                .ifNoItem().after(PROBE_TIMEOUT).fail();
    }

    private HealthCheckResponseBuilder withSchema(HealthCheckResponseBuilder builder) {
        builder.withData("schemaVersion", schema.appliedVersion());
        schema.refusal().ifPresent(reason -> builder.withData("migrationRefused", reason));
        return builder;
    }
}
