package io.netra.analytics.schema;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
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

    @Test
    void v3SplitsWhatIsReplayedIntoTheOldTableAndTheDocumentedCopyOfItsPoints() {
        Awaitility.await().atMost(WAIT).until(state::isReady);
        // back to V2: the tables and views V3 creates gone, its ledger row with them
        for (String view : List.of("series", "gauge", "sum", "histogram", "exponential_histogram", "summary", "exemplars")) {
            servers.query("DROP TABLE IF EXISTS netra_analytics.otel_points_to_" + view);
            servers.query("DROP TABLE IF EXISTS netra_analytics.otel_" + view);
        }
        servers.query("ALTER TABLE netra_analytics.schema_migrations DELETE WHERE version = 3");
        Awaitility.await().atMost(WAIT).until(() -> servers.count("SELECT count() FROM netra_analytics.schema_migrations WHERE version = 3") == 0);
        long hour = Instant.now().getEpochSecond() / 3600 * 3600;
        String v2Point = "INSERT INTO netra_analytics.otel_points (point_id, user_id, metric_name, metric_type, unit, series_id, service_name,"
                + " resource_keys, resource_values, tag_keys, tag_values, time_unix_nano, value, exemplar_times, exemplar_values,"
                + " exemplar_trace_ids, exemplar_span_ids, exemplar_attr_keys, exemplar_attr_values, received_at_ms) VALUES ('%s', 'v2-user',"
                + " 'queue.depth', 'gauge', 'ms', %d, 'checkout', ['service.name'], ['checkout'], ['queue'], ['orders'], %d, 3.5, [1], [2.5],"
                + " ['0102'], ['0a'], [['k']], [['v']], 1)";
        servers.query(v2Point.formatted("00000000-0000-0000-0000-000000000031", 31, (hour + 60) * 1_000_000_000L));

        assertEquals(SchemaVersions.latest(), new SchemaMigrator(clickhouse, new MigrationCatalog(SchemaLayout.SINGLE_NODE), SchemaLayout.SINGLE_NODE,
                new SchemaState(), retention).migrate().await().atMost(WAIT));
        assertEquals(0, servers.count("SELECT count() FROM netra_analytics.otel_gauge WHERE user_id = 'v2-user'"), "V3 copies nothing itself");
        // a row an earlier release queued, replayed after the upgrade
        servers.query(v2Point.formatted("00000000-0000-0000-0000-000000000032", 32, (hour + 120) * 1_000_000_000L));
        // docs/operations.md, "Upgrading": the points stored before V3, a month at a time
        servers.query("INSERT INTO netra_analytics.otel_points SELECT * FROM netra_analytics.otel_points WHERE toYYYYMM(event_time) = "
                + servers.query("SELECT toYYYYMM(toDateTime(" + hour + "))"));

        assertEquals("00000000-0000-0000-0000-000000000031\t31\t3.5\t" + (hour + 60) + "000\n00000000-0000-0000-0000-000000000032\t32\t3.5\t"
                + (hour + 120) + "000", servers.query("SELECT point_id, series_id, value, event_time_ms FROM netra_analytics.otel_gauge FINAL"
                        + " WHERE user_id = 'v2-user' ORDER BY point_id FORMAT TSV"));
        assertEquals("31\tgauge\tms\tcheckout\t['service.name']\t['orders']\t" + hour + "\n32\tgauge\tms\tcheckout\t['service.name']\t['orders']\t"
                + hour, servers.query("SELECT series_id, metric_type, unit, service_name, resource_keys, tag_values, toUnixTimestamp(event_time)"
                        + " FROM netra_analytics.otel_series FINAL WHERE user_id = 'v2-user' ORDER BY series_id FORMAT TSV"));
        assertEquals(2, servers.count("SELECT count() FROM netra_analytics.otel_exemplars FINAL WHERE user_id = 'v2-user' AND exemplar_trace_ids = ['0102']"));
        assertEquals(2, servers.count("SELECT count() FROM netra_analytics.otel_points FINAL WHERE user_id = 'v2-user'"),
                "the copy collapses with the rows it was made from");
    }
}
