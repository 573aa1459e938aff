package io.netra.analytics.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.netra.analytics.clickhouse.ClickHouseRejectedException;
import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.clickhouse.ClickHouseStateView;
import io.netra.analytics.clickhouse.Deadline;
import io.netra.analytics.clickhouse.Row;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.mode.ClickHouseSwitch;
import io.netra.analytics.queue.DeadLetters;
import io.netra.analytics.queue.DeadLetters.DeadLetter;
import io.netra.analytics.queue.OutageQueue;
import io.netra.analytics.queue.OutageQueue.QueuedRow;
import io.netra.analytics.queue.OutageQueue.TenantRows;
import io.netra.analytics.queue.QueueRefusedException;
import io.netra.analytics.tenant.TenantLimits;
import io.smallrye.mutiny.Uni;

/**
 * Decides where each batch goes. Into ClickHouse when it answers within the oldest request's latency budget (the
 * insert's deadline is the budget's end); otherwise into the outage queue, so every request is answered in time
 * whatever ClickHouse does. Once ClickHouse is known to be failing (a call outlived its deadline or failed, or the
 * schema is missing) batches go straight to the queue until a call succeeds again, so a hung ClickHouse costs the
 * requests of its first moments one budget each, not every request its budget; the replayer's inserts are the trials
 * that find it back. An insert abandoned at the deadline may still land: the queued copy replays into the same rows,
 * which the table collapses. When ClickHouse refuses a batch for its content, halving it
 * finds the refused rows in a few inserts; they go to the dead-letter stream and the rest is stored as usual.
 */
@ApplicationScoped
public class BatchRouter implements BatchStore {

    private final ClickHouseInserter inserter;
    private final DeadLetters deadLetters;
    private final OutageQueue outageQueue;
    private final ClickHouseSwitch mode;
    private final ClickHouseStateView clickhouse;
    private final TenantLimits limits;
    private final NetraConfig.Ingest config;
    private final Clock clock;

    public BatchRouter(ClickHouseInserter inserter, DeadLetters deadLetters, OutageQueue outageQueue, ClickHouseSwitch mode,
            ClickHouseStateView clickhouse, TenantLimits limits, NetraConfig config, Clock clock) {
        this.inserter = inserter;
        this.deadLetters = deadLetters;
        this.outageQueue = outageQueue;
        this.mode = mode;
        this.clickhouse = clickhouse;
        this.limits = limits;
        this.config = config.ingest();
        this.clock = clock;
    }

    /** Rows ClickHouse took, and those it refused with the refusal. */
    record Outcome(List<Row> stored, List<Refusal> refused) {

        Outcome plus(Outcome other) {
            List<Row> allStored = new ArrayList<>(stored);
            allStored.addAll(other.stored);
            List<Refusal> allRefused = new ArrayList<>(refused);
            allRefused.addAll(other.refused);
            return new Outcome(allStored, allRefused);
        }
    }

    /** A row ClickHouse refused for its content, and ClickHouse's word for why. */
    record Refusal(Row row, ClickHouseRejectedException cause) {
    }

    @Override
    public Uni<List<Placed>> store(List<Part> parts, Deadline deadline) {
        return switch (route(mode.clickHouseEnabled(), deadline.passed(),
                steadilyUp(clickhouse.state(), clickhouse.since(), config.recoveryHold(), clock.instant()))) {
            case QUEUE -> queue(parts);
            // ClickHouse may be back already, with nothing having called it yet: when Redis is out too, try it
            case QUEUE_ELSE_CLICKHOUSE -> queue(parts).chain(placed -> placed.stream().allMatch(BatchRouter::redisUnreachable)
                    ? insert(parts, deadline, placed) : Uni.createFrom().item(placed));
            case CLICKHOUSE -> insert(parts, deadline, null);
        };
    }

    /** Where a batch goes first. */
    enum Route {
        QUEUE, QUEUE_ELSE_CLICKHOUSE, CLICKHOUSE
    }

    /**
     * Switched off or past its budget already: the queue, and nothing else. Known failing (a call outlived its
     * deadline or failed, or the schema is missing): the queue, and ClickHouse if the queue cannot take it. Else
     * ClickHouse, and the queue if ClickHouse cannot take it in time.
     */
    static Route route(boolean clickHouseEnabled, boolean deadlinePassed, boolean steadilyUp) {
        if (!clickHouseEnabled || deadlinePassed) {
            return Route.QUEUE;
        }
        return steadilyUp ? Route.CLICKHOUSE : Route.QUEUE_ELSE_CLICKHOUSE;
    }

    /** Into ClickHouse by {@code deadline}; when it fails, into the queue, or, when the queue already failed, nowhere. */
    private Uni<List<Placed>> insert(List<Part> parts, Deadline deadline, List<Placed> queueFailed) {
        Map<Row, String> tenants = tenantsOf(parts);
        List<Row> rows = parts.stream().flatMap(part -> part.rows().stream()).toList();
        return isolatingRefusals(rows, batch -> inserter.write(batch, deadline))
                // every failure that reaches here is an outage: refusals of the data were isolated above
                .onItemOrFailure().transformToUni((outcome, outage) -> outage == null
                        ? setAside(outcome.refused(), tenants::get).map(ignored -> placed(parts, outcome))
                        : queueFailed == null ? queue(parts) : Uni.createFrom().item(queueFailed));
    }

