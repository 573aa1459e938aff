package io.netra.analytics.packaged;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import io.netra.analytics.support.LocalServers;
import io.netra.analytics.support.PackagedApp;
import io.netra.analytics.support.TokenIssuer;

/** The packaged application in the prod profile refuses to start where it could not keep its promises, and says why. */
class StartupRefusalsIT {

    @AutoClose
    private static final LocalServers servers = LocalServers.start(true);
    private final TokenIssuer issuer = new TokenIssuer();

    private Map<String, String> config() {
        Map<String, String> config = new HashMap<>(servers.serviceConfig());
        config.putAll(issuer.serviceConfig());
        return config;
    }

    private String refusal(Map<String, String> config, String log) {
        IllegalStateException exited = assertThrows(IllegalStateException.class, () -> PackagedApp.start(config, Path.of(log)).close());
        return exited.getMessage();
    }

    @Test
    void withoutAnAudienceOrIssuerItDoesNotStartAndNamesTheSettings() {
        Map<String, String> config = config();
        config.remove("mp.jwt.verify.audiences");
        config.remove("mp.jwt.verify.issuer");

        String log = refusal(config, "target/startup-refusal-jwt.log");

        assertTrue(log.contains("MP_JWT_VERIFY_AUDIENCES") && log.contains("MP_JWT_VERIFY_ISSUER"), log);
    }

    @Test
    void onARedisThatMayEvictTheQueueItDoesNotStart() {
        servers.redis("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        try {
            String log = refusal(config(), "target/startup-refusal-redis.log");

            assertTrue(log.contains("maxmemory-policy is allkeys-lru"), log);
        } finally {
            servers.redis("CONFIG", "SET", "maxmemory-policy", "noeviction");
        }
    }
}
