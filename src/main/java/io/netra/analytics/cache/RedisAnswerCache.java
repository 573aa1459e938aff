package io.netra.analytics.cache;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.netra.analytics.config.NetraConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;

/**
 * The answer cache in Redis, shared by every replica. Entries live {@code netra.cache.stale-ttl}, long enough to
 * answer from while ClickHouse is down. Stored as a one-line header (format, time, owner) and the answer's JSON.
 */
@ApplicationScoped
public class RedisAnswerCache implements AnswerCache {

    private static final String FORMAT = "v2";

    private final ReactiveValueCommands<String, String> values;
    private final NetraConfig.Cache config;

    public RedisAnswerCache(ReactiveRedisDataSource redis, NetraConfig config) {
        this.values = redis.value(String.class);
        this.config = config.cache();
    }

    /** prefix + URL-encoded owner + ":" + query key: an owner holding ":" cannot reach another owner's keys. */
    static String redisKey(String prefix, String owner, String key) {
        return prefix + URLEncoder.encode(owner, StandardCharsets.UTF_8) + ":" + key;
    }

    @Override
    public Uni<Optional<CachedAnswer>> get(String owner, String key) {
        return values.get(redisKey(config.keyPrefix(), owner, key)).map(stored -> parse(stored).filter(entry -> entry.owner().equals(owner)));
    }

    @Override
    public Uni<Void> put(String key, CachedAnswer answer) {
        String stored = FORMAT + " " + answer.computedAt().toEpochMilli() + " "
                + URLEncoder.encode(answer.owner(), StandardCharsets.UTF_8) + "\n" + answer.json();
        return values.setex(redisKey(config.keyPrefix(), answer.owner(), key), config.staleTtl().toSeconds(), stored);
    }

    /** Empty for a missing entry and for one written in another format (an older release): a miss, not an error. */
    static Optional<CachedAnswer> parse(String stored) {
        if (stored == null || !stored.startsWith(FORMAT + " ")) {
            return Optional.empty();
        }
        int newline = stored.indexOf('\n');
        String[] header = newline < 0 ? new String[0] : stored.substring(0, newline).split(" ");
        if (header.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CachedAnswer(URLDecoder.decode(header[2], StandardCharsets.UTF_8),
                    Instant.ofEpochMilli(Long.parseLong(header[1])), stored.substring(newline + 1)));
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }
}
