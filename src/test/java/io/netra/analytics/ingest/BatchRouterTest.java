package io.netra.analytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.netra.analytics.clickhouse.ClickHouseRejectedException;
import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.clickhouse.ClickHouseUnavailableException;
import io.netra.analytics.clickhouse.Row;
import io.netra.analytics.clickhouse.RowTable;
import io.smallrye.mutiny.Uni;

class BatchRouterTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** An insert that refuses any batch holding a row marked poison, like ClickHouse refusing a bad value. */
    private final List<Integer> insertSizes = new ArrayList<>();

    private Uni<Void> insert(List<Row> rows) {
        insertSizes.add(rows.size());
        if (rows.stream().anyMatch(row -> row.json().contains("poison"))) {
            return Uni.createFrom().failure(new ClickHouseRejectedException(27, "Cannot parse input", null));
        }
        return Uni.createFrom().voidItem();
    }

    private static List<Row> rows(int count, int... poisoned) {
        return IntStream.range(0, count).mapToObj(i -> Row.of(RowTable.EVENTS, 
                IntStream.of(poisoned).anyMatch(p -> p == i) ? "{\"poison\":" + i + "}" : "{\"ok\":" + i + "}")).toList();
    }

    private BatchRouter.Outcome isolate(List<Row> batch) {
        return BatchRouter.isolatingRefusals(batch, this::insert).await().atMost(WAIT);
    }

    @Test
    void aBatchGoesToClickHouseOnlyWhileItIsOnPastItsBudgetOrKnownFailingToTheQueueFirst() {
        assertEquals(BatchRouter.Route.CLICKHOUSE, BatchRouter.route(true, false, true));
        assertEquals(BatchRouter.Route.QUEUE_ELSE_CLICKHOUSE, BatchRouter.route(true, false, false));
        assertEquals(BatchRouter.Route.QUEUE, BatchRouter.route(true, true, true), "past its budget: no time to wait for ClickHouse");
        assertEquals(BatchRouter.Route.QUEUE, BatchRouter.route(false, false, true), "switched off");
    }

    @Test
    void eachRequestIsToldWhereItsOwnRowsWent() {
        List<Row> first = rows(3);
        List<Row> second = List.of(Row.of(RowTable.EVENTS, "{\"ok\":9}"), Row.of(RowTable.EVENTS, "{\"poison\":9}"));
        BatchRouter.Outcome outcome = new BatchRouter.Outcome(List.of(first.get(0), first.get(1), first.get(2), second.get(0)),
                List.of(new BatchRouter.Refusal(second.get(1), new ClickHouseRejectedException(27, "bad", null))));

        List<BatchStore.Placed> placed = BatchRouter.placed(List.of(new BatchStore.Part("a", first), new BatchStore.Part("b", second)), outcome);

        assertEquals(Map.of(Destination.CLICKHOUSE, 3), placed.get(0).counts());
        assertEquals(Map.of(Destination.CLICKHOUSE, 1, Destination.DEAD_LETTER, 1), placed.get(1).counts());
    }

    @Test
    void onlyEventsAndPointsAreCountedNotTheRowsThatDescribePoints() {
        Row point = Row.of(RowTable.OTEL_GAUGE, "{\"point_id\":\"p\"}");
        Row refusedPoint = Row.of(RowTable.OTEL_SUM, "{\"point_id\":\"q\"}");
        List<Row> export = List.of(point, Row.of(RowTable.OTEL_SERIES, "{\"series_id\":1}"), Row.of(RowTable.OTEL_EXEMPLARS, "{\"point_id\":\"p\"}"));
        List<Row> refusedExport = List.of(refusedPoint, Row.of(RowTable.OTEL_SERIES, "{\"series_id\":2}"));
        BatchRouter.Outcome all = new BatchRouter.Outcome(export, List.of());
        BatchRouter.Outcome someRefused = new BatchRouter.Outcome(List.of(refusedExport.get(1)),
                List.of(new BatchRouter.Refusal(refusedPoint, new ClickHouseRejectedException(27, "bad", null))));

        assertEquals(Map.of(Destination.CLICKHOUSE, 1), BatchRouter.placed(List.of(new BatchStore.Part("a", export)), all).get(0).counts());
        assertEquals(Map.of(Destination.DEAD_LETTER, 1),
                BatchRouter.placed(List.of(new BatchStore.Part("a", refusedExport)), someRefused).get(0).counts());
    }

    @Test
    void ingestCallsClickHouseOnlyOnceItHasAnsweredForTheRecoveryHold() {
        Instant answeredSince = Instant.parse("2026-12-01T10:00:00Z");
        Duration hold = Duration.ofSeconds(5);

        assertTrue(BatchRouter.steadilyUp(ClickHouseState.UP, answeredSince, hold, answeredSince.plusSeconds(5)));
        assertFalse(BatchRouter.steadilyUp(ClickHouseState.UP, answeredSince, hold, answeredSince.plusMillis(4999)), "flapping, maybe");
        assertFalse(BatchRouter.steadilyUp(ClickHouseState.TIMEOUT, answeredSince, hold, answeredSince.plusSeconds(60)));
        assertTrue(BatchRouter.steadilyUp(ClickHouseState.UP, Instant.EPOCH, hold, answeredSince), "up since the start");
    }

    @Test
    void aCleanBatchIsOneInsert() {
        BatchRouter.Outcome outcome = isolate(rows(8));

        assertEquals(List.of(8), insertSizes);
        assertEquals(rows(8), outcome.stored());
        assertEquals(List.of(), outcome.refused());
    }

    @Test
    void oneRefusedEventIsSetAsideWithItsReasonAndTheRestStored() {
        List<Row> batch = rows(64, 37);

        BatchRouter.Outcome outcome = isolate(batch);

        assertEquals(List.of(batch.get(37)), outcome.refused().stream().map(BatchRouter.Refusal::row).toList());
        assertEquals(27, outcome.refused().get(0).cause().code());
        assertEquals(63, outcome.stored().size());
        assertTrue(insertSizes.size() <= 1 + 2 * 6, "halving finds one bad row in about 2 log2(n) inserts, took " + insertSizes.size());
    }

    @Test
    void everyRefusedEventIsFoundAndEveryRowAccountedForOnce() {
        List<Row> batch = rows(10, 0, 5, 9);

        BatchRouter.Outcome outcome = isolate(batch);

        assertEquals(List.of(batch.get(0), batch.get(5), batch.get(9)), outcome.refused().stream().map(BatchRouter.Refusal::row).toList());
        assertEquals(7, outcome.stored().size());
    }

    @Test
    void anOutageFailsTheBatchWithoutSettingAnythingAside() {
        Uni<Void> down = Uni.createFrom().failure(new ClickHouseUnavailableException(ClickHouseState.SCHEMA_MISSING, "no table", null));

        assertThrows(ClickHouseUnavailableException.class,
                () -> BatchRouter.isolatingRefusals(rows(4), batch -> down).await().atMost(WAIT));
    }
}
