package io.netra.analytics.clickhouse;

/** What the last ClickHouse calls showed, for callers that decide whether to wait for ClickHouse. */
public interface ClickHouseHealth {

    ClickHouseState state();
}
