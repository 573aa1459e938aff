package io.netra.analytics.ingest;

/** The outage queue could not take events: full, or Redis is unreachable. */
public class OutageQueueUnavailableException extends RuntimeException {
    public OutageQueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
