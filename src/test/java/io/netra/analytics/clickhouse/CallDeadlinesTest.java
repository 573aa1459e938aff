package io.netra.analytics.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.mode.ModeSwitch;
import io.netra.analytics.mode.OperatingMode;
import io.netra.analytics.support.RealServersProfile;
import io.netra.analytics.support.RealServersTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * A ClickHouse call whose deadline passed, or whose caller gave up, while it waited for a connection never runs, and
 * one that waited sees the mode in force when it starts, not when it was asked for: checked against what ClickHouse
 * itself logged.
 */
@QuarkusTest
@TestProfile(RealServersProfile.class)
class CallDeadlinesTest extends RealServersTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ClickHouseGateway clickhouse;
    @Inject
    ModeSwitch mode;
    @Inject
    NetraConfig config;

    private final String marker = "marker-" + UUID.randomUUID();

    @AfterEach
    void normalMode() {
        mode.set(OperatingMode.NORMAL, "test").await().atMost(WAIT);
    }

    /** With ClickHouse frozen, a call per pooled connection: every I/O thread waits until ClickHouse resumes. */
    private List<CompletableFuture<?>> occupyEveryConnection() {
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < config.clickhouse().maxConnections(); i++) {
            calls.add(clickhouse.query("SELECT " + i + " AS n").onFailure().recoverWithNull().subscribeAsCompletionStage());
        }
        return calls;
    }

    /** How often ClickHouse logged a query holding {@code text}; a query that ran after the marker shows the log works. */
    private long timesClickHouseRan(String text) {
        servers.query("SYSTEM FLUSH LOGS");
        return servers.count("SELECT countIf(type = 1) FROM system.query_log WHERE query LIKE '%" + text + "%' AND query NOT LIKE '%query_log%'");
    }

    private void assertTheMarkerNeverRan() {
        String control = "control-" + UUID.randomUUID();
        clickhouse.query("SELECT '" + control + "' AS m").await().atMost(WAIT);
        // the log is written in the background: once the later control query is in it, so would the marker be
        Awaitility.await("the query log records what runs").atMost(WAIT).until(() -> timesClickHouseRan(control) == 1);
        assertEquals(0, timesClickHouseRan(marker), "the marker call never reached ClickHouse");
    }

    private static void finish(List<CompletableFuture<?>> calls) {
        Awaitility.await().atMost(WAIT).until(() -> calls.stream().allMatch(CompletableFuture::isDone));
    }

    @Test
    void aCallWhoseDeadlinePassedWhileItWaitedForAConnectionNeverRuns() {
        servers.hangClickHouse();
        List<CompletableFuture<?>> blockers = occupyEveryConnection();

        Throwable late = assertThrows(Throwable.class,
                () -> clickhouse.query("SELECT '" + marker + "' AS m", Duration.ofMillis(200)).await().atMost(WAIT));
        servers.resumeClickHouse();
        finish(blockers);

        assertEquals(ClickHouseState.TIMEOUT, assertInstanceOf(ClickHouseUnavailableException.class, late).state());
        assertEquals(1, clickhouse.query("SELECT 1 AS n").await().atMost(WAIT).get(0).get("n").asInt(), "the pool works on");
        assertTheMarkerNeverRan();
    }

    @Test
    void aCallWhoseCallerCancelledItWhileItWaitedForAConnectionNeverRuns() {
        servers.hangClickHouse();
        List<CompletableFuture<?>> blockers = occupyEveryConnection();

        Cancellable cancelled = clickhouse.query("SELECT '" + marker + "' AS m", Duration.ofSeconds(20)).subscribe().with(rows -> {
        }, failure -> {
        });
        cancelled.cancel();
        servers.resumeClickHouse();
        finish(blockers);

        assertTheMarkerNeverRan();
    }

    @Test
    void emergencyModeIsCheckedWhenACallStartsNotWhenItWasQueued() {
        servers.hangClickHouse();
        List<CompletableFuture<?>> blockers = occupyEveryConnection();
        CompletableFuture<?> queued = clickhouse.query("SELECT '" + marker + "' AS m", Duration.ofSeconds(20)).subscribeAsCompletionStage();

        mode.set(OperatingMode.CLICKHOUSE_DISABLED, "test").await().atMost(WAIT);
        servers.resumeClickHouse();
        finish(blockers);

        Throwable refused = assertThrows(Throwable.class, () -> queued.get()).getCause();
        assertEquals(ClickHouseState.DISABLED, assertInstanceOf(ClickHouseUnavailableException.class, refused).state());
        mode.set(OperatingMode.NORMAL, "test").await().atMost(WAIT);
        assertTheMarkerNeverRan();
    }
}
