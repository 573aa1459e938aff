package io.netra.analytics.queue;

import java.util.List;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * A Lua script Redis runs atomically: the queue's bound checks, its byte count and the entries themselves change
 * together or not at all. Sent whole with each call: a few hundred bytes beside the rows it carries, and nothing to
 * lose when Redis restarts or fails over.
 */
record RedisScript(String text) {

    Uni<Response> run(ReactiveRedisDataSource redis, List<String> keys, List<String> args) {
        return redis.getRedis().send(request(keys, args));
    }

    /** The EVAL command, for a batch that must run on one connection. */
    Request request(List<String> keys, List<String> args) {
        Request eval = Request.cmd(Command.EVAL).arg(text).arg(keys.size());
        keys.forEach(eval::arg);
        args.forEach(eval::arg);
        return eval;
    }
}
