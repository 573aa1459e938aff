package io.netra.analytics.schema;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/** What the migrator has achieved so far, for the write path and the health checks. */
@ApplicationScoped
public class SchemaState {

    private volatile int appliedVersion;
    private volatile String refusal;

    /** True once every shipped migration is applied; writes before that would hit a missing table. */
    public boolean isReady() {
        return appliedVersion > 0 && refusal == null;
    }

    public int appliedVersion() {
        return appliedVersion;
    }

    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    void applied(int version) {
        this.appliedVersion = version;
    }

    void refused(String reason) {
        this.refusal = reason;
    }
}
