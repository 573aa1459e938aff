package io.netra.analytics.redis;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.model.LogText;
import io.netra.analytics.tls.TlsRejection;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * Pings Redis for readiness and remembers what it showed: logged once per change (with the TLS reason in words,
 * where the client says only "Failed to create SSL connection"), and exported as {@code netra_redis_state}, 1 for
 * the current state, so an alert tells a rejected certificate from a server that is down.
 */
// at startup, so that netra_redis_state exists before the first readiness probe
@Startup
@ApplicationScoped
public class RedisProbe {

    private static final Logger LOG = Logger.getLogger(RedisProbe.class);

    private final ReactiveRedisDataSource redis;
    private final Duration timeout;
    // presumed up until a probe says otherwise, like ClickHouse
    private final AtomicReference<RedisState> current = new AtomicReference<>(RedisState.UP);

    public RedisProbe(ReactiveRedisDataSource redis, NetraConfig config, MeterRegistry registry) {
        this.redis = redis;
        this.timeout = config.health().probeTimeout();
        for (RedisState state : RedisState.values()) {
            Gauge.builder("netra.redis.state", current, now -> now.get() == state ? 1 : 0).tag("state", state.label())
                    .description("1 for what the last readiness probe saw of Redis: up, unreachable, timeout, tls-rejected")
                    .register(registry);
        }
    }

    /** Pings Redis within the probe timeout; never fails. */
    public Uni<RedisState> state() {
        return redis.execute("PING").ifNoItem().after(timeout).fail()
                .map(pong -> recorded(RedisState.UP, null))
                .onFailure().recoverWithItem(this::failed);
    }

    private RedisState failed(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return recorded(RedisState.TIMEOUT, "no answer within " + timeout.toMillis() + " ms");
        }
        Optional<TlsRejection> tls = TlsRejection.of(failure);
        // the client's own message is generic ("Failed to create SSL connection"): the deepest cause says more
        return tls.map(rejection -> recorded(RedisState.TLS_REJECTED, rejection.described() + ": " + LogText.firstLine(deepest(failure).getMessage())))
                .orElseGet(() -> recorded(RedisState.UNREACHABLE, LogText.firstLine(failure.getMessage())));
    }

    private static Throwable deepest(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Records what a probe saw; logs only a change. */
    private RedisState recorded(RedisState next, String detail) {
        RedisState previous = current.getAndSet(next);
        if (previous != next) {
            if (next == RedisState.UP) {
                LOG.infof("Redis answers again (was %s)", previous.label());
            } else {
                LOG.warnf("Redis is %s (was %s): %s", next.label(), previous.label(), detail);
            }
        }
        return next;
    }
}
