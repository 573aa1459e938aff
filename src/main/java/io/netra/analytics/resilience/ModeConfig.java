package io.netra.analytics.resilience;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "netra.mode")
public interface ModeConfig {

    /** The mode a replica starts in, and keeps while no admin has set a shared mode: normal or clickhouse-disabled. */
    @WithDefault("normal")
    String startup();

    /** Redis key holding the mode an admin set, shared by every replica. */
    @WithDefault("netra:mode")
    String redisKey();

    /** How often a replica reads the shared mode (also a scheduler expression). */
    @WithDefault("2s")
    String refresh();
}
