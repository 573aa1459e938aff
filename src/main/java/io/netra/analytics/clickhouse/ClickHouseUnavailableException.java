package io.netra.analytics.clickhouse;

/** ClickHouse could not answer (down, hung, overloaded, schema not ready): retrying later may succeed. */
public class ClickHouseUnavailableException extends RuntimeException {
    public ClickHouseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
