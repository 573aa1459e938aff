package io.netra.analytics.schema;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.netra.analytics.clickhouse.ClickHouseGateway;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.health.MetricsTableExistsCheck;
import io.netra.analytics.support.InjectServers;
import io.netra.analytics.support.LocalServers;
import io.netra.analytics.support.RealServersProfile;
import io.netra.analytics.support.SchemaVersions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(RealServersProfile.class)
class SchemaMigratorTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    SchemaMigrator migrator;
    @Inject
    ClickHouseGateway clickhouse;
    @Inject
    NetraConfig config;
    @InjectServers
    LocalServers servers;
    @Inject
    SchemaState state;
    @Inject
    Retention retention;

    @Test
    void startupAppliesEveryMigrationAndTheSchemaCheckSaysTheTableExists() {
        Awaitility.await().atMost(WAIT).until(state::isReady);
        given().get("/q/health/group/schema").then().statusCode(200)
                .body("checks.name", hasItem(MetricsTableExistsCheck.NAME))
                .body("checks.find { it.name == '" + MetricsTableExistsCheck.NAME + "' }.status", equalTo("UP"))
                .body("checks.find { it.name == '" + MetricsTableExistsCheck.NAME + "' }.data.schemaVersion", equalTo(SchemaVersions.latest()));
        assertEquals(SchemaVersions.latest(), servers.count("SELECT count() FROM netra_analytics.schema_migrations FINAL"));
    }

    @Test
    void runningAgainChangesNothing() {
        Awaitility.await().atMost(WAIT).until(state::isReady);
        long ledgerRows = servers.count("SELECT count() FROM netra_analytics.schema_migrations");
        String columns = "SELECT groupArray(concat(table, '.', name)) FROM system.columns WHERE database = 'netra_analytics'";
        String before = servers.query(columns);

        assertEquals(SchemaVersions.latest(), migrator.migrate().await().atMost(WAIT));

        assertEquals(ledgerRows, servers.count("SELECT count() FROM netra_analytics.schema_migrations"));
        assertEquals(before, servers.query(columns));
    }

    @Test
    void aMigrationChangedAfterItWasAppliedIsRefused() {
        Awaitility.await().atMost(WAIT).until(state::isReady);
        MigrationCatalog tampered = new MigrationCatalog(SchemaLayout.SINGLE_NODE) {
            @Override
            public List<Migration> migrations() {
                return List.of(new Migration(1, "create performance metrics",
                        "CREATE TABLE IF NOT EXISTS netra_analytics.tampered (x UInt8) ENGINE = MergeTree() ORDER BY x"));
            }
        };
        SchemaState tamperedState = new SchemaState();

        Throwable failure = assertThrows(Throwable.class,
                () -> new SchemaMigrator(clickhouse, tampered, SchemaLayout.SINGLE_NODE, tamperedState, retention).migrate().await().atMost(WAIT));

        assertInstanceOf(MigrationRefusedException.class, failure);
        assertTrue(failure.getMessage().contains("V1 was changed after it was applied"), failure.getMessage());
        assertTrue(tamperedState.refusal().isPresent());
        assertEquals(0, servers.count("EXISTS TABLE netra_analytics.tampered"), "a refused migration runs nothing");
    }

    @Test
    void aClusterLayoutOnASingleNodeInstallIsRefusedBeforeAnyStatement() {
        Awaitility.await().atMost(WAIT).until(state::isReady);
        SchemaLayout cluster = new SchemaLayout(Optional.of("netra"));
        long ledgerRows = servers.count("SELECT count() FROM netra_analytics.schema_migrations");
        SchemaState clusterState = new SchemaState();

        Throwable failure = assertThrows(Throwable.class, () -> new SchemaMigrator(clickhouse, new MigrationCatalog(cluster), cluster,
                clusterState, retention).migrate().await().atMost(WAIT));

        assertInstanceOf(MigrationRefusedException.class, failure);
        assertTrue(failure.getMessage().contains("is a ReplacingMergeTree table, a single-node install"), failure.getMessage());
        assertTrue(clusterState.refusal().isPresent());
        assertEquals("ReplacingMergeTree", servers.query("SELECT engine FROM system.tables WHERE database = 'netra_analytics' AND name = 'performance_metrics'"));
        assertEquals(ledgerRows, servers.count("SELECT count() FROM netra_analytics.schema_migrations"));
    }
}
