package io.netra.analytics.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netra.analytics.support.TestConfig;

class IngestRateLimiterTest {

    private Instant now = Instant.parse("2026-12-01T00:00:00Z");
    private int replicas = 1;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IngestRateLimiter limiter = new IngestRateLimiter(new TenantLimits(TestConfig.netra(
            "netra.tenants.ingest-rate", "100", "netra.tenants.ingest-burst", "200",
            "netra.tenants.user.\"vip\".ingest-rate", "1000", "netra.tenants.user.\"vip\".ingest-burst", "5000")),
            () -> replicas, new Clock() {
                @Override
                public Instant instant() {
                    return now;
                }

                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }
            }, new TenantMetrics(registry));

    private double refusals() {
        return registry.get("netra.tenant.refusals").tag("limit", "ingest-rate").counter().count();
    }

    @Test
    void aTenantMaySendItsBurstAtOnceThenItsRateAndIsToldHowLongToWait() {
        assertEquals(Optional.empty(), limiter.admit("alice", 150));
        assertEquals(Optional.empty(), limiter.admit("alice", 50));

        assertEquals(Optional.of(Duration.ofMillis(100)), limiter.admit("alice", 10), "10 events at 100/s: 100 ms");
        assertEquals(1, refusals());

        now = now.plusMillis(100);
        assertEquals(Optional.empty(), limiter.admit("alice", 10));
    }

    @Test
    void tenantsHaveTheirOwnBucketsAndOverrides() {
        assertEquals(Optional.empty(), limiter.admit("alice", 200));
        assertEquals(Optional.empty(), limiter.admit("bob", 200), "another tenant is not slowed by alice");
        assertEquals(Optional.empty(), limiter.admit("vip", 5000), "vip's own burst");
        assertEquals(List.of(), limiter.mostLimited(5));

        limiter.admit("alice", 1);
        limiter.admit("alice", 1);
        limiter.admit("bob", 1);

        assertEquals(List.of(new IngestRateLimiter.RateLimitedTenant("alice", 2), new IngestRateLimiter.RateLimitedTenant("bob", 1)),
                limiter.mostLimited(5));
    }

    @Test
    void aRequestLargerThanTheBurstPassesOnAFullBucketAndLaterOnesWaitOutTheDebt() {
        assertEquals(Optional.empty(), limiter.admit("alice", 300), "never refused forever");

        assertEquals(Optional.of(Duration.ofMillis(1010)), limiter.admit("alice", 1), "the 100 events of debt, then 1");
        now = now.plusSeconds(3);
        assertEquals(Optional.empty(), limiter.admit("alice", 1));
    }

    @Test
    void eachReplicaTakesItsShareOfTheRateAndTheBurst() {
        replicas = 2;

        assertEquals(Optional.empty(), limiter.admit("alice", 100));
        assertEquals(Optional.of(Duration.ofMillis(20)), limiter.admit("alice", 1), "1 event at 50/s on this replica: 20 ms");

        now = now.plusSeconds(60);
        assertEquals(Optional.empty(), limiter.admit("alice", 100));
        assertEquals(Optional.of(Duration.ofMillis(20)), limiter.admit("alice", 1), "an idle bucket refills to this replica's share only");
    }

    @Test
    void aBucketRefillsAtTheRateNotAtOnce() {
        assertEquals(Optional.empty(), limiter.admit("alice", 200));

        now = now.plusMillis(50);
        assertEquals(Optional.of(Duration.ofMillis(50)), limiter.admit("alice", 10), "50 ms at 100/s gave back 5 of the 10 events");
    }
}
