package io.netra.analytics.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

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
 * A Redis stream of events waiting for ClickHouse, bounded by events and by bytes. Adding, removing and moving
 * entries run as Lua scripts, so a batch is queued whole or not at all, the byte count never drifts from the
 * entries, and an acknowledged entry never lingers. The bounds are checked before adding and never enforced by
 * trimming, which would drop acknowledged events. Replicas share the replay through a consumer group.
 * <p>
 * On Redis Cluster the stream, its byte count and the dead-letter stream must share a hash tag
 * (e.g. {@code {netra}:outage-queue}), since each script touches them together.
 */
@ApplicationScoped
public class OutageQueue {

    static final String ROW = "row";

    /** KEYS: stream, bytes. ARGV: max events, max bytes, rows. Returns the number added, -1 over the event bound, -2 over the byte bound. */
    private static final RedisScript ENQUEUE = new RedisScript("""
            local depth = redis.call('XLEN', KEYS[1])
            local bytes = math.max(0, tonumber(redis.call('GET', KEYS[2]) or '0'))
            local size = 0
            for i = 3, #ARGV do size = size + #ARGV[i] end
            if depth + #ARGV - 2 > tonumber(ARGV[1]) then return -1 end
            if bytes + size > tonumber(ARGV[2]) then return -2 end
            for i = 3, #ARGV do redis.call('XADD', KEYS[1], '*', 'row', ARGV[i]) end
            redis.call('INCRBY', KEYS[2], size)
            return #ARGV - 2
            """);

    /** KEYS: stream, bytes. ARGV: group, entry ids. Acknowledges and deletes together; returns how many were deleted. */
    private static final RedisScript REMOVE = new RedisScript("""
            local freed, removed = 0, 0
            for i = 2, #ARGV do
              local entry = redis.call('XRANGE', KEYS[1], ARGV[i], ARGV[i])
              redis.call('XACK', KEYS[1], ARGV[1], ARGV[i])
              if #entry == 1 then
                local fields = entry[1][2]
                for j = 1, #fields, 2 do if fields[j] == 'row' then freed = freed + #fields[j + 1] end end
                removed = removed + redis.call('XDEL', KEYS[1], ARGV[i])
              end
            end
            if redis.call('XLEN', KEYS[1]) == 0 then
              redis.call('SET', KEYS[2], 0)
            elseif freed > 0 then
              redis.call('DECRBY', KEYS[2], freed)
            end
            return removed
            """);

    /** KEYS: stream, bytes, source stream. ARGV: max events, max bytes, source entry ids. Moves the rows; -1/-2 over a bound. */
    private static final RedisScript MOVE_IN = new RedisScript("""
            local rows, size = {}, 0
            for i = 3, #ARGV do
              local entry = redis.call('XRANGE', KEYS[3], ARGV[i], ARGV[i])
              if #entry == 1 then
                local fields = entry[1][2]
                for j = 1, #fields, 2 do
                  if fields[j] == 'row' then rows[#rows + 1] = fields[j + 1]; size = size + #fields[j + 1] end
                end
              end
            end
            local depth = redis.call('XLEN', KEYS[1])
            local bytes = math.max(0, tonumber(redis.call('GET', KEYS[2]) or '0'))
            if depth + #rows > tonumber(ARGV[1]) then return -1 end
            if bytes + size > tonumber(ARGV[2]) then return -2 end
            for i = 1, #rows do redis.call('XADD', KEYS[1], '*', 'row', rows[i]) end
            for i = 3, #ARGV do redis.call('XDEL', KEYS[3], ARGV[i]) end
            redis.call('INCRBY', KEYS[2], size)
            return #rows
            """);

    private final ReactiveRedisDataSource redis;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final NetraConfig.OutageQueue config;
    private final EvictionPolicyCheck evictionPolicy;

    public OutageQueue(ReactiveRedisDataSource redis, NetraConfig config, EvictionPolicyCheck evictionPolicy) {
        this.redis = redis;
        this.streams = redis.stream(String.class);
        this.config = config.outageQueue();
        this.evictionPolicy = evictionPolicy;
    }

