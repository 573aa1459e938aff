package io.netra.analytics.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
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

import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Groups the events of concurrent requests into batches, so ClickHouse gets few large inserts instead of many
 * small ones. A request's Uni completes only when every one of its events is durably stored somewhere. What waits
 * is bounded in events and in bytes; beyond either bound new requests get 503 instead of growing the heap.
 */
@ApplicationScoped
public class IngestBatcher {

    private static final Logger LOG = Logger.getLogger(IngestBatcher.class);

    private final BatchStore store;
    private final NetraConfig.Ingest config;
    private final IngestMetrics metrics;
    private final Vertx vertx;
    private final Duration shutdownWait;

    private final Object lock = new Object();
    private List<Pending> buffer = new ArrayList<>();
    private int bufferedEvents;
    private int unfinishedEvents;
    private long unfinishedBytes;
    private long lingerTimer = -1;
    private boolean closed;
    private final Set<CompletableFuture<?>> writing = ConcurrentHashMap.newKeySet();

    /** {@code shutdownWait}: Quarkus's own shutdown timeout, so the flush on SIGTERM fits in the time the platform gives. */
    public IngestBatcher(BatchStore store, NetraConfig config, IngestMetrics metrics, Vertx vertx,
            @ConfigProperty(name = "quarkus.shutdown.timeout", defaultValue = "30s") Duration shutdownWait) {
        this.store = store;
        this.config = config.ingest();
        this.metrics = metrics;
        this.vertx = vertx;
        this.shutdownWait = shutdownWait;
    }

    private record Pending(List<EventRow> rows, long bytes, CompletableFuture<Map<Destination, Integer>> stored) {
    }

    /** Completes with how many of {@code rows} went to each destination, or fails if any could not be stored. */
    public Uni<Map<Destination, Integer>> submit(List<EventRow> rows) {
        long bytes = 0;
        for (EventRow row : rows) {
            bytes += row.bytes();
        }
        Pending pending = new Pending(rows, bytes, new CompletableFuture<>());
        List<Pending> full = null;
        synchronized (lock) {
            if (closed) {
                return Uni.createFrom().failure(ProblemException.unavailable("The service is shutting down.", config.retryAfter()));
            }
            if (unfinishedEvents + rows.size() > config.maxBufferedEvents() || unfinishedBytes + bytes > config.maxBufferedBytes()) {
                return Uni.createFrom().failure(ProblemException.unavailable(
                        "Too many events are waiting to be stored; slow down.", config.retryAfter()));
            }
            buffer.add(pending);
            bufferedEvents += rows.size();
            unfinishedEvents += rows.size();
            unfinishedBytes += bytes;
            if (bufferedEvents >= config.batchSize()) {
                full = takeBuffer();
            } else if (lingerTimer < 0) {
                lingerTimer = vertx.setTimer(Math.max(1, config.linger().toMillis()), id -> flushLingering());
            }
        }
        if (full != null) {
            write(full);
        }
        return Uni.createFrom().completionStage(pending.stored);
    }

    private void flushLingering() {
        List<Pending> lingering;
        synchronized (lock) {
            lingerTimer = -1;
            lingering = takeBuffer();
        }
        write(lingering);
    }

    private List<Pending> takeBuffer() {
        if (lingerTimer >= 0) {
            vertx.cancelTimer(lingerTimer);
            lingerTimer = -1;
        }
        List<Pending> taken = buffer;
        buffer = new ArrayList<>();
        bufferedEvents = 0;
        return taken;
    }

    private void write(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<EventRow> rows = new ArrayList<>();
        long bytes = 0;
        for (Pending pending : batch) {
            rows.addAll(pending.rows());
            bytes += pending.bytes();
        }
        long batchBytes = bytes;
        CompletableFuture<Void> done = new CompletableFuture<>();
        writing.add(done);
        // deferred: whatever goes wrong, even a bug, fails the waiting requests instead of leaving them hanging
        Uni.createFrom().deferred(() -> {
            metrics.batchSize.record(rows.size());
            return store.store(rows);
        }).subscribe().with(stored -> {
            Map<EventRow, Destination> destinations = new IdentityHashMap<>();
            stored.forEach(part -> part.rows().forEach(row -> destinations.put(row, part.destination())));
            batch.forEach(pending -> pending.stored().complete(countByDestination(pending.rows(), destinations)));
            finished(rows.size(), batchBytes, done);
        }, failure -> {
            batch.forEach(pending -> pending.stored().completeExceptionally(failure));
            finished(rows.size(), batchBytes, done);
        });
    }

    private void finished(int events, long bytes, CompletableFuture<Void> done) {
        synchronized (lock) {
            unfinishedEvents -= events;
            unfinishedBytes -= bytes;
        }
        writing.remove(done);
        done.complete(null);
    }

    private static Map<Destination, Integer> countByDestination(List<EventRow> rows, Map<EventRow, Destination> destinations) {
        Map<Destination, Integer> counts = new EnumMap<>(Destination.class);
        rows.forEach(row -> counts.merge(destinations.get(row), 1, Integer::sum));
        return counts;
    }

    /** On SIGTERM: refuse new events, write what is buffered, and wait for the writes to finish. */
    void onStop(@Observes ShutdownEvent event) {
        List<Pending> remaining;
        synchronized (lock) {
            closed = true;
            remaining = takeBuffer();
        }
        write(remaining);
        try {
            CompletableFuture.allOf(writing.toArray(CompletableFuture[]::new)).get(shutdownWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("Shutdown: %d batches still unwritten after %s", writing.size(), shutdownWait);
        } catch (Exception e) {
            LOG.warnf("Shutdown: waiting for batches failed: %s", e.getMessage());
        }
    }
}
