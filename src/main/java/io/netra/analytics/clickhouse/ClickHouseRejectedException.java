package io.netra.analytics.clickhouse;

/**
 * ClickHouse refused the data itself (a value it cannot parse or store): sending the same rows again cannot
 * succeed, so they are neither retried nor counted against ClickHouse's health.
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
