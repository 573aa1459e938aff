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
import io.netra.analytics.clickhouse.ClickHouseUnavailableException;
import io.smallrye.mutiny.Uni;

class EventStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** An insert that refuses any batch holding a row marked poison, like ClickHouse refusing a bad value. */
    private final List<Integer> insertSizes = new ArrayList<>();
    private final List<EventRow> deadLettered = new ArrayList<>();

    private Uni<Destination> insert(List<EventRow> rows) {
        insertSizes.add(rows.size());
        if (rows.stream().anyMatch(row -> row.json().contains("poison"))) {
            return Uni.createFrom().failure(new ClickHouseRejectedException(27, "cannot parse", null));
        }
        return Uni.createFrom().item(Destination.CLICKHOUSE);
    }

    private Uni<Void> deadLetter(EventRow row, Throwable reason) {
        deadLettered.add(row);
        return Uni.createFrom().voidItem();
    }

    private static List<EventRow> rows(int count, int... poisoned) {
        return IntStream.range(0, count).mapToObj(i -> new EventRow(
                IntStream.of(poisoned).anyMatch(p -> p == i) ? "{\"poison\":" + i + "}" : "{\"ok\":" + i + "}")).toList();
    }

    @Test
    void aCleanBatchIsOneInsert() {
        List<EventStore.Stored> stored = EventStore.isolatingRefusals(rows(8), this::insert, this::deadLetter).await().atMost(WAIT);

        assertEquals(List.of(8), insertSizes);
        assertEquals(List.of(new EventStore.Stored(rows(8), Destination.CLICKHOUSE)), stored);
    }

    @Test
    void oneRefusedEventIsDeadLetteredAndTheRestStored() {
        List<EventRow> batch = rows(64, 37);

        List<EventStore.Stored> stored = EventStore.isolatingRefusals(batch, this::insert, this::deadLetter).await().atMost(WAIT);

        assertEquals(List.of(batch.get(37)), deadLettered);
        long inClickHouse = stored.stream().filter(s -> s.destination() == Destination.CLICKHOUSE).mapToLong(s -> s.rows().size()).sum();
        assertEquals(63, inClickHouse);
        assertTrue(insertSizes.size() <= 1 + 2 * 6, "halving finds one bad row in about 2 log2(n) inserts, took " + insertSizes.size());
    }

    @Test
    void everyRefusedEventIsFound() {
        List<EventRow> batch = rows(10, 0, 5, 9);

        List<EventStore.Stored> stored = EventStore.isolatingRefusals(batch, this::insert, this::deadLetter).await().atMost(WAIT);

        assertEquals(List.of(batch.get(0), batch.get(5), batch.get(9)), deadLettered);
        assertEquals(10, stored.stream().mapToInt(s -> s.rows().size()).sum(), "every row is accounted for once");
    }

    @Test
    void anOutageFailsTheBatchWithoutDeadLettering() {
        Uni<Destination> down = Uni.createFrom().failure(new ClickHouseUnavailableException("down", null));

        assertThrows(ClickHouseUnavailableException.class,
                () -> EventStore.isolatingRefusals(rows(4), batch -> down, this::deadLetter).await().atMost(WAIT));

        assertTrue(deadLettered.isEmpty(), "nothing is dead-lettered because ClickHouse is down");
    }
}
