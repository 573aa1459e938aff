package io.netra.analytics.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.netra.analytics.clickhouse.Row;
import io.netra.analytics.clickhouse.RowTable;
import io.netra.analytics.config.NetraConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * A Redis stream of events waiting for ClickHouse, bounded by events and by bytes, in all and per tenant. Adding,
 * removing and moving entries run as Lua scripts ({@link QueueScripts}), so a request is queued whole or not at all,
 * the counts never drift from the entries, and an acknowledged entry never lingers. The bounds are checked before
 * adding and never enforced by trimming, which would drop acknowledged events. Replicas share the replay through a
 * consumer group.
 * <p>
 * On Redis Cluster the stream, its byte count and the dead-letter stream must share a hash tag
 * (e.g. {@code {netra}:outage-queue}), since each script touches them together.
 */
@ApplicationScoped
public class OutageQueue {

    static final String ROW = "row";
    static final String TABLE = "table";
    static final String TENANT = "tenant";

    private final ReactiveRedisDataSource redis;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final NetraConfig.OutageQueue config;
    private final EvictionPolicyCheck evictionPolicy;
    private final QueueMetrics metrics;
    private final Clock clock;

    public OutageQueue(ReactiveRedisDataSource redis, NetraConfig config, EvictionPolicyCheck evictionPolicy, QueueMetrics metrics, Clock clock) {
        this.redis = redis;
        this.streams = redis.stream(String.class);
        this.config = config.outageQueue();
        this.evictionPolicy = evictionPolicy;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** One request's rows (at least one, of any of the tables), and what its tenant may hold of the queue. */
    public record TenantRows(String tenant, long maxEvents, long maxBytes, List<Row> rows) {
    }

    /** A queued event, its stream entry id and its tenant (empty for entries of earlier releases). */
    public record QueuedRow(String entryId, Row row, String tenant) {
    }

    /** A tenant's part of the queue. */
    public record TenantUsage(String tenant, long events, long bytes) {
    }

    /**
     * Queues each part whole or not at all; emits, part by part, why it was refused (empty: queued). Fails when
     * Redis cannot be used at all.
     */
    public Uni<List<Optional<QueueRefusedException>>> enqueue(List<TenantRows> parts) {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(config.maxEvents()));
        args.add(String.valueOf(config.maxBytes()));
        for (TenantRows part : parts) {
            args.add(part.tenant());
            args.add(String.valueOf(part.maxEvents()));
            args.add(String.valueOf(part.maxBytes()));
            args.add(String.valueOf(part.rows().size()));
            part.rows().forEach(row -> {
                args.add(row.table().key());
                args.add(row.json());
            });
        }
        return evictionPolicy.verified()
                .chain(() -> config.replicasToAcknowledge() == 0 ? QueueScripts.ENQUEUE.run(redis, keys(), args) : addReplicated(args))
                .map(results -> {
                    List<Optional<QueueRefusedException>> refusals = new ArrayList<>(parts.size());
                    for (int i = 0; i < parts.size(); i++) {
                        refusals.add(refusal(results.get(i).toLong(), parts.get(i)));
                    }
                    return refusals;
                })
                .onFailure(failure -> !(failure instanceof QueueRefusedException))
                .transform(failure -> new QueueRefusedException(QueueRefusedException.Reason.REDIS_UNREACHABLE,
                        "Redis is unreachable: " + failure.getMessage(), failure));
    }

