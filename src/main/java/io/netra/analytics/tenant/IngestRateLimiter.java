package io.netra.analytics.tenant;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.netra.analytics.tenant.TenantLimits.Limits;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Each tenant's ingest rate, as a token bucket per tenant in this replica, holding this replica's share of the
 * tenant's rate and burst (1 / the live replicas). No Redis call on the request path: ingest keeps its speed, and
 * keeps working when Redis is down. A request bigger than the bucket passes when the bucket is full, leaving a debt
 * that later requests wait out, so no request is refused forever.
 */
@Singleton
// Caffeine picks its cache and entry classes by name for the features used (sized, expiring after access); a native
// image has them only when named here
@RegisterForReflection(classNames = { "com.github.benmanes.caffeine.cache.SSMSA", "com.github.benmanes.caffeine.cache.PSAMS" })
public class IngestRateLimiter {

    /** Buckets of tenants not heard from for this long are forgotten (and start full when they return). */
    private static final Duration IDLE = Duration.ofMinutes(10);
    private static final int MAX_TENANTS = 100_000;

    /** A tenant that sent more than it may, and how often it was told to wait since this replica started. */
    public record RateLimitedTenant(String tenant, long refusals) {
    }

    private final TenantLimits limits;
    private final ReplicaCount replicas;
    private final Clock clock;
    private final TenantMetrics metrics;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(MAX_TENANTS).expireAfterAccess(IDLE).build();

    public IngestRateLimiter(TenantLimits limits, ReplicaCount replicas, Clock clock, TenantMetrics metrics) {
        this.limits = limits;
        this.replicas = replicas;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Empty when {@code events} may go in now; otherwise how long the tenant should wait. */
    public Optional<Duration> admit(String tenant, int events) {
        Limits own = limits.of(tenant);
        int share = replicas.count();
        Bucket bucket = buckets.get(tenant, ignored -> new Bucket(clock.millis(), own.ingestBurst() / (double) share));
        Optional<Duration> wait = bucket.take(events, own.ingestRate() / share, own.ingestBurst() / (double) share, clock.millis());
        if (wait.isPresent()) {
            metrics.overRate.increment();
        }
        return wait;
    }

    /** The tenants this replica told to wait most often, most first. */
    public List<RateLimitedTenant> mostLimited(int limit) {
        return buckets.asMap().entrySet().stream().filter(entry -> entry.getValue().refusals() > 0)
                .map(entry -> new RateLimitedTenant(entry.getKey(), entry.getValue().refusals()))
                .sorted(Comparator.comparingLong(RateLimitedTenant::refusals).reversed().thenComparing(RateLimitedTenant::tenant))
                .limit(limit).toList();
    }

    /** Tokens are events; they refill at the rate, up to the capacity. */
    static final class Bucket {
        private double tokens;
        private long refilledAt;
        private long refusals;

        Bucket(long now, double capacity) {
            this.tokens = capacity;
            this.refilledAt = now;
        }

        synchronized Optional<Duration> take(int events, double ratePerSecond, double capacity, long now) {
            tokens = Math.min(capacity, tokens + Math.max(0, now - refilledAt) * ratePerSecond / 1000);
            refilledAt = now;
            if (tokens >= events || tokens >= capacity) {
                tokens -= events;
                return Optional.empty();
            }
            refusals++;
            double missing = Math.min(events, capacity) - tokens;
            return Optional.of(Duration.ofMillis((long) Math.ceil(missing * 1000 / ratePerSecond)));
        }

        synchronized long refusals() {
            return refusals;
        }
    }
}
