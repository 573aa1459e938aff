package io.netra.analytics.ingest;

import java.util.List;

import io.smallrye.mutiny.Uni;

/** Where the batcher hands its batches: stores them durably and says where each part went. */
public interface BatchStore {

    /** A run of a batch's rows and where they were stored. */
    record Stored(List<EventRow> rows, Destination destination) {
    }

    /** Completes once every row is stored somewhere; fails when some could be stored nowhere. */
    Uni<List<Stored>> store(List<EventRow> rows);
}
