package io.netra.analytics.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.netra.analytics.clickhouse.ClickHouseGateway;
import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.clickhouse.ClickHouseUnavailableException;
import io.netra.analytics.clickhouse.Tables;
import io.netra.analytics.config.NetraConfig;
import io.smallrye.mutiny.Uni;

/** Asks ClickHouse, within a probe's short deadline, whether the metrics table is there; answers with a state. */
@ApplicationScoped
public class MetricsTableProbe {

    private final ClickHouseGateway clickhouse;
    private final Duration deadline;

    public MetricsTableProbe(ClickHouseGateway clickhouse, NetraConfig config) {
        this.clickhouse = clickhouse;
        this.deadline = config.health().probeTimeout();
    }

    /** {@code up}, {@code schema-missing}, or the outage that kept ClickHouse from answering. */
    public Uni<String> state() {
        return clickhouse.query("EXISTS TABLE " + Tables.METRICS, deadline)
                .map(rows -> !rows.isEmpty() && rows.get(0).path("result").asInt() == 1
                        ? ClickHouseState.UP.label() : ClickHouseState.SCHEMA_MISSING.label())
                .onFailure().recoverWithItem(failure -> failure instanceof ClickHouseUnavailableException unavailable
                        ? unavailable.state().label() : ClickHouseState.FAILING.label());
    }
}
