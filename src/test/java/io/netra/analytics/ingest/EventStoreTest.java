package io.netra.analytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.netra.analytics.clickhouse.ClickHouseRejectedException;
import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.clickhouse.ClickHouseUnavailableException;
import io.netra.analytics.ingest.BatchStore.Stored;
import io.netra.analytics.ingest.DeadLetters.DeadLetter;
import io.smallrye.mutiny.Uni;

class EventStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** An insert that refuses any batch holding a row marked poison, like ClickHouse refusing a bad value. */
    private final List<Integer> insertSizes = new ArrayList<>();

    private Uni<Destination> insert(List<EventRow> rows) {
        insertSizes.add(rows.size());
        if (rows.stream().anyMatch(row -> row.json().contains("poison"))) {
            return Uni.createFrom().failure(new ClickHouseRejectedException(27, "Cannot parse input", null));
        }
        return Uni.createFrom().item(Destination.CLICKHOUSE);
    }

    private static List<EventRow> rows(int count, int... poisoned) {
        return IntStream.range(0, count).mapToObj(i -> EventRow.of(
                IntStream.of(poisoned).anyMatch(p -> p == i) ? "{\"poison\":" + i + "}" : "{\"ok\":" + i + "}")).toList();
    }

    private EventStore.Outcome isolate(List<EventRow> batch) {
        return EventStore.isolatingRefusals(batch, this::insert).await().atMost(WAIT);
    }

    @Test
    void aCleanBatchIsOneInsert() {
        EventStore.Outcome outcome = isolate(rows(8));

        assertEquals(List.of(8), insertSizes);
        assertEquals(List.of(new Stored(rows(8), Destination.CLICKHOUSE)), outcome.stored());
        assertEquals(List.of(), outcome.refused());
    }

    @Test
    void oneRefusedEventIsSetAsideWithItsReasonAndTheRestStored() {
        List<EventRow> batch = rows(64, 37);

        EventStore.Outcome outcome = isolate(batch);

        assertEquals(List.of(new DeadLetter(batch.get(37), "refused-27", "Cannot parse input")), outcome.refused());
        assertEquals(63, outcome.stored().stream().mapToInt(s -> s.rows().size()).sum());
        assertTrue(insertSizes.size() <= 1 + 2 * 6, "halving finds one bad row in about 2 log2(n) inserts, took " + insertSizes.size());
    }

    @Test
    void everyRefusedEventIsFoundAndEveryRowAccountedForOnce() {
        List<EventRow> batch = rows(10, 0, 5, 9);

        EventStore.Outcome outcome = isolate(batch);

        assertEquals(List.of(batch.get(0), batch.get(5), batch.get(9)), outcome.refused().stream().map(DeadLetter::row).toList());
        assertEquals(7, outcome.stored().stream().mapToInt(s -> s.rows().size()).sum());
    }

    @Test
    void anOutageFailsTheBatchWithoutSettingAnythingAside() {
        Uni<Destination> down = Uni.createFrom().failure(new ClickHouseUnavailableException(ClickHouseState.SCHEMA_MISSING, "no table", null));

        assertThrows(ClickHouseUnavailableException.class,
                () -> EventStore.isolatingRefusals(rows(4), batch -> down).await().atMost(WAIT));
    }
}