    /** WAIT counts the writes of its own connection: a batch sends the script and the wait on one. */
    private Uni<Response> addReplicated(List<String> args) {
        int wanted = config.replicasToAcknowledge();
        Request wait = Request.cmd(Command.WAIT).arg(wanted).arg(config.replicaAckTimeout().toMillis());
        return redis.getRedis().batch(List.of(QueueScripts.ENQUEUE.request(keys(), args), wait)).map(responses -> {
            int confirmed = responses.get(1).toInteger();
            if (confirmed < wanted) {
                throw new QueueRefusedException(QueueRefusedException.Reason.NOT_REPLICATED, "only " + confirmed + " of "
                        + wanted + " Redis replicas confirmed the queued events within " + config.replicaAckTimeout()
                        + " (netra.outage-queue.replicas-to-acknowledge)", null);
            }
            return responses.get(0);
        });
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

    /** Forgets entries whose events are now in ClickHouse or the dead-letter stream: acknowledged and deleted in one step. */
    public Uni<Void> remove(List<String> entryIds) {
        if (entryIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> args = new ArrayList<>(entryIds.size() + 1);
        args.add(config.consumerGroup());
        args.addAll(entryIds);
        return QueueScripts.REMOVE.run(redis, keys(), args).replaceWithVoid();
    }

    /** Moves entries of another stream (the dead letters) into the queue in one step; emits how many rows moved. */
    Uni<Long> moveIn(String sourceStream, List<String> entryIds) {
        List<String> args = new ArrayList<>(entryIds.size() + 2);
        args.add(String.valueOf(config.maxEvents()));
        args.add(String.valueOf(config.maxBytes()));
        args.addAll(entryIds);
        List<String> keys = new ArrayList<>(keys());
        keys.add(sourceStream);
        return QueueScripts.MOVE_IN.run(redis, keys, args).map(Response::toLong).invoke(moved -> {
            if (moved < 0) {
                throw full(moved, entryIds.size());
            }
        });
    }

    /** Reads depth, bytes and the oldest entry's age into the queue's gauges. */
    public Uni<Void> refreshGauges() {
        return Uni.combine().all().unis(depth(), bytes(), oldestQueuedAt()).with((depth, bytes, oldest) -> {
            metrics.depth.set(depth);
            metrics.bytes.set(bytes);
            metrics.oldestAgeSeconds.set(oldest.map(at -> Duration.between(at, clock.instant()).toSeconds()).orElse(0L));
            return depth;
        }).replaceWithVoid();
    }

    public Uni<Long> depth() {
        return streams.xlen(config.streamKey());
    }

    /** Bytes of queued rows, as the byte bound counts them. */
    public Uni<Long> bytes() {
        return redis.value(Long.class).get(bytesKey()).map(bytes -> bytes == null ? 0L : Math.max(0L, bytes));
    }

    /** When the oldest waiting event was queued; empty when the queue is empty. */
    public Uni<Optional<Instant>> oldestQueuedAt() {
        return streams.xrange(config.streamKey(), StreamRange.of("-", "+"), 1)
                .map(first -> first.stream().findFirst().map(entry -> StreamIds.instant(entry.id())));
    }

    /** The {@code limit} tenants holding the most queued events, most first. */
    public Uni<List<TenantUsage>> largestTenants(int limit) {
        return Uni.combine().all().unis(redis.hash(Long.class).hgetall(tenantEventsKey()), redis.hash(Long.class).hgetall(tenantBytesKey()))
                .with((events, bytes) -> events.entrySet().stream()
                        .map(entry -> new TenantUsage(entry.getKey(), entry.getValue(), bytes.getOrDefault(entry.getKey(), 0L)))
                        .sorted(Comparator.comparingLong(TenantUsage::events).reversed().thenComparing(TenantUsage::tenant))
                        .limit(limit).toList());
    }

    private Optional<QueueRefusedException> refusal(long result, TenantRows part) {
        if (result >= 0) {
            return Optional.empty();
        }
        if (result == QueueScripts.OVER_TENANT_EVENTS || result == QueueScripts.OVER_TENANT_BYTES) {
            String bound = result == QueueScripts.OVER_TENANT_EVENTS ? part.maxEvents() + " events" : part.maxBytes() + " bytes";
            return Optional.of(new QueueRefusedException(QueueRefusedException.Reason.TENANT_SHARE, "this tenant holds its share of the "
                    + "outage queue: " + part.rows().size() + " more rows would pass " + bound + " (netra.tenants.queue-share)", null));
        }
        return Optional.of(full(result, part.rows().size()));
    }

    private QueueRefusedException full(long result, int size) {
        String bound = result == QueueScripts.OVER_EVENTS ? config.maxEvents() + " (netra.outage-queue.max-events)"
                : config.maxBytes() + " bytes (netra.outage-queue.max-bytes)";
        return new QueueRefusedException(QueueRefusedException.Reason.FULL,
                "the outage queue is full: " + size + " more rows would pass " + bound, null);
    }

    private List<String> keys() {
        return List.of(config.streamKey(), bytesKey(), tenantEventsKey(), tenantBytesKey());
    }

    /** The counts are named after the stream, so on Redis Cluster they share its hash tag. */
    private String bytesKey() {
        return config.streamKey() + ":bytes";
    }

    private String tenantEventsKey() {
        return config.streamKey() + ":tenant-events";
    }

    private String tenantBytesKey() {
        return config.streamKey() + ":tenant-bytes";
    }

    private Uni<Void> ensureGroup() {
        return streams.xgroupCreate(config.streamKey(), config.consumerGroup(), "0", new XGroupCreateArgs().mkstream())
                .onFailure(failure -> String.valueOf(failure.getMessage()).contains("BUSYGROUP")).recoverWithNull();
    }

    private static List<QueuedRow> rows(List<StreamMessage<String, String, String>> entries) {
        List<QueuedRow> rows = new ArrayList<>(entries.size());
        for (StreamMessage<String, String, String> entry : entries) {
            Map<String, String> fields = Optional.ofNullable(entry.payload()).orElse(Map.of());
            // an entry naming a table this release does not know is kept as an event row that is not well formed:
            // the replayer sets it aside instead of guessing
            RowTable table = RowTable.ofKey(fields.get(TABLE)).orElse(null);
            Row row = table == null ? Row.of(RowTable.EVENTS, "") : Row.of(table, fields.getOrDefault(ROW, ""));
            rows.add(new QueuedRow(entry.id(), row, fields.getOrDefault(TENANT, "")));
        }
        return rows;
    }
}
