package io.netra.analytics.identity;

/** The roles a token's {@code groups} claim may carry. */
public final class Roles {
    public static final String USER = "user";
    /** A backend service that records events on behalf of users. */
    public static final String METRICS_WRITER = "metrics-writer";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
