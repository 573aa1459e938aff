package io.netra.analytics.clickhouse;

/** ClickHouse could not take or answer the call for a reason outside the call's data: retrying later may succeed. */
public class ClickHouseUnavailableException extends RuntimeException {

    private final ClickHouseState state;

    public ClickHouseUnavailableException(ClickHouseState state, String message, Throwable cause) {
        super(message, cause);
        this.state = state;
    }

    public ClickHouseState state() {
        return state;
    }

    /** Worth retrying at once: the server may answer the next attempt (not a missing schema or refused login). */
    public boolean isTransient() {
        return state == ClickHouseState.UNREACHABLE || state == ClickHouseState.TIMEOUT || state == ClickHouseState.FAILING;
    }
}
