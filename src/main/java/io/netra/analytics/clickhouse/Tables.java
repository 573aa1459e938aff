package io.netra.analytics.clickhouse;

/** Where the service's data lives, named once. */
public final class Tables {

    public static final String DATABASE = "netra_analytics";
    public static final String METRICS_NAME = "performance_metrics";
    /** Events: written by ingestion and replay, read by every query. */
    public static final String METRICS = DATABASE + "." + METRICS_NAME;
    /** On a cluster: each node's replica of its shard's events, behind {@link #METRICS} (a Distributed table there). */
    public static final String METRICS_LOCAL = DATABASE + ".performance_metrics_local";
    /** OpenTelemetry data points of every type. */
    public static final String OTEL_POINTS = DATABASE + ".otel_points";
    /** On a cluster: each node's replica of its shard's points, behind {@link #OTEL_POINTS}. */
    public static final String OTEL_POINTS_LOCAL = DATABASE + ".otel_points_local";
    /** The ledger of applied migrations. */
    public static final String MIGRATIONS = DATABASE + ".schema_migrations";

    private Tables() {
    }
}
