package io.netra.analytics.schema;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/** What the migrator has achieved so far, for the write path and the health checks. */
@ApplicationScoped
public class SchemaState {

    private volatile int appliedVersion;
    private volatile boolean missing;
    private volatile String refusal;

    /** True while every shipped migration is in place; writes otherwise would hit a missing table. */
    public boolean isReady() {
        return appliedVersion > 0 && !missing && refusal == null;
    }

    /** The version last migrated to; 0 before the first migration. */
    public int appliedVersion() {
        return appliedVersion;
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
    }

    void refused(String reason) {
        this.refusal = reason;
    }
}