    private static boolean redisUnreachable(Placed placed) {
        return placed.failure() instanceof QueueRefusedException refused && refused.reason() == QueueRefusedException.Reason.REDIS_UNREACHABLE;
    }

    /**
     * Whether ClickHouse has answered for the recovery hold: until then batches go to the queue first, and the
     * replayer's inserts, queries and probes keep trying ClickHouse. The hold keeps a flapping ClickHouse from costing
     * a budget at every stop.
     */
    static boolean steadilyUp(ClickHouseState state, Instant since, Duration hold, Instant now) {
        return state == ClickHouseState.UP && !since.plus(hold).isAfter(now);
    }

    /** Replay: to ClickHouse only; fails (leaving the rows queued) when ClickHouse is unavailable. */
    public Uni<Void> replay(List<QueuedRow> entries) {
        Map<Row, String> tenants = new IdentityHashMap<>();
        entries.forEach(entry -> tenants.put(entry.row(), entry.tenant()));
        return isolatingRefusals(entries.stream().map(QueuedRow::row).toList(), inserter::replay)
                .chain(outcome -> setAside(outcome.refused(), tenants::get));
    }

    private Uni<Void> setAside(List<Refusal> refused, Function<Row, String> tenantOf) {
        return deadLetters.add(refused.stream().map(refusal -> DeadLetter.refused(refusal.row(), tenantOf.apply(refusal.row()),
                refusal.cause().code(), refusal.cause().getMessage())).toList());
    }

    private Uni<List<Placed>> queue(List<Part> parts) {
        List<TenantRows> queued = parts.stream().map(part -> {
            TenantLimits.Limits own = limits.of(part.tenant());
            return new TenantRows(part.tenant(), own.queueEvents(), own.queueBytes(), part.rows());
        }).toList();
        return outageQueue.enqueue(queued)
                .map(refusals -> {
                    List<Placed> placed = new ArrayList<>(parts.size());
                    for (int i = 0; i < parts.size(); i++) {
                        Optional<QueueRefusedException> refusal = refusals.get(i);
                        placed.add(refusal.isPresent() ? Placed.refused(refusal.get())
                                : Placed.stored(Map.of(Destination.QUEUED, Row.dataRows(parts.get(i).rows()))));
                    }
                    return placed;
                })
                .onFailure().recoverWithItem(failure -> parts.stream().map(part -> Placed.refused((RuntimeException) failure)).toList());
    }

    /**
     * Each request's events or points counted by where they went: ClickHouse, or the dead letters for the rows it
     * refused. Rows that describe points (a series, exemplars) go with them and are not counted.
     */
    static List<Placed> placed(List<Part> parts, Outcome outcome) {
        if (outcome.refused().isEmpty()) {
            // the usual batch: every row in ClickHouse, nothing to tell apart row by row
            return parts.stream().map(part -> Placed.stored(Map.of(Destination.CLICKHOUSE, Row.dataRows(part.rows())))).toList();
        }
        Map<Row, Destination> destinations = new IdentityHashMap<>();
        outcome.stored().forEach(row -> destinations.put(row, Destination.CLICKHOUSE));
        outcome.refused().forEach(refusal -> destinations.put(refusal.row(), Destination.DEAD_LETTER));
        return parts.stream().map(part -> {
            Map<Destination, Integer> counts = new EnumMap<>(Destination.class);
            part.rows().stream().filter(Row::holdsData).forEach(row -> counts.merge(destinations.get(row), 1, Integer::sum));
            return Placed.stored(counts);
        }).toList();
    }

    /** Each row's tenant; rows are told apart by identity, as equal rows may come twice. */
    private static Map<Row, String> tenantsOf(List<Part> parts) {
        Map<Row, String> tenants = new IdentityHashMap<>();
        parts.forEach(part -> part.rows().forEach(row -> tenants.put(row, part.tenant())));
        return tenants;
    }

    static Uni<Outcome> isolatingRefusals(List<Row> rows, Function<List<Row>, Uni<Void>> insert) {
        return insert.apply(rows)
                .map(ignored -> new Outcome(rows, List.of()))
                .onFailure(ClickHouseRejectedException.class).recoverWithUni(failure -> {
                    if (rows.size() == 1) {
                        return Uni.createFrom().item(new Outcome(List.of(), List.of(new Refusal(rows.get(0), (ClickHouseRejectedException) failure))));
                    }
                    int half = rows.size() / 2;
                    return isolatingRefusals(rows.subList(0, half), insert)
                            .chain(first -> isolatingRefusals(rows.subList(half, rows.size()), insert).map(first::plus));
                });
    }
}
