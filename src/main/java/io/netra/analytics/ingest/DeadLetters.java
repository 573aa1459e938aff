package io.netra.analytics.ingest;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.smallrye.mutiny.Uni;

/** Events ClickHouse refuses for good, kept with the reason in a Redis stream for a person to look at. */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final ReactiveStreamCommands<String, String, String> streams;
    private final OutageQueueConfig config;
    private final IngestMetrics metrics;

    public DeadLetters(ReactiveRedisDataSource redis, OutageQueueConfig config, IngestMetrics metrics) {
        this.streams = redis.stream(String.class);
        this.config = config;
        this.metrics = metrics;
    }

    public Uni<Void> add(EventRow row, String reason) {
        return streams.xadd(config.deadLetterKey(), Map.of(OutageQueue.ROW, row.json(), "reason", reason))
                .invoke(() -> {
                    metrics.deadLettered.increment();
                    LOG.warnf("Event dead-lettered to %s: %s", config.deadLetterKey(), reason);
                })
                .onFailure().transform(failure -> new OutageQueueUnavailableException(
                        "Redis is unreachable for the dead-letter stream: " + failure.getMessage(), failure))
                .replaceWithVoid();
    }

    public Uni<Long> count() {
        return streams.xlen(config.deadLetterKey());
    }
}
