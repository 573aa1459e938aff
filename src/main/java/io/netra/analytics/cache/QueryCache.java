package io.netra.analytics.cache;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netra.analytics.query.AnalyticsQuery;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;

/**
 * Cache-aside for analytics answers in Redis. The key starts with the user id, so one user's entry can never
 * answer another user's query; each entry also records its user, checked again on read.
 */
@ApplicationScoped
public class QueryCache {

    private final ReactiveRedisDataSource redis;
    private final CacheConfig config;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    public QueryCache(ReactiveRedisDataSource redis, CacheConfig config, ObjectMapper json) {
        this.redis = redis;
        this.config = config;
        this.json = json;
    }

    /** A cached answer's data and when ClickHouse computed it. */
    public record Entry(JsonNode data, Instant computedAt) {
    }

    public String key(AnalyticsQuery query) {
        return config.keyPrefix() + URLEncoder.encode(query.userId(), StandardCharsets.UTF_8) + ":" + query.normalized();
    }

    public boolean isFresh(Entry entry) {
        return entry.computedAt().plus(config.freshTtl()).isAfter(clock.instant());
    }

    public Uni<Optional<Entry>> get(AnalyticsQuery query) {
        return values().get(key(query)).map(stored -> Optional.ofNullable(stored).map(this::parse)
                .filter(entry -> query.userId().equals(entry.data().path("userId").asText())));
    }

    public Uni<Void> put(AnalyticsQuery query, Entry entry) {
        ObjectNode stored = json.createObjectNode().put("computedAt", entry.computedAt().toString());
        stored.set("data", entry.data());
        return values().setex(key(query), config.staleTtl().toSeconds(), stored.toString());
    }

    private ReactiveValueCommands<String, String> values() {
        return redis.value(String.class);
    }

    private Entry parse(String stored) {
        try {
            JsonNode node = json.readTree(stored);
            return new Entry(node.get("data"), Instant.parse(node.get("computedAt").asText()));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("unreadable cache entry", e);
        }
    }
}
