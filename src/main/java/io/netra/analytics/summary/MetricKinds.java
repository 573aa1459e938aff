package io.netra.analytics.summary;

import static io.netra.analytics.clickhouse.SqlLiterals.string;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.netra.analytics.clickhouse.RowTable;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.model.MetricName;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * What type a user's metric has, learnt from its OpenTelemetry series (a name without any is the JSON API's events)
 * and kept for the fresh TTL, so a summary costs one query, not two. A metric does not change type in practice; one
 * that does is seen within the TTL.
 */
@ApplicationScoped
// Caffeine picks its cache and entry classes by name for the features used (sized, expiring after write); a native
// image has them only when named here
@RegisterForReflection(classNames = { "com.github.benmanes.caffeine.cache.SSMSW", "com.github.benmanes.caffeine.cache.PSWMS" })
public class MetricKinds {

    private static final int MAX_METRICS = 100_000;

    private record Key(String userId, String metric) {
    }

    private final Cache<Key, MetricKind> kinds;

    public MetricKinds(NetraConfig config) {
        this.kinds = Caffeine.newBuilder().maximumSize(MAX_METRICS).expireAfterWrite(config.cache().freshTtl()).build();
    }

    /** {@code query} runs SQL against ClickHouse when the kind is not known yet. */
    public Uni<MetricKind> of(String userId, MetricName metric, java.util.function.Function<String, Uni<List<JsonNode>>> query) {
        Key key = new Key(userId, metric.value());
        MetricKind known = kinds.getIfPresent(key);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return query.apply("SELECT toString(metric_type) AS type, monotonic, unit FROM " + RowTable.OTEL_SERIES.qualifiedName() + " WHERE user_id = "
                + string(userId) + " AND metric_name = " + string(metric.value()) + " LIMIT 1")
                .map(rows -> rows.isEmpty() ? MetricKind.EVENTS : kind(rows.get(0)))
                .invoke(kind -> kinds.put(key, kind));
    }

    private static MetricKind kind(JsonNode row) {
        return new MetricKind(MetricType.ofLabel(row.get("type").asText()).orElse(MetricType.GAUGE), row.get("monotonic").asInt() == 1,
                row.get("unit").asText());
    }
}
