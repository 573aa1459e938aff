package io.netra.analytics.model;

import java.util.Optional;
import java.util.regex.Pattern;

/** A metric's name: the one rule for names, shared by every door that records them and by what queries them. */
public record MetricName(String value) {

    /** OpenTelemetry instrument names (up to 255, with '/') and Prometheus-style names (with ':') both fit. */
    public static final String RULE = "must be 1 to 255 characters of A-Z a-z 0-9 _ . : / -";
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.:/-]{1,255}");

    public MetricName {
        if (!isValid(value)) {
            throw new IllegalArgumentException("metric name " + RULE);
        }
    }

    /** Empty when {@code text} is not a metric name. */
    public static Optional<MetricName> parse(String text) {
        return isValid(text) ? Optional.of(new MetricName(text)) : Optional.empty();
    }

    private static boolean isValid(String text) {
        return text != null && ALLOWED.matcher(text).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
