package io.netra.analytics.tenant;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.netra.analytics.config.NetraConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * How many replicas serve now, learnt through Redis: each announces itself in a sorted set every heartbeat, scored
 * by time, and counts those heard from within three heartbeats. While Redis is unreachable the last count stands,
 * so the rate limits do not jump when Redis fails.
 */
@Singleton
public class LiveReplicas implements ReplicaCount {

    private static final Logger LOG = Logger.getLogger(LiveReplicas.class);

    private final ReactiveRedisDataSource redis;
    private final NetraConfig.Tenants config;
    private final Clock clock;
    private final String self = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("replica") + "-" + UUID.randomUUID();
    private volatile int count = 1;

    public LiveReplicas(ReactiveRedisDataSource redis, NetraConfig config, Clock clock) {
        this.redis = redis;
        this.config = config.tenants();
        this.clock = clock;
    }

    @Override
    public int count() {
        return count;
    }

    @Scheduled(every = "${netra.tenants.replica-heartbeat}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        long now = clock.millis();
        long gone = now - 3 * config.replicaHeartbeat().toMillis();
        var replicas = redis.sortedSet(String.class);
        return replicas.zadd(config.replicasKey(), now, self)
                .chain(() -> replicas.zremrangebyscore(config.replicasKey(), new ScoreRange<>(Double.NEGATIVE_INFINITY, (double) gone)))
                .chain(() -> replicas.zcard(config.replicasKey()))
                .invoke(live -> {
                    int next = (int) Math.max(1, live);
                    if (next != count) {
                        LOG.infof("%d replicas serve now (was %d): each takes 1/%d of every tenant's ingest rate", next, count, next);
                        count = next;
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }
}
