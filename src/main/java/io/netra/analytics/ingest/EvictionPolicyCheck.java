package io.netra.analytics.ingest;

import java.time.Duration;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Refuses a Redis that may evict keys without a TTL: under memory pressure an {@code allkeys-*} policy would
 * silently delete the outage queue, and with it events the service has acknowledged. Checked at startup (the
 * service does not start) and again before the first event is queued if Redis was down at startup.
 */
@Singleton
public class EvictionPolicyCheck {

    private static final Logger LOG = Logger.getLogger(EvictionPolicyCheck.class);
    /** Policies that never evict a key without an expiry, as the queue and the dead letters are. */
    static final Set<String> SAFE = Set.of("noeviction", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl");
    private static final Duration STARTUP_CHECK = Duration.ofSeconds(5);

    private final ReactiveRedisDataSource redis;
    private volatile boolean verified;

    public EvictionPolicyCheck(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            verified().await().atMost(STARTUP_CHECK);
        } catch (UnsafeEvictionPolicyException unsafe) {
            throw unsafe;
        } catch (RuntimeException unreachable) {
            LOG.debugf("Redis eviction policy not checked at startup (%s); checked before the first event is queued",
                    unreachable.getMessage());
        }
    }

    /** Completes once the policy was found safe (or cannot be read); fails with the reason otherwise. */
    Uni<Void> verified() {
        if (verified) {
            return Uni.createFrom().voidItem();
        }
        return redis.execute("CONFIG", "GET", "maxmemory-policy")
                .map(EvictionPolicyCheck::policy)
                .onFailure(EvictionPolicyCheck::configUnavailable).recoverWithItem(failure -> {
                    LOG.warnf("Cannot read Redis maxmemory-policy (%s): make sure it is noeviction, or the outage queue may be evicted",
                            failure.getMessage());
                    return "noeviction";
                })
                .invoke(policy -> {
                    if (!SAFE.contains(policy)) {
                        throw new UnsafeEvictionPolicyException(policy);
                    }
                    verified = true;
                })
                .replaceWithVoid();
    }

    private static String policy(Response response) {
        // RESP2 answers [name, value]; RESP3 answers a map
        return response.size() == 2 && !response.containsKey("maxmemory-policy")
                ? response.get(1).toString()
                : response.get("maxmemory-policy").toString();
    }

    /** Managed Redis services often rename or forbid CONFIG; that is not an outage. */
    private static boolean configUnavailable(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        return message.startsWith("ERR unknown command") || message.startsWith("NOPERM") || message.startsWith("ERR unknown subcommand");
    }

    /** The queue would not be durable on this Redis. */
    public static class UnsafeEvictionPolicyException extends OutageQueueUnavailableException {
        UnsafeEvictionPolicyException(String policy) {
            super("Redis maxmemory-policy is " + policy + ": Redis could evict the outage queue and lose acknowledged "
                    + "events. Set maxmemory-policy to noeviction (or a volatile-* policy) on that Redis.", null);
        }
    }
}
