package io.netra.analytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.netra.analytics.clickhouse.Deadline;
import io.netra.analytics.clickhouse.Row;
import io.netra.analytics.clickhouse.RowTable;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.ingest.BatchStore.Part;
import io.netra.analytics.ingest.BatchStore.Placed;
import io.netra.analytics.problem.ProblemException;
import io.netra.analytics.queue.QueueRefusedException;
import io.netra.analytics.support.TestConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;

class IngestBatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private final Vertx vertx = Vertx.vertx();
    private final IngestMetrics metrics = new IngestMetrics(new SimpleMeterRegistry());

    /** Records every batch and holds its completion until the test releases it. */
    private static final class HeldStore implements BatchStore {
        final List<List<Part>> batches = Collections.synchronizedList(new ArrayList<>());
        final List<Deadline> deadlines = Collections.synchronizedList(new ArrayList<>());
        final List<UniEmitter<? super List<Placed>>> pending = Collections.synchronizedList(new ArrayList<>());
        boolean storeAtOnce;

        @Override
        public Uni<List<Placed>> store(List<Part> parts, Deadline deadline) {
            batches.add(parts);
            deadlines.add(deadline);
            if (storeAtOnce) {
                return Uni.createFrom().item(placed(parts, Destination.CLICKHOUSE));
            }
            return Uni.createFrom().emitter(pending::add);
        }

        void complete(int batch, Destination destination) {
            pending.get(batch).complete(placed(batches.get(batch), destination));
        }

        void completeAll(Destination destination) {
            for (int i = 0; i < pending.size(); i++) {
                complete(i, destination);
            }
        }

        int size(int batch) {
            return batches.get(batch).stream().mapToInt(part -> part.rows().size()).sum();
        }

        List<Integer> sizes() {
            return IntStream.range(0, batches.size()).mapToObj(this::size).toList();
        }

        private static List<Placed> placed(List<Part> parts, Destination destination) {
            return parts.stream().map(part -> Placed.stored(Map.of(destination, part.rows().size()))).toList();
        }
    }

    private IngestBatcher batcher(HeldStore store, String... config) {
        NetraConfig netra = TestConfig.netra(config);
        return new IngestBatcher(store, netra, metrics, vertx, Duration.ofSeconds(5));
    }

    private static List<Row> rows(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> Row.of(RowTable.EVENTS, "{\"" + prefix + "\":" + i + "}")).toList();
    }

    private static int refusedStatus(IngestBatcher batcher, List<Row> rows) {
        Throwable refused = assertThrows(Exception.class, () -> batcher.submit("t", rows).await().atMost(WAIT));
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

        var receipt = batcher.submit("t", rows("a", 1)).subscribeAsCompletionStage();

        assertEquals(1, store.batches.size(), "no linger: a lone request is written at once");
        store.completeAll(Destination.QUEUED);
        assertEquals(Map.of(Destination.QUEUED, 1), receipt.toCompletableFuture().join());
    }

    @Test
    void requestsThatArriveWhileEveryInsertIsInFlightGoTogetherInTheNextOne() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = batcher(store, "netra.ingest.concurrent-inserts", "1", "netra.ingest.max-wait", "1h");

        var first = batcher.submit("t", rows("a", 2)).subscribeAsCompletionStage();
        var second = batcher.submit("t", rows("b", 3)).subscribeAsCompletionStage();
        var third = batcher.submit("t", rows("c", 4)).subscribeAsCompletionStage();
        assertEquals(1, store.batches.size(), "the others wait for the insert in flight");

        store.complete(0, Destination.CLICKHOUSE);

        assertEquals(2, store.batches.size());
        assertEquals(7, store.size(1), "the two waiting requests are one insert");
        store.complete(1, Destination.CLICKHOUSE);
        assertEquals(Map.of(Destination.CLICKHOUSE, 2), first.toCompletableFuture().join());
        assertEquals(Map.of(Destination.CLICKHOUSE, 3), second.toCompletableFuture().join());
        assertEquals(Map.of(Destination.CLICKHOUSE, 4), third.toCompletableFuture().join());
    }

    @Test
    void noRequestWaitsLongerThanTheMaxWaitBehindASlowInsert() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = batcher(store, "netra.ingest.concurrent-inserts", "1", "netra.ingest.max-wait", "20ms");

        batcher.submit("t", rows("a", 1)).subscribeAsCompletionStage();
        batcher.submit("t", rows("b", 2)).subscribeAsCompletionStage();
        batcher.submit("t", rows("c", 3)).subscribeAsCompletionStage();

        Awaitility.await().atMost(WAIT).until(() -> store.batches.size() == 2);
        assertEquals(List.of(1, 5), store.sizes(), "the first insert is still in flight");
    }

    @Test
    void anInsertCarriesNoMoreThanTheBatchSize() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = batcher(store, "netra.ingest.concurrent-inserts", "1", "netra.ingest.batch-size", "5",
                "netra.ingest.max-wait", "1h");

        batcher.submit("t", rows("a", 1)).subscribeAsCompletionStage();
        batcher.submit("t", rows("b", 3)).subscribeAsCompletionStage();
        batcher.submit("t", rows("c", 3)).subscribeAsCompletionStage();
        store.complete(0, Destination.CLICKHOUSE);
        store.complete(1, Destination.CLICKHOUSE);

        assertEquals(List.of(1, 3, 3), store.sizes());
    }

    @Test
    void aBatchMustBeStoredByTheEndOfItsOldestRequestsBudget() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = batcher(store, "netra.ingest.concurrent-inserts", "1", "netra.ingest.max-wait", "1h",
                "netra.ingest.latency-budget", "1h");
        long budget = Duration.ofHours(1).toNanos();
        batcher.submit("t", rows("a", 1)).subscribeAsCompletionStage();

        long beforeOldest = System.nanoTime();
        batcher.submit("t", rows("b", 1)).subscribeAsCompletionStage();
        long afterOldest = System.nanoTime();
        batcher.submit("t", rows("c", 1)).subscribeAsCompletionStage();
        store.complete(0, Destination.CLICKHOUSE);

        long deadline = store.deadlines.get(1).nanoTime();
        assertTrue(deadline - beforeOldest >= budget && deadline - afterOldest <= budget,
                "the second batch ends with the budget of b, its oldest request, not of c");
    }

    @Test
    void eachRequestGetsItsOwnPartsOutcome() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = batcher(store, "netra.ingest.concurrent-inserts", "1", "netra.ingest.max-wait", "1h");
        batcher.submit("quiet", rows("a", 1)).subscribeAsCompletionStage();
        var noisy = batcher.submit("noisy", rows("b", 2)).subscribeAsCompletionStage();
        var quiet = batcher.submit("quiet", rows("c", 3)).subscribeAsCompletionStage();
        store.complete(0, Destination.QUEUED);

        assertEquals(List.of("noisy", "quiet"), store.batches.get(1).stream().map(Part::tenant).toList());
        QueueRefusedException full = new QueueRefusedException(QueueRefusedException.Reason.TENANT_SHARE, "share", null);
        store.pending.get(1).complete(List.of(Placed.refused(full), Placed.stored(Map.of(Destination.QUEUED, 3))));

        assertEquals(Map.of(Destination.QUEUED, 3), quiet.toCompletableFuture().join());
        Throwable refused = assertThrows(Exception.class, () -> noisy.toCompletableFuture().join());
        assertEquals(full, refused.getCause());
    }

    @Test
    void aRequestIsNotAcknowledgedBeforeItsBatchIsStored() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = batcher(store);

        var receipt = batcher.submit("t", rows("a", 1)).subscribeAsCompletionStage();

        assertEquals(1, store.pending.size());
        assertEquals(false, receipt.toCompletableFuture().isDone());
        store.pending.get(0).fail(new QueueRefusedException(QueueRefusedException.Reason.REDIS_UNREACHABLE, "both down", null));
        Throwable failure = assertThrows(Exception.class, () -> receipt.toCompletableFuture().join());
        assertInstanceOf(QueueRefusedException.class, failure.getCause());
    }

    @Test
    void beyondTheEventBoundNewEventsAreTurnedAway() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = batcher(store, "netra.ingest.max-buffered-events", "4");

        batcher.submit("t", rows("a", 2)).subscribeAsCompletionStage();
        batcher.submit("t", rows("b", 2)).subscribeAsCompletionStage();
        assertEquals(503, refusedStatus(batcher, rows("c", 1)));

        store.completeAll(Destination.CLICKHOUSE);
        batcher.submit("t", rows("d", 1)).subscribeAsCompletionStage();
        assertEquals(3, store.batches.size());
    }

    @Test
    void beyondTheByteBoundNewEventsAreTurnedAwayAndTheBytesAreGivenBack() {
        HeldStore store = new HeldStore();
        // 9 bytes: 8 characters, one of them two bytes in UTF-8
        List<Row> rows = List.of(Row.of(RowTable.EVENTS, "{\"é\":12}"));
        assertEquals(9, rows.get(0).bytes());
        IngestBatcher batcher = batcher(store, "netra.ingest.max-buffered-bytes", "20");

        batcher.submit("t", rows).subscribeAsCompletionStage();
        batcher.submit("t", rows).subscribeAsCompletionStage();
        assertEquals(503, refusedStatus(batcher, rows));

        store.completeAll(Destination.CLICKHOUSE);
        batcher.submit("t", rows).subscribeAsCompletionStage();
        assertEquals(3, store.batches.size());
    }

    @Test
    void onShutdownWaitingEventsAreWrittenWhateverIsInFlightAndNewOnesRefused() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = new IngestBatcher(store, TestConfig.netra("netra.ingest.concurrent-inserts", "1", "netra.ingest.max-wait", "1h"),
                metrics, vertx, Duration.ofMillis(100));
        var inFlight = batcher.submit("t", rows("a", 3)).subscribeAsCompletionStage();
        var waiting = batcher.submit("t", rows("b", 2)).subscribeAsCompletionStage();
        store.storeAtOnce = true;

        batcher.onStop(null);

        assertEquals(Map.of(Destination.CLICKHOUSE, 2), waiting.toCompletableFuture().join(), "flushed on SIGTERM");
        store.completeAll(Destination.CLICKHOUSE);
        assertEquals(Map.of(Destination.CLICKHOUSE, 3), inFlight.toCompletableFuture().join());
        assertEquals(503, refusedStatus(batcher, rows("b", 1)));
    }
}
