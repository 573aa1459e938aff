package io.netra.analytics.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.schema.SchemaState;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthGroup;
import io.smallrye.mutiny.Uni;

/** Whether the metrics table exists, and the schema version the migrator reached; served at /q/health/group/schema. */
@HealthGroup(MetricsTableExistsCheck.GROUP)
@ApplicationScoped
public class MetricsTableExistsCheck implements AsyncHealthCheck {

    public static final String NAME = "clickhouse-metrics-table-exists";
    public static final String GROUP = "schema";

    private final MetricsTableProbe probe;
    private final SchemaState schema;

    public MetricsTableExistsCheck(MetricsTableProbe probe, SchemaState schema) {
        this.probe = probe;
        this.schema = schema;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe.state().map(state -> {
            boolean present = ClickHouseState.UP.label().equals(state);
            String table = present ? "present" : ClickHouseState.SCHEMA_MISSING.label().equals(state) ? "missing" : "unknown";
            HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(present)
                    .withData("table", table).withData("clickhouse", state).withData("schemaVersion", schema.appliedVersion());
            schema.refusal().ifPresent(reason -> response.withData("migrationRefused", reason));
            return response.build();
        });
    }
}
