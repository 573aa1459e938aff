package io.netra.analytics.cache;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.netra.analytics.config.NetraConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Answers in two tiers: this replica's memory ({@code netra.cache.near-max-bytes} at most, each entry for the fresh
 * TTL after it was written or read), so a repeated question costs no Redis round trip, not even while ClickHouse is
 * down and the answer served is stale; and Redis, shared by every replica, for the stale TTL, long enough to answer
 * from through an outage. A stale answer held near is at most the fresh TTL older than Redis's copy. Both tiers are
 * keyed by owner and question; in Redis, shared by every replica and release, the owner stored with an entry is
 * checked again on every read. In Redis an entry is a one-line header (format, time, owner) and the JSON.
 */
@ApplicationScoped
// Caffeine picks its cache and entry classes by name for the features used (weighed, expiring after write); a native
// image has them only when named here
@RegisterForReflection(classNames = { "com.github.benmanes.caffeine.cache.SSMWW", "com.github.benmanes.caffeine.cache.PSWMW" })
public class TwoTierAnswerCache implements AnswerCache {

    private static final String FORMAT = "v3";

    private final ReactiveValueCommands<String, byte[]> redis;
    private final Cache<NearKey, CacheEntry> near;
    private final NetraConfig.Cache config;

    public TwoTierAnswerCache(ReactiveRedisDataSource redis, NetraConfig config) {
        this.redis = redis.value(byte[].class);
        this.config = config.cache();
        this.near = Caffeine.newBuilder()
                .maximumWeight(this.config.nearMaxBytes()).<NearKey, CacheEntry>weigher((key, answer) -> answer.json().length)
                .expireAfterWrite(this.config.freshTtl())
                .build();
    }

    /** Owner and question, compared exactly: no encoding on the hot path. */
    private record NearKey(String owner, String key) {
    }

    /** prefix + URL-encoded owner + ":" + question: an owner holding ":" cannot reach another owner's keys. */
    static String redisKey(String prefix, String owner, String key) {
        return prefix + URLEncoder.encode(owner, StandardCharsets.UTF_8) + ":" + key;
    }

    @Override
    public Uni<Optional<CacheEntry>> get(String owner, String key) {
        Optional<CacheEntry> local = inMemory(owner, key);
        if (local.isPresent()) {
            return Uni.createFrom().item(local);
        }
        return redis.get(redisKey(config.keyPrefix(), owner, key)).map(stored -> parse(stored).filter(answer -> answer.owner().equals(owner)))
                .invoke(found -> found.ifPresent(answer -> near.put(new NearKey(owner, key), answer)));
    }

    @Override
    public Optional<CacheEntry> inMemory(String owner, String key) {
        // the near key holds the owner, so what is found here is the owner's
        return Optional.ofNullable(near.getIfPresent(new NearKey(owner, key)));
    }

    @Override
    public Uni<Void> put(String key, CacheEntry answer) {
        String redisKey = redisKey(config.keyPrefix(), answer.owner(), key);
        near.put(new NearKey(answer.owner(), key), answer);
        byte[] header = (FORMAT + " " + answer.computedAt().toEpochMilli() + " "
                + URLEncoder.encode(answer.owner(), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] stored = Arrays.copyOf(header, header.length + answer.json().length);
        System.arraycopy(answer.json(), 0, stored, header.length, answer.json().length);
        return redis.setex(redisKey, config.staleTtl().toSeconds(), stored);
    }

    /** Empty for a missing entry and for one written in another format (an older release): a miss, not an error. */
    static Optional<CacheEntry> parse(byte[] stored) {
        int newline = stored == null ? -1 : indexOf(stored, (byte) '\n');
        String[] header = newline < 0 ? new String[0] : new String(stored, 0, newline, StandardCharsets.US_ASCII).split(" ");
        if (header.length != 3 || !FORMAT.equals(header[0])) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CacheEntry(URLDecoder.decode(header[2], StandardCharsets.UTF_8),
                    Instant.ofEpochMilli(Long.parseLong(header[1])), Arrays.copyOfRange(stored, newline + 1, stored.length)));
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
