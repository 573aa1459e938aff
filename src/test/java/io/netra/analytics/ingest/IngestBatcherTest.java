package io.netra.analytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.problem.ProblemException;
import io.netra.analytics.support.TestConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;

class IngestBatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private final Vertx vertx = Vertx.vertx();
    private final IngestMetrics metrics = new IngestMetrics(new SimpleMeterRegistry(), TestConfig.netra());

    /** Records every batch and holds its completion until the test releases it. */
    private static final class HeldStore implements BatchStore {
        final List<List<EventRow>> batches = Collections.synchronizedList(new ArrayList<>());
        final List<UniEmitter<? super List<Stored>>> pending = Collections.synchronizedList(new ArrayList<>());
        boolean storeAtOnce;

        @Override
        public Uni<List<Stored>> store(List<EventRow> rows) {
            batches.add(rows);
            if (storeAtOnce) {
                return Uni.createFrom().item(List.of(new Stored(rows, Destination.CLICKHOUSE)));
            }
            return Uni.createFrom().emitter(pending::add);
        }

        void completeAll(Destination destination) {
            for (int i = 0; i < pending.size(); i++) {
                pending.get(i).complete(List.of(new Stored(batches.get(i), destination)));
            }
        }
    }

    private IngestBatcher batcher(HeldStore store, String... config) {
        NetraConfig netra = TestConfig.netra(config);
        return new IngestBatcher(store, netra, metrics, vertx, Duration.ofSeconds(5));
    }

    private static List<EventRow> rows(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> EventRow.of("{\"" + prefix + "\":" + i + "}")).toList();
    }

    private static int refusedStatus(IngestBatcher batcher, List<EventRow> rows) {
        Throwable refused = assertThrows(Exception.class, () -> batcher.submit(rows).await().atMost(WAIT));
        return assertInstanceOf(ProblemException.class, refused).problem().status();
    }

    @AfterEach
    void closeVertx() {
        vertx.close();
    }

    @Test
    void aRequestIsWrittenAtOnceWhileAnInsertSlotIsFree() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = batcher(store);

        var receipt = batcher.submit(rows("a", 1)).subscribeAsCompletionStage();

        assertEquals(1, store.batches.size(), "no linger: a lone request is written at once");
        store.completeAll(Destination.QUEUED);
        assertEquals(Map.of(Destination.QUEUED, 1), receipt.toCompletableFuture().join());
    }

    @Test
    void requestsThatArriveWhileEveryInsertIsInFlightGoTogetherInTheNextOne() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = batcher(store, "netra.ingest.concurrent-inserts", "1", "netra.ingest.max-wait", "1h");

        var first = batcher.submit(rows("a", 2)).subscribeAsCompletionStage();
        var second = batcher.submit(rows("b", 3)).subscribeAsCompletionStage();
        var third = batcher.submit(rows("c", 4)).subscribeAsCompletionStage();
        assertEquals(1, store.batches.size(), "the others wait for the insert in flight");

        store.pending.get(0).complete(List.of(new BatchStore.Stored(store.batches.get(0), Destination.CLICKHOUSE)));

        assertEquals(2, store.batches.size());
        assertEquals(7, store.batches.get(1).size(), "the two waiting requests are one insert");
        store.pending.get(1).complete(List.of(new BatchStore.Stored(store.batches.get(1), Destination.CLICKHOUSE)));
        assertEquals(Map.of(Destination.CLICKHOUSE, 2), first.toCompletableFuture().join());
        assertEquals(Map.of(Destination.CLICKHOUSE, 3), second.toCompletableFuture().join());
        assertEquals(Map.of(Destination.CLICKHOUSE, 4), third.toCompletableFuture().join());
    }

    @Test
    void noRequestWaitsLongerThanTheMaxWaitBehindASlowInsert() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = batcher(store, "netra.ingest.concurrent-inserts", "1", "netra.ingest.max-wait", "20ms");

        batcher.submit(rows("a", 1)).subscribeAsCompletionStage();
        batcher.submit(rows("b", 2)).subscribeAsCompletionStage();
        batcher.submit(rows("c", 3)).subscribeAsCompletionStage();

        Awaitility.await().atMost(WAIT).until(() -> store.batches.size() == 2);
        assertEquals(List.of(1, 5), store.batches.stream().map(List::size).toList(), "the first insert is still in flight");
    }

    @Test
    void anInsertCarriesNoMoreThanTheBatchSize() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = batcher(store, "netra.ingest.concurrent-inserts", "1", "netra.ingest.batch-size", "5",
                "netra.ingest.max-wait", "1h");

        batcher.submit(rows("a", 1)).subscribeAsCompletionStage();
        batcher.submit(rows("b", 3)).subscribeAsCompletionStage();
        batcher.submit(rows("c", 3)).subscribeAsCompletionStage();
        store.pending.get(0).complete(List.of(new BatchStore.Stored(store.batches.get(0), Destination.CLICKHOUSE)));
        store.pending.get(1).complete(List.of(new BatchStore.Stored(store.batches.get(1), Destination.CLICKHOUSE)));

        assertEquals(List.of(1, 3, 3), store.batches.stream().map(List::size).toList());
    }

    @Test
    void aRequestIsNotAcknowledgedBeforeItsBatchIsStored() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = batcher(store);

        var receipt = batcher.submit(rows("a", 1)).subscribeAsCompletionStage();

        assertEquals(1, store.pending.size());
        assertEquals(false, receipt.toCompletableFuture().isDone());
        store.pending.get(0).fail(new OutageQueueUnavailableException("both down", null));
        Throwable failure = assertThrows(Exception.class, () -> receipt.toCompletableFuture().join());
        assertInstanceOf(OutageQueueUnavailableException.class, failure.getCause());
    }

    @Test
    void beyondTheEventBoundNewEventsAreTurnedAway() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = batcher(store, "netra.ingest.max-buffered-events", "4");

        batcher.submit(rows("a", 2)).subscribeAsCompletionStage();
        batcher.submit(rows("b", 2)).subscribeAsCompletionStage();
        assertEquals(503, refusedStatus(batcher, rows("c", 1)));

        store.completeAll(Destination.CLICKHOUSE);
        batcher.submit(rows("d", 1)).subscribeAsCompletionStage();
        assertEquals(3, store.batches.size());
    }

    @Test
    void beyondTheByteBoundNewEventsAreTurnedAwayAndTheBytesAreGivenBack() {
        HeldStore store = new HeldStore();
        // 9 bytes: 8 characters, one of them two bytes in UTF-8
        List<EventRow> rows = List.of(EventRow.of("{\"é\":12}"));
        assertEquals(9, rows.get(0).bytes());
        IngestBatcher batcher = batcher(store, "netra.ingest.max-buffered-bytes", "20");

        batcher.submit(rows).subscribeAsCompletionStage();
        batcher.submit(rows).subscribeAsCompletionStage();
        assertEquals(503, refusedStatus(batcher, rows));

        store.completeAll(Destination.CLICKHOUSE);
        batcher.submit(rows).subscribeAsCompletionStage();
        assertEquals(3, store.batches.size());
    }

    @Test
    void onShutdownWaitingEventsAreWrittenWhateverIsInFlightAndNewOnesRefused() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = new IngestBatcher(store, TestConfig.netra("netra.ingest.concurrent-inserts", "1", "netra.ingest.max-wait", "1h"),
                metrics, vertx, Duration.ofMillis(100));
        var inFlight = batcher.submit(rows("a", 3)).subscribeAsCompletionStage();
        var waiting = batcher.submit(rows("b", 2)).subscribeAsCompletionStage();
        store.storeAtOnce = true;

        batcher.onStop(null);

        assertEquals(Map.of(Destination.CLICKHOUSE, 2), waiting.toCompletableFuture().join(), "flushed on SIGTERM");
        store.completeAll(Destination.CLICKHOUSE);
        assertEquals(Map.of(Destination.CLICKHOUSE, 3), inFlight.toCompletableFuture().join());
        assertEquals(503, refusedStatus(batcher, rows("b", 1)));
    }
}
