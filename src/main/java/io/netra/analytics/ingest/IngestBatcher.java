package io.netra.analytics.ingest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.netra.analytics.clickhouse.Deadline;
import io.netra.analytics.clickhouse.Row;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.ingest.BatchStore.Part;
import io.netra.analytics.ingest.BatchStore.Placed;
import io.netra.analytics.problem.ProblemException;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Group commit: a request's events are written at once while fewer than {@code netra.ingest.concurrent-inserts}
 * inserts are in flight; otherwise they wait, with the events of other requests, until an insert finishes, and go
 * together in the next one (at most {@code netra.ingest.batch-size} events). No request waits longer than
 * {@code netra.ingest.max-wait}: past it, what waits is written anyway. A batch must be stored by the end of its
 * oldest request's latency budget ({@code netra.ingest.latency-budget}), which the store enforces. Under light load every request is its own
 * insert with no added wait; under heavy load inserts grow with the load, which is what ClickHouse is fast at. A
 * request's Uni completes only when every one of its events is durably stored somewhere. What waits is bounded in
 * events and in bytes; beyond either bound new requests get 503 instead of growing the heap.
 */
@ApplicationScoped
public class IngestBatcher {

    private static final Logger LOG = Logger.getLogger(IngestBatcher.class);

    private final BatchStore store;
    private final NetraConfig.Ingest config;
    private final IngestMetrics metrics;
    private final Duration shutdownWait;
    private final Vertx vertx;

    private final Object lock = new Object();
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private int insertsInFlight;
    private long waitTimer = -1;
    private int unfinishedEvents;
    private long unfinishedBytes;
    private boolean closed;
    private final Set<CompletableFuture<?>> writing = ConcurrentHashMap.newKeySet();

    /** {@code shutdownWait}: Quarkus's own shutdown timeout, so the flush on SIGTERM fits in the time the platform gives. */
    public IngestBatcher(BatchStore store, NetraConfig config, IngestMetrics metrics, Vertx vertx,
            @ConfigProperty(name = "quarkus.shutdown.timeout", defaultValue = "30s") Duration shutdownWait) {
        this.store = store;
        this.vertx = vertx;
        this.config = config.ingest();
        this.metrics = metrics;
        this.shutdownWait = shutdownWait;
    }

    /** A request waiting to be stored, when its latency budget ends, and its trace. */
    private record Pending(Part part, long bytes, Deadline answerBy, CompletableFuture<Map<Destination, Integer>> stored, Context trace) {

        int events() {
            return part.rows().size();
        }
    }

    /**
     * Completes with how many of {@code rows} (one request's, all of {@code tenant}) went to each destination, or
     * fails if any could not be stored; within {@code netra.ingest.latency-budget} from now, whatever ClickHouse does.
     */
    public Uni<Map<Destination, Integer>> submit(String tenant, List<Row> rows) {
        long bytes = 0;
        for (Row row : rows) {
            bytes += row.bytes();
        }
        Pending pending = new Pending(new Part(tenant, rows), bytes, Deadline.in(config.latencyBudget()), new CompletableFuture<>(),
                Context.current());
        List<Pending> batch = null;
        synchronized (lock) {
            if (closed) {
                return Uni.createFrom().failure(ProblemException.unavailable("The service is shutting down.", config.retryAfter()));
            }
            if (unfinishedEvents + rows.size() > config.maxBufferedEvents() || unfinishedBytes + bytes > config.maxBufferedBytes()) {
                return Uni.createFrom().failure(ProblemException.unavailable(
                        "Too many events are waiting to be stored; slow down.", config.retryAfter()));
            }
            waiting.add(pending);
            unfinishedEvents += rows.size();
            unfinishedBytes += bytes;
            if (insertsInFlight < config.concurrentInserts()) {
                batch = nextBatch();
            } else if (waitTimer < 0) {
                waitTimer = vertx.setTimer(config.maxWait().toMillis(), id -> writeWhatWaited());
            }
        }
        write(batch);
        return Uni.createFrom().completionStage(pending.stored);
    }

