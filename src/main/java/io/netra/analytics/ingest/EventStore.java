package io.netra.analytics.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.netra.analytics.clickhouse.ClickHouseRejectedException;
import io.netra.analytics.ingest.DeadLetters.DeadLetter;
import io.netra.analytics.mode.ModeSwitch;
import io.smallrye.mutiny.Uni;

/**
 * Stores a batch durably and says where each part went. When ClickHouse refuses a batch for its content, halving
 * it finds the refused events in a few inserts; they go to the dead-letter stream together, and the rest of the
 * batch is stored as usual. Outages never reach here as refusals: they queue the batch (ingest) or leave it queued
 * (replay).
 */
@ApplicationScoped
public class EventStore implements BatchStore {

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

    /** Rows ClickHouse refused, with the refusal, and where the rest went. */
    record Outcome(List<Stored> stored, List<DeadLetter> refused) {

        Outcome plus(Outcome other) {
            List<Stored> allStored = new ArrayList<>(stored);
            allStored.addAll(other.stored);
            List<DeadLetter> allRefused = new ArrayList<>(refused);
            allRefused.addAll(other.refused);
            return new Outcome(allStored, allRefused);
        }
    }

    /** Ingest: to ClickHouse, else the outage queue; fails only when neither could take the events. */
    @Override
    public Uni<List<Stored>> store(List<EventRow> rows) {
        if (!mode.clickHouseEnabled()) {
            return outageQueue.enqueue(rows).replaceWith(List.of(new Stored(rows, Destination.QUEUED)));
        }
        return settle(rows, writer::write);
    }

    /** Replay: to ClickHouse only; fails (leaving the rows queued) when ClickHouse is unavailable. */
    public Uni<List<Stored>> replay(List<EventRow> rows) {
        return settle(rows, batch -> writer.replay(batch).replaceWith(Destination.CLICKHOUSE));
    }

    private Uni<List<Stored>> settle(List<EventRow> rows, Function<List<EventRow>, Uni<Destination>> insert) {
        return isolatingRefusals(rows, insert).chain(outcome -> deadLetters.add(outcome.refused()).map(ignored -> {
            List<Stored> stored = new ArrayList<>(outcome.stored());
            if (!outcome.refused().isEmpty()) {
                stored.add(new Stored(outcome.refused().stream().map(DeadLetter::row).toList(), Destination.DEAD_LETTER));
            }
            return stored;
        }));
    }

    static Uni<Outcome> isolatingRefusals(List<EventRow> rows, Function<List<EventRow>, Uni<Destination>> insert) {
        return insert.apply(rows)
                .map(destination -> new Outcome(List.of(new Stored(rows, destination)), List.of()))
                .onFailure(ClickHouseRejectedException.class).recoverWithUni(failure -> {
                    if (rows.size() == 1) {
                        ClickHouseRejectedException refusal = (ClickHouseRejectedException) failure;
                        return Uni.createFrom().item(new Outcome(List.of(),
                                List.of(DeadLetter.refused(rows.get(0), refusal.code(), refusal.getMessage()))));
                    }
                    int half = rows.size() / 2;
                    return isolatingRefusals(rows.subList(0, half), insert)
                            .chain(first -> isolatingRefusals(rows.subList(half, rows.size()), insert).map(first::plus));
                });
    }
}
