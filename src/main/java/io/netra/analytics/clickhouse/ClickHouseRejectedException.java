package io.netra.analytics.clickhouse;

/**
 * ClickHouse answered and refused the statement (syntax, unknown column, type mismatch, auth): sending the same
 * thing again cannot succeed, so it is neither retried nor counted against ClickHouse's health.
 */
public class ClickHouseRejectedException extends RuntimeException {
    private final int code;

    public ClickHouseRejectedException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