    /** No insert finished in time: what waits is written anyway, and anything left waits another while. */
    private void writeWhatWaited() {
        List<Pending> batch;
        synchronized (lock) {
            batch = nextBatch();
            waitTimer = waiting.isEmpty() ? -1 : vertx.setTimer(config.maxWait().toMillis(), id -> writeWhatWaited());
        }
        write(batch);
    }

    /** Under the lock: the waiting requests that fit in one insert, counted as in flight; null when none wait. */
    private List<Pending> nextBatch() {
        if (waiting.isEmpty()) {
            return null;
        }
        List<Pending> batch = new ArrayList<>();
        int events = 0;
        do {
            events += waiting.peek().events();
            batch.add(waiting.poll());
        } while (!waiting.isEmpty() && events + waiting.peek().events() <= config.batchSize());
        insertsInFlight++;
        return batch;
    }

    private void write(List<Pending> batch) {
        if (batch == null) {
            return;
        }
        List<Part> parts = new ArrayList<>(batch.size());
        int events = 0;
        long bytes = 0;
        for (Pending pending : batch) {
            parts.add(pending.part());
            events += pending.events();
            bytes += pending.bytes();
        }
        int batchEvents = events;
        long batchBytes = bytes;
        CompletableFuture<Void> done = new CompletableFuture<>();
        writing.add(done);
        // the oldest request's budget decides: the batch is over when it ends, so every request in it is answered in time
        Deadline deadline = batch.get(0).answerBy();
        // the oldest request's trace holds the insert, not that of whichever request, timer or finished insert
        // happened to start this write
        try (Scope ignored = batch.get(0).trace().makeCurrent()) {
            storeBatch(batch, parts, deadline, batchEvents, batchBytes, done);
        }
    }

    private void storeBatch(List<Pending> batch, List<Part> parts, Deadline deadline, int batchEvents, long batchBytes,
            CompletableFuture<Void> done) {
        // deferred: whatever goes wrong, even a bug, fails the waiting requests instead of leaving them hanging
        Uni.createFrom().deferred(() -> {
            metrics.batchSize.record(batchEvents);
            return store.store(parts, deadline);
        }).subscribe().with(placed -> {
            for (int i = 0; i < batch.size(); i++) {
                Placed part = placed.get(i);
                if (part.failure() == null) {
                    batch.get(i).stored().complete(part.counts());
                } else {
                    batch.get(i).stored().completeExceptionally(part.failure());
                }
            }
            finished(batchEvents, batchBytes, done);
        }, failure -> {
            batch.forEach(pending -> pending.stored().completeExceptionally(failure));
            finished(batchEvents, batchBytes, done);
        });
    }

    /** An insert finished: what waited for it goes next. */
    private void finished(int events, long bytes, CompletableFuture<Void> done) {
        List<Pending> next;
        synchronized (lock) {
            unfinishedEvents -= events;
            unfinishedBytes -= bytes;
            insertsInFlight--;
            next = nextBatch();
        }
        writing.remove(done);
        done.complete(null);
        write(next);
    }

    /** On SIGTERM: refuse new events, write everything that waits, and wait for the writes to finish. */
    void onStop(@Observes ShutdownEvent event) {
        List<List<Pending>> remaining = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            for (List<Pending> batch = nextBatch(); batch != null; batch = nextBatch()) {
                remaining.add(batch);
            }
        }
        remaining.forEach(this::write);
        try {
            CompletableFuture.allOf(writing.toArray(CompletableFuture[]::new)).get(shutdownWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("Shutdown: %d batches still unwritten after %s", writing.size(), shutdownWait);
        } catch (Exception e) {
            LOG.warnf("Shutdown: waiting for batches failed: %s", e.getMessage());
        }
    }
}
