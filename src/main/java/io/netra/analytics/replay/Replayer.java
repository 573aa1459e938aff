package io.netra.analytics.replay;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netra.analytics.clickhouse.Row;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.ingest.BatchRouter;
import io.netra.analytics.mode.ModeSwitch;
import io.netra.analytics.queue.DeadLetters;
import io.netra.analytics.queue.DeadLetters.DeadLetter;
import io.netra.analytics.queue.OutageQueue;
import io.netra.analytics.queue.OutageQueue.QueuedRow;
import io.netra.analytics.schema.SchemaState;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Drains the outage queue into ClickHouse, batch after batch until it is empty. Starts small after an outage and doubles the batch after every
 * successful insert, so a recovering ClickHouse is not flooded; any failure, including the replay breaker being
 * open, drops back to the smallest batch. Entries are removed only after ClickHouse (or the dead-letter stream) has
 * their events, so a crash mid-replay replays them again, which ReplacingMergeTree collapses.
 */
@ApplicationScoped
public class Replayer {

    private static final Logger LOG = Logger.getLogger(Replayer.class);

    private final OutageQueue queue;
    private final BatchRouter store;
    private final DeadLetters deadLetters;
    private final SchemaState schema;
    private final ModeSwitch mode;
    private final NetraConfig.Replay config;
    private final Counter replayed;
    private final Clock clock;
    private final String consumer;
    private volatile int batchSize;
    private volatile boolean failing;
    private volatile Instant lastReplayAt;

    public Replayer(OutageQueue queue, BatchRouter store, DeadLetters deadLetters, SchemaState schema, ModeSwitch mode,
            NetraConfig config, MeterRegistry registry, Clock clock) {
        this.queue = queue;
        this.store = store;
        this.deadLetters = deadLetters;
        this.schema = schema;
        this.mode = mode;
        this.config = config.replay();
        this.replayed = Counter.builder("netra.ingest.events.replayed").description("Events moved from the outage queue to ClickHouse")
                .register(registry);
        this.clock = clock;
        this.consumer = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("replayer") + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.batchSize = this.config.minBatch();
    }

    @Scheduled(every = "${netra.replay.interval}", delayed = "${netra.replay.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return queue.refreshGauges().chain(this::drain)
                .onFailure().recoverWithUni(failure -> {
                    if (!failing) {
                        LOG.warnf("Replay paused, will keep trying: %s", failure.getMessage());
                        failing = true;
                    }
                    batchSize = config.minBatch();
                    return Uni.createFrom().voidItem();
                });
    }

    /** Batch after batch while there is anything to move, so a long outage drains at insert speed, not one batch a tick. */
    private Uni<Void> drain() {
        return Multi.createBy().repeating().uni(this::replayOnce).whilst(handled -> handled > 0).onItem().ignoreAsUni();
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
            // every row the service queues starts with its table's id field; anything else was not written by it
            List<QueuedRow> events = entries.stream().filter(entry -> entry.row().isWellFormed()).toList();
            List<QueuedRow> others = entries.stream().filter(entry -> !entry.row().isWellFormed()).toList();
            return setAside(others)
                    .chain(() -> events.isEmpty() ? Uni.createFrom().voidItem()
                            : store.replay(events))
                    .chain(() -> queue.remove(events.stream().map(QueuedRow::entryId).toList()))
                    .invoke(() -> {
                        replayed.increment(events.size());
                        if (failing) {
                            LOG.info("Replay resumed");
                            failing = false;
                        }
                        batchSize = Math.min(config.maxBatch(), batchSize * 2);
                        lastReplayAt = clock.instant();
                    })
                    .replaceWith(entries.size());
        });
    }

    /** Entries the service did not write go to the dead letters at once, whatever happens to the rest. */
    private Uni<Void> setAside(List<QueuedRow> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<DeadLetter> malformed = entries.stream()
                .map(entry -> new DeadLetter(entry.row(), entry.tenant(), DeadLetters.MALFORMED, "outage-queue entry " + entry.entryId() + " is not a row this service wrote"))
                .toList();
        return deadLetters.add(malformed).chain(() -> queue.remove(entries.stream().map(QueuedRow::entryId).toList()));
    }

    /**
     * For operators: this replica's consumer name in the queue's group (XPENDING lists entries by it), the current
     * ramp, whether replay is failing, and when it last moved events.
     */
    @Schema(name = "ReplayStatus")
    public record Status(String consumer, int batchSize, boolean failing, @Schema(nullable = true, implementation = String.class, format = "date-time") Instant lastReplayAt) {
    }

    public Status status() {
        return new Status(consumer, batchSize, failing, lastReplayAt);
    }
}
