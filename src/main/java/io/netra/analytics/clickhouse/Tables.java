package io.netra.analytics.clickhouse;

/** Where the service's data lives, named once (the OpenTelemetry tables in {@link RowTable}). */
public final class Tables {

    public static final String DATABASE = "netra_analytics";
    public static final String METRICS_NAME = "performance_metrics";
    /** Events: written by ingestion and replay, read by every query. */
    public static final String METRICS = DATABASE + "." + METRICS_NAME;
    /** The ledger of applied migrations. */
    public static final String MIGRATIONS = DATABASE + ".schema_migrations";

    private Tables() {
    }
}
