package io.netra.analytics.summary;

import java.util.Arrays;
import java.util.Optional;

/** The bucket widths a summary may use. Buckets are computed as intDiv(ms, width) * width: exact on every version. */
public enum Interval {
    ONE_MINUTE("1m", 60_000L), FIVE_MINUTES("5m", 300_000L), ONE_HOUR("1h", 3_600_000L), ONE_DAY("1d", 86_400_000L);

    private final String label;
    private final long millis;

    Interval(String label, long millis) {
        this.label = label;
        this.millis = millis;
    }

    public String label() {
        return label;
    }

    public long millis() {
        return millis;
    }

    public static Optional<Interval> parse(String label) {
        return Arrays.stream(values()).filter(interval -> interval.label.equals(label)).findFirst();
    }

    public static String allowed() {
        return String.join(", ", Arrays.stream(values()).map(Interval::label).toList());
    }
}
