package io.netra.analytics.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.netra.analytics.support.TestConfig;

/** How much of the outage queue one tenant may hold: its share of the queue's events and of its bytes. */
class TenantQueueShareTest {

    private final TenantLimits limits = new TenantLimits(TestConfig.netra(
            "netra.outage-queue.max-events", "1000", "netra.outage-queue.max-bytes", "4000",
            "netra.tenants.queue-share", "0.25", "netra.tenants.user.\"hoarder\".queue-share", "0.01"));

    @Test
    void everyTenantMayHoldTheDefaultShareOfTheQueuesEventsAndBytes() {
        TenantLimits.Limits alice = limits.of("alice");

        assertEquals(250, alice.queueEvents());
        assertEquals(1000, alice.queueBytes());
    }

    @Test
    void aTenantsOwnShareReplacesTheDefault() {
        TenantLimits.Limits hoarder = limits.of("hoarder");

        assertEquals(10, hoarder.queueEvents());
        assertEquals(40, hoarder.queueBytes());
    }
}