    /** A queued event and its stream entry id. */
    public record QueuedRow(String entryId, EventRow row) {
    }

    public Uni<Void> enqueue(List<EventRow> rows) {
        List<String> args = new ArrayList<>(rows.size() + 2);
        args.add(String.valueOf(config.maxEvents()));
        args.add(String.valueOf(config.maxBytes()));
        rows.forEach(row -> args.add(row.json()));
        return evictionPolicy.verified()
                .chain(() -> config.replicasToAcknowledge() == 0 ? add(args, rows.size()) : addReplicated(args, rows.size()))
                .onFailure(failure -> !(failure instanceof OutageQueueUnavailableException))
                .transform(failure -> new OutageQueueUnavailableException("Redis is unreachable: " + failure.getMessage(), failure));
    }

    private Uni<Void> add(List<String> args, int size) {
        return ENQUEUE.run(redis, keys(), args).invoke(added -> refuseOverBound(added.toLong(), size)).replaceWithVoid();
    }

    /** WAIT counts the writes of its own connection: a batch sends the script and the wait on one. */
    private Uni<Void> addReplicated(List<String> args, int size) {
        int wanted = config.replicasToAcknowledge();
        Request wait = Request.cmd(Command.WAIT).arg(wanted).arg(config.replicaAckTimeout().toMillis());
        return redis.getRedis().batch(List.of(ENQUEUE.request(keys(), args), wait)).invoke(responses -> {
            refuseOverBound(responses.get(0).toLong(), size);
            int confirmed = responses.get(1).toInteger();
            if (confirmed < wanted) {
                throw new OutageQueueUnavailableException("only " + confirmed + " of " + wanted + " Redis replicas confirmed the queued events within "
                        + config.replicaAckTimeout() + " (netra.outage-queue.replicas-to-acknowledge)", null);
            }
        }).replaceWithVoid();
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
        return REMOVE.run(redis, keys(), args).replaceWithVoid();
    }

    /** Moves entries of another stream (the dead letters) into the queue in one step; emits how many rows moved. */
    Uni<Long> moveIn(String sourceStream, List<String> entryIds) {
        List<String> args = new ArrayList<>(entryIds.size() + 2);
        args.add(String.valueOf(config.maxEvents()));
        args.add(String.valueOf(config.maxBytes()));
        args.addAll(entryIds);
        return MOVE_IN.run(redis, List.of(config.streamKey(), bytesKey(), sourceStream), args)
                .map(Response::toLong)
                .invoke(moved -> refuseOverBound(moved, entryIds.size()));
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

    private void refuseOverBound(long result, int size) {
        if (result == -1) {
            throw new OutageQueueUnavailableException("the outage queue is full: " + size + " more events would pass "
                    + config.maxEvents() + " (netra.outage-queue.max-events)", null);
        }
        if (result == -2) {
            throw new OutageQueueUnavailableException("the outage queue is full: " + size + " more events would pass "
                    + config.maxBytes() + " bytes (netra.outage-queue.max-bytes)", null);
        }
    }

    private List<String> keys() {
        return List.of(config.streamKey(), bytesKey());
    }

    private String bytesKey() {
        return config.streamKey() + ":bytes";
    }

    private Uni<Void> ensureGroup() {
        return streams.xgroupCreate(config.streamKey(), config.consumerGroup(), "0", new XGroupCreateArgs().mkstream())
                .onFailure(failure -> String.valueOf(failure.getMessage()).contains("BUSYGROUP")).recoverWithNull();
    }

    private static List<QueuedRow> rows(List<StreamMessage<String, String, String>> entries) {
        List<QueuedRow> rows = new ArrayList<>(entries.size());
        for (StreamMessage<String, String, String> entry : entries) {
            rows.add(new QueuedRow(entry.id(), EventRow.of(Optional.ofNullable(entry.payload()).map(payload -> payload.get(ROW)).orElse(""))));
        }
        return rows;
    }
}
