package io.netra.analytics.clickhouse;

import java.time.Duration;

/**
 * When a piece of work must be over, on the monotonic clock, fixed when the work was asked for: a retry or a later
 * step of the same work gets what is left, not a fresh allowance.
 */
public record Deadline(long nanoTime) {

    public static Deadline in(Duration allowance) {
        return new Deadline(System.nanoTime() + allowance.toNanos());
    }

    /** Time left; zero or negative once passed. */
    public Duration remaining() {
        return Duration.ofNanos(nanoTime - System.nanoTime());
    }

    public boolean passed() {
        return nanoTime - System.nanoTime() <= 0;
    }

    /** This deadline, or {@code cap} from now when that comes first. */
    public Deadline atMost(Duration cap) {
        long capped = System.nanoTime() + cap.toNanos();
        return capped - nanoTime < 0 ? new Deadline(capped) : this;
    }
}
