package io.netra.analytics.queue;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.netra.analytics.config.NetraConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Refuses a Redis that may evict keys without a TTL: under memory pressure an {@code allkeys-*} policy would
 * silently delete the outage queue, and with it events the service has acknowledged. Checked at startup (the
 * service does not start) and, if Redis was down then, before the first event is queued. Read from INFO, which
 * managed Redis services allow where they forbid CONFIG; a Redis that forbids INFO too is trusted, with a warning.
 */
@Singleton
public class EvictionPolicyCheck {

    private static final Logger LOG = Logger.getLogger(EvictionPolicyCheck.class);
    /** Policies that never evict a key without an expiry, as the queue and the dead letters are. */
    static final Set<String> SAFE = Set.of("noeviction", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl");
    private static final Pattern POLICY = Pattern.compile("maxmemory_policy:(\\S+)");
    private final ReactiveRedisDataSource redis;
    private final Duration startupWait;
    private volatile boolean verified;

    public EvictionPolicyCheck(ReactiveRedisDataSource redis, NetraConfig config) {
        this.redis = redis;
        this.startupWait = config.outageQueue().policyCheckTimeout();
    }

    void onStart(@Observes StartupEvent event) {
        check().onFailure(failure -> !(failure instanceof UnsafeEvictionPolicyException)).recoverWithItem(unreachable -> {
            LOG.debugf("Redis eviction policy not checked at startup (%s); checked before the first event is queued",
                    unreachable.getMessage());
            return null;
        }).await().atMost(startupWait);
    }

    /** Completes at once after the first successful check; fails with the reason while the policy is unsafe. */
    Uni<Void> verified() {
        return verified ? Uni.createFrom().voidItem() : check();
    }

    private Uni<Void> check() {
        return redis.execute("INFO", "memory")
                // a Redis-compatible server without the field has no eviction to fear
                .map(info -> POLICY.matcher(info.toString()).results().map(found -> found.group(1)).findFirst().orElse("noeviction"))
                .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("NOPERM")).recoverWithItem(forbidden -> {
                    LOG.warnf("Cannot read Redis maxmemory-policy (%s): make sure it is noeviction, or the outage queue may be evicted",
                            forbidden.getMessage());
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

    /** The queue would not be durable on this Redis. */
    public static class UnsafeEvictionPolicyException extends QueueRefusedException {
        UnsafeEvictionPolicyException(String policy) {
            super(Reason.UNSAFE_EVICTION_POLICY, "Redis maxmemory-policy is " + policy + ": Redis could evict the outage queue and lose acknowledged "
                    + "events. Set maxmemory-policy to noeviction (or a volatile-* policy) on that Redis.", null);
        }
    }
}
