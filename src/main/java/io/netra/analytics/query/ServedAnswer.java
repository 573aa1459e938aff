package io.netra.analytics.query;

/** An answer as sent: its JSON, and where it came from, for the answers-by-outcome metric. */
public record ServedAnswer(byte[] json, String source, boolean stale) {
}
