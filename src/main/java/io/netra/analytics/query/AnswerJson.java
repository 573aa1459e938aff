package io.netra.analytics.query;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.smallrye.mutiny.unchecked.Unchecked;

/**
 * Answers as the JSON clients receive. An answer is serialized once, when ClickHouse computes it; served from the
 * cache, its bytes are only re-stamped: the leading {@code "source":"clickhouse","stale":false} becomes
 * {@code "source":"cache"} with the staleness of this serving. No parse, no tree, no second serialization.
 */
@ApplicationScoped
public class AnswerJson {

    static final byte[] COMPUTED = "{\"source\":\"clickhouse\",\"stale\":false,".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FROM_CACHE = "{\"source\":\"cache\",\"stale\":false,".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FROM_CACHE_STALE = "{\"source\":\"cache\",\"stale\":true,".getBytes(StandardCharsets.US_ASCII);

    private final ObjectWriter writer;

    public AnswerJson(ObjectMapper json) {
        this.writer = json.writer();
    }

    /** The JSON of an answer ClickHouse just computed; it starts with {@link #COMPUTED}. */
    byte[] computed(Answer answer) {
        return Unchecked.supplier(() -> writer.writeValueAsBytes(answer)).get();
    }

    /** True for the JSON of a computed answer; anything else in the cache (another release's format) is a miss. */
    static boolean isComputed(byte[] json) {
        return json.length > COMPUTED.length && Arrays.equals(json, 0, COMPUTED.length, COMPUTED, 0, COMPUTED.length);
    }

    /** A computed answer's JSON as served from the cache. */
    static byte[] fromCache(byte[] computed, boolean stale) {
        byte[] stamp = stale ? FROM_CACHE_STALE : FROM_CACHE;
        byte[] served = Arrays.copyOf(stamp, stamp.length + computed.length - COMPUTED.length);
        System.arraycopy(computed, COMPUTED.length, served, stamp.length, computed.length - COMPUTED.length);
        return served;
    }
}
