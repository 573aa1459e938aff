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

    @AfterEach
    void closeVertx() {
        vertx.close();
    }

    private IngestBatcher batcher(HeldStore store, String... config) {
        NetraConfig netra = TestConfig.netra(config);
        return new IngestBatcher(store, netra, metrics, vertx, Duration.ofSeconds(5));
    }

    private static List<EventRow> rows(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> new EventRow("{\"" + prefix + "\":" + i + "}")).toList();
    }

    private static int refusedStatus(IngestBatcher batcher, List<EventRow> rows) {
        Throwable refused = assertThrows(Exception.class, () -> batcher.submit(rows).await().atMost(WAIT));
        return assertInstanceOf(ProblemException.class, refused).problem().status();
    }

    @Test
    void requestsThatFillABatchAreWrittenTogetherAtOnce() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = batcher(store, "netra.ingest.batch-size", "5");

        var first = batcher.submit(rows("a", 2)).subscribeAsCompletionStage();
        var second = batcher.submit(rows("b", 3)).subscribeAsCompletionStage();

        Awaitility.await().atMost(WAIT).until(() -> store.batches.size() == 1);
        assertEquals(5, store.batches.get(0).size());
        store.completeAll(Destination.CLICKHOUSE);
        assertEquals(Map.of(Destination.CLICKHOUSE, 2), first.toCompletableFuture().join());
        assertEquals(Map.of(Destination.CLICKHOUSE, 3), second.toCompletableFuture().join());
    }

    @Test
    void aPartialBatchIsWrittenAfterTheLinger() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = batcher(store);

        var receipt = batcher.submit(rows("a", 1)).subscribeAsCompletionStage();

        Awaitility.await().atMost(WAIT).until(() -> store.batches.size() == 1);
        store.completeAll(Destination.QUEUED);
        assertEquals(Map.of(Destination.QUEUED, 1), receipt.toCompletableFuture().join());
    }

    @Test
    void aRequestIsNotAcknowledgedBeforeItsBatchIsStored() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = batcher(store, "netra.ingest.batch-size", "1");

        var receipt = batcher.submit(rows("a", 1)).subscribeAsCompletionStage();

        Awaitility.await().atMost(WAIT).until(() -> store.pending.size() == 1);
        assertEquals(false, receipt.toCompletableFuture().isDone());
        store.pending.get(0).fail(new OutageQueueUnavailableException("both down", null));
        Throwable failure = assertThrows(Exception.class, () -> receipt.toCompletableFuture().join());
        assertInstanceOf(OutageQueueUnavailableException.class, failure.getCause());
    }

    @Test
    void beyondTheEventBoundNewEventsAreTurnedAway() {
        HeldStore store = new HeldStore();
        IngestBatcher batcher = batcher(store, "netra.ingest.batch-size", "2", "netra.ingest.max-buffered-events", "4");

        batcher.submit(rows("a", 2)).subscribeAsCompletionStage();
        batcher.submit(rows("b", 2)).subscribeAsCompletionStage();
        assertEquals(503, refusedStatus(batcher, rows("c", 1)));

        store.completeAll(Destination.CLICKHOUSE);
        batcher.submit(rows("d", 1)).subscribeAsCompletionStage();
        Awaitility.await().atMost(WAIT).until(() -> store.batches.size() == 3);
    }

    @Test
    void beyondTheByteBoundNewEventsAreTurnedAwayAndTheBytesAreGivenBack() {
        HeldStore store = new HeldStore();
        // 9 bytes: 8 characters, one of them two bytes in UTF-8
        List<EventRow> rows = List.of(new EventRow("{\"é\":12}"));
        assertEquals(9, rows.get(0).bytes());
        IngestBatcher batcher = batcher(store, "netra.ingest.batch-size", "1", "netra.ingest.max-buffered-bytes", "20");

        batcher.submit(rows).subscribeAsCompletionStage();
        batcher.submit(rows).subscribeAsCompletionStage();
        assertEquals(503, refusedStatus(batcher, rows));

        store.completeAll(Destination.CLICKHOUSE);
        batcher.submit(rows).subscribeAsCompletionStage();
        Awaitility.await().atMost(WAIT).until(() -> store.batches.size() == 3);
    }

    @Test
    void onShutdownBufferedEventsAreWrittenBeforeExitAndNewOnesRefused() {
        HeldStore store = new HeldStore();
        store.storeAtOnce = true;
        IngestBatcher batcher = batcher(store);
        var receipt = batcher.submit(rows("a", 3)).subscribeAsCompletionStage();

        batcher.onStop(null);

        assertEquals(Map.of(Destination.CLICKHOUSE, 3), receipt.toCompletableFuture().join());
        assertEquals(1, store.batches.size(), "written once, whether the linger or the shutdown flushed it");
        assertEquals(503, refusedStatus(batcher, rows("b", 1)));
    }
}
