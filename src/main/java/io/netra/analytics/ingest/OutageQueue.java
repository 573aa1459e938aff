package io.netra.analytics.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.smallrye.mutiny.Uni;

/**
 * A Redis stream of events waiting for ClickHouse. Entries are added in one MULTI so a batch is queued whole or not
 * at all, read through a consumer group so replicas share the replay, and deleted only after ClickHouse has them.
 * The bound is checked before adding and never enforced by trimming, which would drop acknowledged events.
 */
@ApplicationScoped
public class OutageQueue {

    static final String ROW = "row";

    private final ReactiveRedisDataSource redis;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final OutageQueueConfig config;

    public OutageQueue(ReactiveRedisDataSource redis, OutageQueueConfig config) {
        this.redis = redis;
        this.streams = redis.stream(String.class);
        this.config = config;
    }

    /** A queued event and its stream entry id. */
    public record QueuedRow(String entryId, EventRow row) {
    }

    public Uni<Void> enqueue(List<EventRow> rows) {
        return streams.xlen(config.streamKey())
                .chain(depth -> {
                    if (depth + rows.size() > config.maxEvents()) {
                        return Uni.createFrom().failure(new OutageQueueUnavailableException(
                                "the outage queue is full (" + depth + " of " + config.maxEvents() + " events)", null));
                    }
                    return redis.withTransaction(tx -> {
                        var queued = tx.stream(String.class);
                        List<Uni<Void>> adds = new ArrayList<>(rows.size());
                        for (EventRow row : rows) {
                            adds.add(queued.xadd(config.streamKey(), Map.of(ROW, row.json())));
                        }
                        return Uni.join().all(adds).andFailFast().replaceWithVoid();
                    }).invoke(result -> {
                        if (result.discarded()) {
                            throw new OutageQueueUnavailableException("Redis discarded the queue transaction", null);
                        }
                    }).replaceWithVoid();
                })
                .onFailure(failure -> !(failure instanceof OutageQueueUnavailableException))
                .transform(failure -> new OutageQueueUnavailableException("Redis is unreachable: " + failure.getMessage(), failure));
    }

    /**
     * Takes up to {@code count} entries for {@code consumer}: first its own unacknowledged ones (an earlier insert
     * failed), then entries another replica took and left idle longer than {@code claimIdle}, then new ones.
     */
    public Uni<List<QueuedRow>> take(String consumer, int count, Duration claimIdle) {
        return ensureGroup()
                .chain(() -> streams.xreadgroup(config.consumerGroup(), consumer, config.streamKey(), "0", new XReadGroupArgs().count(count)))
                .chain(own -> own.isEmpty()
                        ? streams.xautoclaim(config.streamKey(), config.consumerGroup(), consumer, claimIdle, "0-0", count)
                                .map(claimed -> claimed.getMessages())
                        : Uni.createFrom().item(own))
                .chain(claimed -> claimed.isEmpty()
                        ? streams.xreadgroup(config.consumerGroup(), consumer, config.streamKey(), ">", new XReadGroupArgs().count(count))
                        : Uni.createFrom().item(claimed))
                .map(OutageQueue::rows);
    }

    /** Forgets entries whose events are now in ClickHouse (or the dead-letter stream). */
    public Uni<Void> remove(List<String> entryIds) {
        if (entryIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = entryIds.toArray(String[]::new);
        return streams.xack(config.streamKey(), config.consumerGroup(), ids)
                .chain(() -> streams.xdel(config.streamKey(), ids))
                .replaceWithVoid();
    }

    public Uni<Long> depth() {
        return streams.xlen(config.streamKey());
    }

    /** When the oldest waiting event was queued; empty when the queue is empty. */
    public Uni<Optional<Instant>> oldestQueuedAt() {
        return streams.xrange(config.streamKey(), StreamRange.of("-", "+"), 1)
                .map(first -> first.stream().findFirst()
                        .map(entry -> Instant.ofEpochMilli(Long.parseLong(entry.id().substring(0, entry.id().indexOf('-'))))));
    }

    private Uni<Void> ensureGroup() {
        return streams.xgroupCreate(config.streamKey(), config.consumerGroup(), "0", new XGroupCreateArgs().mkstream())
                .onFailure(failure -> String.valueOf(failure.getMessage()).contains("BUSYGROUP")).recoverWithNull();
    }

    private static List<QueuedRow> rows(List<StreamMessage<String, String, String>> entries) {
        List<QueuedRow> rows = new ArrayList<>(entries.size());
        for (StreamMessage<String, String, String> entry : entries) {
            rows.add(new QueuedRow(entry.id(), new EventRow(entry.payload().getOrDefault(ROW, ""))));
        }
        return rows;
    }
}
