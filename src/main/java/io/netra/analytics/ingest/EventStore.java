package io.netra.analytics.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.netra.analytics.clickhouse.ClickHouseRejectedException;
import io.netra.analytics.resilience.ModeSwitch;
import io.smallrye.mutiny.Uni;

/**
 * Stores a batch durably and says where each part went. When ClickHouse refuses a batch, halving it finds the
 * refused events in a few inserts; they go to the dead-letter stream and the rest of the batch is stored as usual.
 */
@ApplicationScoped
public class EventStore {

    private final ClickHouseEventWriter writer;
    private final DeadLetters deadLetters;
    private final OutageQueue outageQueue;
    private final ModeSwitch mode;

    public EventStore(ClickHouseEventWriter writer, DeadLetters deadLetters, OutageQueue outageQueue, ModeSwitch mode) {
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.outageQueue = outageQueue;
        this.mode = mode;
    }

    /** A run of a batch's rows and where they were stored. */
    public record Stored(List<EventRow> rows, Destination destination) {
    }

    /** Ingest: to ClickHouse, else the outage queue; fails only when neither could take the events. */
    public Uni<List<Stored>> store(List<EventRow> rows) {
        if (!mode.clickHouseEnabled()) {
            return outageQueue.enqueue(rows).replaceWith(List.of(new Stored(rows, Destination.QUEUED)));
        }
        return isolatingRefusals(rows, writer::write);
    }

    /** Replay: to ClickHouse only; fails (leaving the rows queued) when ClickHouse is unavailable. */
    public Uni<List<Stored>> replay(List<EventRow> rows) {
        return isolatingRefusals(rows, batch -> writer.replay(batch).replaceWith(Destination.CLICKHOUSE));
    }

    static Uni<List<Stored>> isolatingRefusals(List<EventRow> rows, Function<List<EventRow>, Uni<Destination>> insert,
            BiFunction<EventRow, Throwable, Uni<Void>> deadLetter) {
        return insert.apply(rows)
                .map(destination -> List.of(new Stored(rows, destination)))
                .onFailure(ClickHouseRejectedException.class).recoverWithUni(refusal -> {
                    if (rows.size() == 1) {
                        return deadLetter.apply(rows.get(0), refusal).replaceWith(List.of(new Stored(rows, Destination.DEAD_LETTER)));
                    }
                    int half = rows.size() / 2;
                    return isolatingRefusals(rows.subList(0, half), insert, deadLetter)
                            .chain(first -> isolatingRefusals(rows.subList(half, rows.size()), insert, deadLetter)
                                    .map(second -> {
                                        List<Stored> all = new ArrayList<>(first);
                                        all.addAll(second);
                                        return all;
                                    }));
                });
    }

    private Uni<List<Stored>> isolatingRefusals(List<EventRow> rows, Function<List<EventRow>, Uni<Destination>> insert) {
        return isolatingRefusals(rows, insert, (row, refusal) -> deadLetters.add(row, "refused by ClickHouse: " + refusal.getMessage()));
    }
}
