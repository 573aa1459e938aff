package io.netra.analytics.ingest;

import java.util.List;
import java.util.Map;

import io.netra.analytics.clickhouse.Deadline;
import io.netra.analytics.clickhouse.Row;
import io.smallrye.mutiny.Uni;

/** Where the batcher hands its batches: stores them durably and says, request by request, where the rows went. */
public interface BatchStore {

    /** One request's rows, and whose they are. */
    record Part(String tenant, List<Row> rows) {
    }

    /** Where a part's rows went (counts by destination), or why they could not all be stored. */
    record Placed(Map<Destination, Integer> counts, RuntimeException failure) {

        static Placed stored(Map<Destination, Integer> counts) {
            return new Placed(counts, null);
        }

        static Placed refused(RuntimeException failure) {
            return new Placed(Map.of(), failure);
        }
    }

    /**
     * One {@link Placed} per part, in order, once every row is stored somewhere or known not to be; decided by
     * {@code deadline}, the end of the oldest request's latency budget.
     */
    Uni<List<Placed>> store(List<Part> parts, Deadline deadline);
}
