package io.netra.analytics.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netra.analytics.ingest.OutageQueue.QueuedRow;
import io.netra.analytics.resilience.ModeSwitch;
import io.netra.analytics.schema.SchemaState;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Drains the outage queue into ClickHouse. Starts small after an outage and doubles the batch after every
 * successful insert, so a recovering ClickHouse is not flooded; any failure, including the replay breaker being
 * open, drops back to the smallest batch.
 * Entries are removed only after ClickHouse has their events, so a crash mid-replay replays them again, which
 * ReplacingMergeTree collapses.
 */
@ApplicationScoped
public class Replayer {

    private static final Logger LOG = Logger.getLogger(Replayer.class);

    private final OutageQueue queue;
    private final EventStore store;
    private final DeadLetters deadLetters;
    private final SchemaState schema;
    private final ModeSwitch mode;
    private final ReplayConfig config;
    private final IngestMetrics metrics;
    private final ObjectMapper json;
    private final String consumer;
    private volatile int batchSize;
    private volatile boolean failing;
    private volatile Instant lastReplayAt;

    public Replayer(OutageQueue queue, EventStore store, DeadLetters deadLetters, SchemaState schema, ModeSwitch mode,
            ReplayConfig config, IngestMetrics metrics, ObjectMapper json) {
        this.queue = queue;
        this.store = store;
        this.deadLetters = deadLetters;
        this.schema = schema;
        this.mode = mode;
        this.config = config;
        this.metrics = metrics;
        this.json = json;
        String host = System.getenv("HOSTNAME");
        this.consumer = (host == null ? "replayer" : host) + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.batchSize = config.minBatch();
    }

    @Scheduled(every = "${netra.replay.interval:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return refreshQueueGauges().chain(this::replayOnce).replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    if (!failing) {
                        LOG.warnf("Replay paused, will keep trying: %s", failure.getMessage());
                        failing = true;
                    }
                    batchSize = config.minBatch();
                    return Uni.createFrom().voidItem();
                });
    }

    /** Moves one batch from the queue to ClickHouse; emits how many entries were handled (0: nothing to do). */
    public Uni<Integer> replayOnce() {
        if (!schema.isReady() || !mode.clickHouseEnabled()) {
            return Uni.createFrom().item(0);
        }
        return queue.take(consumer, batchSize, config.claimIdle()).chain(entries -> {
            if (entries.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            Map<Boolean, List<QueuedRow>> byValidity = entries.stream()
                    .collect(Collectors.partitioningBy(entry -> isEventRow(entry.row())));
            List<QueuedRow> valid = byValidity.get(true);
            return deadLetter(byValidity.get(false))
                    .chain(() -> valid.isEmpty() ? Uni.createFrom().voidItem()
                            : store.replay(valid.stream().map(QueuedRow::row).toList()).replaceWithVoid())
                    .chain(() -> queue.remove(valid.stream().map(QueuedRow::entryId).toList()))
                    .invoke(() -> {
                        metrics.replayed.increment(valid.size());
                        if (failing) {
                            LOG.info("Replay resumed");
                            failing = false;
                        }
                        batchSize = Math.min(config.maxBatch(), batchSize * 2);
                        lastReplayAt = Instant.now();
                    })
                    .replaceWith(entries.size());
        });
    }

    /** Malformed entries leave the queue as soon as they are dead-lettered, whatever happens to the rest. */
    private Uni<Void> deadLetter(List<QueuedRow> malformed) {
        if (malformed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(malformed.stream()
                .map(entry -> deadLetters.add(entry.row(), "malformed outage-queue entry " + entry.entryId()))
                .toList()).andFailFast()
                .chain(() -> queue.remove(malformed.stream().map(QueuedRow::entryId).toList()));
    }

    private Uni<Void> refreshQueueGauges() {
        return queue.depth().chain(depth -> {
            metrics.queueDepth.set(depth);
            return queue.oldestQueuedAt();
        }).invoke(oldest -> metrics.oldestQueuedAgeSeconds.set(
                oldest.map(at -> Duration.between(at, Instant.now()).toSeconds()).orElse(0L))).replaceWithVoid();
    }

    private boolean isEventRow(EventRow row) {
        try {
            JsonNode node = json.readTree(row.json());
            return node != null && node.isObject() && node.path("event_id").isTextual();
        } catch (Exception e) {
            return false;
        }
    }

    /** For operators: the current ramp, whether replay is failing, and when it last moved events. */
    @RegisterForReflection
    public record Status(int batchSize, boolean failing, Instant lastReplayAt) {
    }

    public Status status() {
        return new Status(batchSize, failing, lastReplayAt);
    }
}
