package io.netra.analytics.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.netra.analytics.support.InjectServers;
import io.netra.analytics.support.LocalServers;
import io.netra.analytics.support.LocalServersResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** On 18.16, which has no TTL, events past the retention go with their monthly partitions; younger ones stay. */
@QuarkusTest
@TestProfile(RetentionTest.SixtyDays.class)
class RetentionTest {

    public static class SixtyDays implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the test drops partitions itself: the schedule would race it
            return Map.of("netra.schema.retention-days", "60", "netra.schema.retention-check", "1h");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LocalServersResource.class));
        }
    }

    @Inject
    Retention retention;
    @Inject
    SchemaState schema;
    @InjectServers
    LocalServers servers;

    private void insertEventIn(YearMonth month, int day, String id) {
        long millis = month.atDay(day).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        servers.query("INSERT INTO netra_analytics.performance_metrics (event_id, user_id, metric_name, value, unit, event_time_ms,"
                + " tag_keys, tag_values, received_at_ms) VALUES ('" + id + "', 'retained', 'm', 1, '', " + millis + ", [], [], " + millis + ")");
    }

    private List<String> partitions() {
        return servers.query("SELECT DISTINCT partition FROM system.parts WHERE active AND database = 'netra_analytics'"
                + " AND table = 'performance_metrics' ORDER BY partition FORMAT TSV").lines().toList();
    }

    private static String partition(YearMonth month) {
        return String.valueOf(month.getYear() * 100 + month.getMonthValue());
    }

    @Test
    void partitionsWhollyOlderThanTheRetentionAreDroppedAndTheRestKept() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(schema::isReady);
        YearMonth now = YearMonth.from(LocalDate.now(ZoneOffset.UTC));
        // the month that holds the cutoff (60 days ago) keeps its events after the cutoff, so it stays whole
        YearMonth straddling = YearMonth.from(LocalDate.now(ZoneOffset.UTC).minusDays(60));
        YearMonth expired = straddling.minusMonths(1);
        YearMonth older = straddling.minusMonths(5);
        insertEventIn(older, 3, "00000000-0000-4000-8000-000000000001");
        insertEventIn(expired, 28, "00000000-0000-4000-8000-000000000002");
        insertEventIn(straddling, 1, "00000000-0000-4000-8000-000000000003");
        insertEventIn(now, 1, "00000000-0000-4000-8000-000000000004");
        assertTrue(partitions().containsAll(List.of(partition(older), partition(expired), partition(straddling), partition(now))));

        assertEquals(2, retention.dropExpiredPartitions().await().atMost(Duration.ofSeconds(30)));

        List<String> left = partitions();
        assertFalse(left.contains(partition(older)), left.toString());
        assertFalse(left.contains(partition(expired)), left.toString());
        assertTrue(left.containsAll(List.of(partition(straddling), partition(now))), left.toString());
        assertEquals(2, servers.count("SELECT count() FROM netra_analytics.performance_metrics FINAL WHERE user_id = 'retained'"));
        assertEquals(0, retention.dropExpiredPartitions().await().atMost(Duration.ofSeconds(30)), "nothing left to drop");
    }

    @Test
    void aCheckThatCannotReachClickHouseDropsNothingAndWaitsForTheNext() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(schema::isReady);
        servers.stopClickHouse();
        try {
            assertEquals(0, retention.dropExpiredPartitions().await().atMost(Duration.ofSeconds(30)));
        } finally {
            servers.ensureRunning();
        }
    }

    @Test
    void ttlIsUsedFromClickHouse19Point6On() {
        assertFalse(Retention.hasTtl("18.16.1"));
        assertFalse(Retention.hasTtl("19.5.3.8"));
        assertTrue(Retention.hasTtl("19.6.2.11"));
        assertTrue(Retention.hasTtl("24.8.4.13"));
        assertFalse(Retention.hasTtl("unknown"));
    }
}
