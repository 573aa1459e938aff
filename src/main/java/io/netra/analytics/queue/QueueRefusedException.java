package io.netra.analytics.queue;

/** The outage queue did not take events, and why: nothing of them was queued. */
public class QueueRefusedException extends RuntimeException {

    /** Why the queue refused. */
    public enum Reason {
        /** Redis did not answer. */
        REDIS_UNREACHABLE,
        /** The queue holds as many events or bytes as its bounds allow. */
        FULL,
        /** This tenant holds its whole share of the queue; other tenants' events are still taken. */
        TENANT_SHARE,
        /** Fewer Redis replicas than required confirmed the queued events in time. */
        NOT_REPLICATED,
        /** The Redis could evict the queue (maxmemory-policy). */
        UNSAFE_EVICTION_POLICY
    }

    private final Reason reason;

    public QueueRefusedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
