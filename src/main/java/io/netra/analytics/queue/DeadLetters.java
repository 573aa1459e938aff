package io.netra.analytics.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

import io.netra.analytics.clickhouse.Row;
import io.netra.analytics.config.NetraConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.smallrye.mutiny.Uni;

/**
 * Events ClickHouse refused for their content, kept in a Redis stream with a reason code ({@code refused-27},
 * {@code malformed}) and ClickHouse's message. Not a one-way trip: an operator can move them back to the outage
 * queue (all, or by reason and time range) once the cause is fixed.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String MALFORMED = "malformed";
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final int PAGE = 500;

    /** KEYS: the dead-letter stream. ARGV: row, table, tenant, reason, detail for each letter. */
    private static final RedisScript ADD = new RedisScript("""
            for i = 1, #ARGV, 5 do
              redis.call('XADD', KEYS[1], '*', 'row', ARGV[i], 'table', ARGV[i + 1], 'tenant', ARGV[i + 2],
                  'reason', ARGV[i + 3], 'detail', ARGV[i + 4])
            end
            return #ARGV / 5
            """);

    private final ReactiveRedisDataSource redis;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final OutageQueue queue;
    private final NetraConfig.OutageQueue config;
    private final QueueMetrics metrics;

    public DeadLetters(ReactiveRedisDataSource redis, OutageQueue queue, NetraConfig config, QueueMetrics metrics) {
        this.redis = redis;
        this.streams = redis.stream(String.class);
        this.queue = queue;
        this.config = config.outageQueue();
        this.metrics = metrics;
    }

    /** An event set aside: its row, whose it is, a short reason code and the message that explains it. */
    public record DeadLetter(Row row, String tenant, String reason, String detail) {

        public static DeadLetter refused(Row row, String tenant, int code, String message) {
            return new DeadLetter(row, tenant, "refused-" + code, message);
        }
    }

    /** Adds the letters in one step and logs them once, with a count per reason. */
    public Uni<Void> add(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> args = new ArrayList<>(letters.size() * 5);
        for (DeadLetter letter : letters) {
            args.add(letter.row().json());
            args.add(letter.row().table().key());
            args.add(letter.tenant());
            args.add(letter.reason());
            args.add(letter.detail());
        }
        return ADD.run(redis, List.of(config.deadLetterKey()), args)
                .invoke(() -> {
                    metrics.deadLettered.increment(letters.size());
                    // by reason only: ClickHouse's message quotes the refused input, which stays in the stream
                    LOG.warnf("Dead-lettered %d events to %s %s", letters.size(), config.deadLetterKey(),
                            letters.stream().collect(Collectors.groupingBy(DeadLetter::reason, TreeMap::new, Collectors.counting())));
                })
                .onFailure().transform(failure -> new QueueRefusedException(QueueRefusedException.Reason.REDIS_UNREACHABLE,
                        "Redis is unreachable for the dead-letter stream: " + failure.getMessage(), failure))
                .replaceWithVoid();
    }

    public Uni<Long> count() {
        return streams.xlen(config.deadLetterKey());
    }

    /** How many letters there are, per reason, and the time of the oldest and newest. */
    public Uni<DeadLetterSummary> summary() {
        return Uni.combine().all().unis(countByReason("-", Map.of()),
                streams.xrange(config.deadLetterKey(), StreamRange.of("-", "+"), 1),
                streams.xrevrange(config.deadLetterKey(), StreamRange.of("+", "-"), 1))
                .with((byReason, first, last) -> new DeadLetterSummary(byReason.values().stream().mapToLong(Long::longValue).sum(),
                        byReason, first.stream().findFirst().map(letter -> StreamIds.instant(letter.id())).orElse(null),
                        last.stream().findFirst().map(letter -> StreamIds.instant(letter.id())).orElse(null)));
    }

    private Uni<Map<String, Long>> countByReason(String start, Map<String, Long> sofar) {
        return streams.xrange(config.deadLetterKey(), StreamRange.of(start, "+"), PAGE).chain(page -> {
            Map<String, Long> counts = new TreeMap<>(sofar);
            page.forEach(letter -> counts.merge(reasonOf(letter), 1L, Long::sum));
            return page.size() < PAGE ? Uni.createFrom().item(counts) : countByReason("(" + page.get(page.size() - 1).id(), counts);
        });
    }

    private static String reasonOf(StreamMessage<String, String, String> letter) {
        return Optional.ofNullable(letter.payload()).map(payload -> payload.get("reason")).orElse(MALFORMED);
    }

    /**
     * Moves the letters that match back to the outage queue, to be replayed; each page moves in one step. Stops
     * early when the queue is full.
     */
    public Uni<RequeueResult> requeue(Optional<String> reason, Optional<Instant> from, Optional<Instant> to) {
        String start = from.map(StreamIds::bound).orElse("-");
        String end = to.map(StreamIds::bound).orElse("+");
        return requeuePage(start, end, reason, 0)
                .invoke(result -> LOG.warnf("Requeued %d dead letters (reason %s, from %s, to %s)%s", result.requeued(),
                        reason.orElse("any"), from.map(Instant::toString).orElse("the first"),
                        to.map(Instant::toString).orElse("the last"), result.queueFull() ? "; stopped: the outage queue is full" : ""));
    }

    private Uni<RequeueResult> requeuePage(String start, String end, Optional<String> reason, long movedSoFar) {
        return streams.xrange(config.deadLetterKey(), StreamRange.of(start, end), PAGE).chain(page -> {
            if (page.isEmpty()) {
                return Uni.createFrom().item(new RequeueResult(movedSoFar, false));
            }
            List<String> matching = page.stream()
                    .filter(letter -> reason.isEmpty() || reason.get().equals(letter.payload().get("reason")))
                    .map(StreamMessage::id).toList();
            String next = "(" + page.get(page.size() - 1).id();
            Uni<Optional<Long>> moved = matching.isEmpty() ? Uni.createFrom().item(Optional.of(0L))
                    : queue.moveIn(config.deadLetterKey(), matching).map(Optional::of)
                            .onFailure(QueueRefusedException.class).recoverWithItem(Optional.empty());
            return moved.chain(count -> {
                if (count.isEmpty()) {
                    return Uni.createFrom().item(new RequeueResult(movedSoFar, true));
                }
                long total = movedSoFar + count.get();
                return page.size() < PAGE ? Uni.createFrom().item(new RequeueResult(total, false)) : requeuePage(next, end, reason, total);
            });
        });
    }

    /** Dead letters by reason code, and when the oldest and newest were set aside (null when there are none). */
    public record DeadLetterSummary(long total, Map<String, Long> byReason, @Schema(nullable = true, implementation = String.class, format = "date-time") Instant oldest,
            @Schema(nullable = true, implementation = String.class, format = "date-time") Instant newest) {
    }

    /** How many letters went back to the queue; {@code queueFull} when the queue's bound stopped the move. */
    public record RequeueResult(long requeued, boolean queueFull) {
    }
}
