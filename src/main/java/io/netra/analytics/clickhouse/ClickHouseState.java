package io.netra.analytics.clickhouse;

import java.util.Locale;

/** What the service last saw of ClickHouse; every state but {@link #UP} is an outage, never the events' fault. */
public enum ClickHouseState {
    UP,
    /** No answer: connection refused or reset, unknown host. */
    UNREACHABLE,
    /** No answer within the call's deadline: hung, overloaded, or a network partition. */
    TIMEOUT,
    /** Answered with an error that retrying may cure: memory, too many parts, a replica without ZooKeeper. */
    FAILING,
    /** The database or table is gone (a replaced node, a lost volume): the schema must be created again. */
    SCHEMA_MISSING,
    /** The service's user or password is refused: a configuration outage (rotated secret, revoked grant). */
    CREDENTIALS_REJECTED,
    /** The TLS handshake failed: an untrusted or expired certificate, another host's, or no TLS on that port. */
    TLS_REJECTED,
    /** Switched off by an operator (emergency mode). */
    DISABLED;

    /** As shown in readiness data and metric labels: {@code schema-missing}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
