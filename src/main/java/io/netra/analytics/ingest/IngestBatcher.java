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

import org.jboss.logging.Logger;

import io.netra.analytics.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Groups the events of concurrent requests into batches, so ClickHouse gets few large inserts instead of many
 * small ones. A request's Uni completes only when every one of its events is durably stored somewhere.
 */
@ApplicationScoped
public class IngestBatcher {

    private static final Logger LOG = Logger.getLogger(IngestBatcher.class);

    private final EventStore store;
    private final IngestConfig config;
    private final IngestMetrics metrics;
    private final Vertx vertx;

    private final Object lock = new Object();
    private List<Pending> buffer = new ArrayList<>();
    private int bufferedEvents;
    private int unfinishedEvents;
    private long lingerTimer = -1;
    private boolean closed;
    private final Set<CompletableFuture<?>> writing = ConcurrentHashMap.newKeySet();

    public IngestBatcher(EventStore store, IngestConfig config, IngestMetrics metrics, Vertx vertx) {
        this.store = store;
        this.config = config;
        this.metrics = metrics;
        this.vertx = vertx;
    }

    private record Pending(List<EventRow> rows, CompletableFuture<Map<Destination, Integer>> stored) {
    }

    /** Completes with how many of {@code rows} went to each destination, or fails if any could not be stored. */
    public Uni<Map<Destination, Integer>> submit(List<EventRow> rows) {
        Pending pending = new Pending(rows, new CompletableFuture<>());
        List<Pending> full = null;
        synchronized (lock) {
            if (closed) {
                return Uni.createFrom().failure(ProblemException.unavailable("The service is shutting down.", config.retryAfter()));
            }
            if (unfinishedEvents + rows.size() > config.maxBufferedEvents()) {
                return Uni.createFrom().failure(ProblemException.unavailable(
                        "Too many events are waiting to be stored; slow down.", config.retryAfter()));
            }
            buffer.add(pending);
            bufferedEvents += rows.size();
            unfinishedEvents += rows.size();
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
        batch.forEach(pending -> rows.addAll(pending.rows()));
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
            finished(rows.size(), done);
        }, failure -> {
            batch.forEach(pending -> pending.stored().completeExceptionally(failure));
            finished(rows.size(), done);
        });
    }

    private void finished(int events, CompletableFuture<Void> done) {
        synchronized (lock) {
            unfinishedEvents -= events;
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
        Duration wait = Duration.ofSeconds(30);
        try {
            CompletableFuture.allOf(writing.toArray(CompletableFuture[]::new)).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("Shutdown: %d batches still unwritten after %s", writing.size(), wait);
        } catch (Exception e) {
            LOG.warnf("Shutdown: waiting for batches failed: %s", e.getMessage());
        }
    }
}
