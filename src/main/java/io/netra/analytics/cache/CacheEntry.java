package io.netra.analytics.cache;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/** An answer as cached: whose it is, when ClickHouse computed it, and the JSON sent to clients. */
public record CacheEntry(String owner, Instant computedAt, byte[] json) {

    @Override
    public boolean equals(Object other) {
        return other instanceof CacheEntry that && owner.equals(that.owner) && computedAt.equals(that.computedAt)
                && Arrays.equals(json, that.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(owner, computedAt, Arrays.hashCode(json));
    }

    @Override
    public String toString() {
        return "CacheEntry[owner=" + owner + ", computedAt=" + computedAt + ", " + json.length + " bytes]";
    }
}
