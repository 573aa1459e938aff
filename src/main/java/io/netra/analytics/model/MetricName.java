package io.netra.analytics.model;

import java.util.Optional;

/** A metric's name: the one rule for names, shared by every door that records them and by what queries them. */
public record MetricName(String value) {

    /** OpenTelemetry instrument names (up to 255, with '/') and Prometheus-style names (with ':') both fit. */
    public static final String RULE = "must be 1 to 255 characters of A-Z a-z 0-9 _ . : / -";
    private static final NameRule ALLOWED = NameRule.asciiLettersDigitsAnd("_.:/-", 255);

    public MetricName {
        if (!isValid(value)) {
            throw new IllegalArgumentException("metric name " + RULE);
        }
    }

    /** Empty when {@code text} is not a metric name. */
    public static Optional<MetricName> parse(String text) {
        return isValid(text) ? Optional.of(new MetricName(text)) : Optional.empty();
    }

    /** Whether {@code text} is a metric name. */
    public static boolean isValid(String text) {
        return ALLOWED.matches(text);
    }

    @Override
    public String toString() {
        return value;
    }
}
