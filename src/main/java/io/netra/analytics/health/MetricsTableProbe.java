package io.netra.analytics.health;

import static io.netra.analytics.clickhouse.SqlLiterals.string;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.netra.analytics.clickhouse.ClickHouseGateway;
import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.clickhouse.ClickHouseUnavailableException;
import io.netra.analytics.clickhouse.RowTable;
import io.netra.analytics.clickhouse.Tables;
import io.netra.analytics.config.NetraConfig;
import io.smallrye.mutiny.Uni;

/**
 * Asks ClickHouse, within a probe's short deadline, whether the tables rows are written to are there (the events'
 * and the OpenTelemetry points'): one missing is a missing schema. Answers with a state.
 */
@ApplicationScoped
public class MetricsTableProbe {

    private static final String EXISTING_TABLES = "SELECT count() AS tables FROM system.tables WHERE database = " + string(Tables.DATABASE)
            + " AND name IN " + RowTable.sqlNameList();

    private final ClickHouseGateway clickhouse;
    private final Duration deadline;

    public MetricsTableProbe(ClickHouseGateway clickhouse, NetraConfig config) {
        this.clickhouse = clickhouse;
        this.deadline = config.health().probeTimeout();
    }

    /** {@code up}, {@code schema-missing}, or the outage that kept ClickHouse from answering. */
    public Uni<String> state() {
        return clickhouse.query(EXISTING_TABLES, deadline)
                .map(rows -> !rows.isEmpty() && rows.get(0).path("tables").asInt() == RowTable.values().length
                        ? ClickHouseState.UP.label() : ClickHouseState.SCHEMA_MISSING.label())
                .onFailure().recoverWithItem(failure -> failure instanceof ClickHouseUnavailableException unavailable
                        ? unavailable.state().label() : ClickHouseState.FAILING.label());
    }
}
