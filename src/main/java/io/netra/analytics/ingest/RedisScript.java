package io.netra.analytics.ingest;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * A Lua script Redis runs atomically: the queue's bound checks, its byte count and the entries themselves change
 * together or not at all. Sent whole with each call: a few hundred bytes beside the rows it carries, and nothing to
 * lose when Redis restarts or fails over.
 */
record RedisScript(String text) {

    Uni<Response> run(ReactiveRedisDataSource redis, List<String> keys, List<String> args) {
        List<String> all = new ArrayList<>(2 + keys.size() + args.size());
        all.add(text);
        all.add(String.valueOf(keys.size()));
        all.addAll(keys);
        all.addAll(args);
        return redis.execute("EVAL", all.toArray(String[]::new));
    }
}
