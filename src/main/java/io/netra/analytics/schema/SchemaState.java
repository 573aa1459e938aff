package io.netra.analytics.schema;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.clickhouse.ClickHouseUnavailableException;
import io.smallrye.mutiny.Uni;

/** What the migrator has achieved so far, for the write path and the health checks. */
@ApplicationScoped
public class SchemaState {

    private volatile int appliedVersion;
    private volatile boolean missing;
    private volatile String refusal;
    private final AtomicInteger losses = new AtomicInteger();

    /** True while every shipped migration is in place; writes otherwise would hit a missing table. */
    public boolean isReady() {
        return appliedVersion > 0 && !missing && refusal == null;
    }

    /**
     * Completes at once while the schema is in place; otherwise fails as a missing schema, an outage, so the events
     * wait in the queue and queries fall back, instead of meeting a missing table.
     */
    public Uni<Void> whenReady() {
        return isReady() ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new ClickHouseUnavailableException(ClickHouseState.SCHEMA_MISSING, "the schema is not migrated yet", null));
    }

    /** The version last migrated to; 0 before the first migration. */
    public int appliedVersion() {
        return appliedVersion;
    }

    /** How often ClickHouse has lost the schema since this replica started: rows stored before a loss may be gone. */
    public int losses() {
        return losses.get();
    }

    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    void applied(int version) {
        this.appliedVersion = version;
        this.missing = false;
    }

    /** ClickHouse lost the schema (a replaced node, a wiped volume): not ready until it is migrated again. */
    void lost() {
        this.missing = true;
        losses.incrementAndGet();
    }

    void refused(String reason) {
        this.refusal = reason;
    }
}
