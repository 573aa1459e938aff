package io.netra.analytics.cache;

import java.time.Instant;

/** An answer as cached: whose it is, when ClickHouse computed it, and its JSON. */
public record CachedAnswer(String owner, Instant computedAt, String json) {
}
