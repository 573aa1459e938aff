package io.netra.analytics.query;

/**
 * A validated [from, to) in epoch milliseconds, and how it is keyed: by its instants, or, for a range that ends
 * "now", by its length or start, so the key stays the same while "now" moves.
 */
public record TimeRange(long fromMillis, long toMillis, String key) {
}
