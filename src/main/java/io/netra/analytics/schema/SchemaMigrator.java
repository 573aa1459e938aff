package io.netra.analytics.schema;

import static io.netra.analytics.clickhouse.SqlLiterals.integer;
import static io.netra.analytics.clickhouse.SqlLiterals.string;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.netra.analytics.clickhouse.ClickHouseGateway;
import io.netra.analytics.clickhouse.RowTable;
import io.netra.analytics.clickhouse.Tables;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Applies the shipped migrations that the database has not seen, in order, and records each with its checksum.
 * ClickHouse has no transactional DDL and no lock, so migrations are written to be idempotent (IF NOT EXISTS):
 * replicas that start together may both apply one, which is harmless, and both record it, which the ledger collapses.
 */
@ApplicationScoped
public class SchemaMigrator {

    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class);
    private static final String BOOTSTRAP = "bootstrap.sql";

    private final ClickHouseGateway clickhouse;
    private final MigrationCatalog catalog;
    private final SchemaLayout layout;
    private final SchemaState state;
    private final Retention retention;

    public SchemaMigrator(ClickHouseGateway clickhouse, MigrationCatalog catalog, SchemaLayout layout, SchemaState state,
            Retention retention) {
        this.clickhouse = clickhouse;
        this.catalog = catalog;
        this.layout = layout;
        this.state = state;
        this.retention = retention;
    }

    /** Brings the schema up to date; emits the schema version, or fails (refusal or ClickHouse failure). */
    public Uni<Integer> migrate() {
        List<Migration> migrations = catalog.migrations();
        return refuseOtherLayout()
                .chain(() -> runAll(SqlScript.split(catalog.resource(BOOTSTRAP))))
                .chain(this::appliedChecksums)
                .chain(applied -> applyMissing(migrations, applied))
                .chain(retention::apply)
                .map(ignored -> {
                    int version = migrations.size();
                    state.applied(version);
                    return version;
                })
                .onFailure(MigrationRefusedException.class).invoke(refusal -> state.refused(refusal.getMessage()));
    }

    /**
     * Before any statement: a single-node install is never silently turned into a cluster one, nor back. Each row
     * table is looked at, since CREATE TABLE IF NOT EXISTS would leave one of the other layout in place.
     */
    private Uni<Void> refuseOtherLayout() {
        return clickhouse.query("SELECT name, engine FROM system.tables WHERE database = " + string(Tables.DATABASE)
                        + " AND name IN " + RowTable.sqlNameList() + " ORDER BY name")
                .chain(rows -> rows.stream().filter(row -> !row.get("engine").asText().equals(layout.eventsEngine())).findFirst()
                        .map(other -> Uni.createFrom().<Void>failure(new MigrationRefusedException(
                                layout.mismatch(other.get("name").asText(), other.get("engine").asText()))))
                        .orElseGet(() -> Uni.createFrom().voidItem()));
    }

    private Uni<Map<Integer, String>> appliedChecksums() {
        return clickhouse.query("SELECT version, checksum FROM " + Tables.MIGRATIONS + " FINAL")
                .map(rows -> {
                    Map<Integer, String> applied = new HashMap<>();
                    for (JsonNode row : rows) {
                        applied.put(row.get("version").asInt(), row.get("checksum").asText());
                    }
                    return applied;
                });
    }

    private Uni<Void> applyMissing(List<Migration> migrations, Map<Integer, String> applied) {
        for (Migration migration : migrations) {
            String recorded = applied.get(migration.version());
            if (recorded != null && !recorded.equals(migration.checksum())) {
                return Uni.createFrom().failure(new MigrationRefusedException("migration V" + migration.version()
                        + " was changed after it was applied (recorded checksum " + recorded + ", file "
                        + migration.checksum() + "); restore the file and add a new migration instead"));
            }
        }
        return Multi.createFrom().iterable(migrations)
                .filter(migration -> !applied.containsKey(migration.version()))
                .onItem().transformToUniAndConcatenate(this::apply)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> apply(Migration migration) {
        String record = "INSERT INTO " + Tables.MIGRATIONS + " (version, description, checksum, applied_at, applied_by) VALUES ("
                + integer(migration.version()) + ", " + string(migration.description()) + ", "
                + string(migration.checksum()) + ", now(), " + string(hostName()) + ")";
        return runAll(migration.statements())
                .chain(() -> clickhouse.execute(record))
                .invoke(() -> LOG.infof("Applied schema migration V%d (%s)", migration.version(), migration.description()));
    }

    private Uni<Void> runAll(List<String> statements) {
        return Multi.createFrom().iterable(statements)
                .onItem().transformToUniAndConcatenate(statement -> clickhouse.execute(layout.statement(statement)))
                .collect().last()
                .replaceWithVoid();
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        return host == null ? "unknown" : host;
    }
}
