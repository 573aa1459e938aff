package io.netra.analytics.clickhouse;

/** Where the service's data lives, named once. */
public final class Tables {

    public static final String DATABASE = "netra_analytics";
    /** Events: written by ingestion and replay, read by every query. */
    public static final String METRICS = DATABASE + ".performance_metrics";
    /** The ledger of applied migrations. */
    public static final String MIGRATIONS = DATABASE + ".schema_migrations";

    private Tables() {
    }
}
