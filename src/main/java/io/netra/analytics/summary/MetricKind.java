package io.netra.analytics.summary;

/** A metric's type, for a sum whether it only grows (a counter), and its unit. */
public record MetricKind(MetricType type, boolean monotonic, String unit) {

    /** A name no OpenTelemetry point has: JSON API events (or nothing yet, which answers empty). */
    public static final MetricKind EVENTS = new MetricKind(MetricType.EVENT, false, "");
}
