package io.netra.analytics.clickhouse;

import java.time.Instant;

/** What the last ClickHouse calls showed, for callers that decide whether to wait for ClickHouse. */
public interface ClickHouseStateView {

    ClickHouseState state();

    /**
     * When ClickHouse entered its current state: since when it has answered, or failed; {@link Instant#EPOCH} while it
     * has answered since this process started.
     */
    default Instant since() {
        return Instant.MIN;
    }
}
