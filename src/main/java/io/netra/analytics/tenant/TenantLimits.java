package io.netra.analytics.tenant;

import jakarta.inject.Singleton;

import io.netra.analytics.config.NetraConfig;

/** The limits of each tenant: the defaults, or the tenant's own where {@code netra.tenants.user."<id>".*} sets them. */
@Singleton
public class TenantLimits {

    /** What one tenant may take: an ingest rate with its burst, and how much of the outage queue it may hold. */
    public record Limits(double ingestRate, long ingestBurst, long queueEvents, long queueBytes) {
    }

    private final NetraConfig.Tenants config;
    private final NetraConfig.OutageQueue queue;

    public TenantLimits(NetraConfig config) {
        this.config = config.tenants();
        this.queue = config.outageQueue();
    }

    public Limits of(String tenant) {
        NetraConfig.Tenants.TenantOverride own = config.user().get(tenant);
        double rate = own == null ? config.ingestRate() : own.ingestRate().orElse(config.ingestRate());
        long burst = own == null ? config.ingestBurst() : own.ingestBurst().orElse(config.ingestBurst());
        double share = own == null ? config.queueShare() : own.queueShare().orElse(config.queueShare());
        return new Limits(rate, burst, (long) Math.floor(queue.maxEvents() * share), (long) Math.floor(queue.maxBytes() * share));
    }
}
