package io.netra.analytics.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.netra.analytics.support.LogCapture;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

class RedisHostNameVerificationTest {

    private static final String DEFAULT_CLIENT = "<default>";

    private static RedisHostNameVerification verification(Map<String, String> settings) {
        return new RedisHostNameVerification(new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(settings, "test", 100)).build());
    }

    private static Map<String, String> bucket(String algorithm) {
        Map<String, String> settings = new HashMap<>(Map.of("quarkus.redis.tls-configuration-name", "redis"));
        if (algorithm != null) {
            settings.put("quarkus.tls.redis.hostname-verification-algorithm", algorithm);
        }
        return settings;
    }

    private static RedisOptions tls(RedisClientType type) {
        return new RedisOptions().setType(type).addConnectionString("rediss://redis.example:6380");
    }

    private static long warnings(LogCapture log, String text) {
        return log.records().stream().filter(record -> record.getMessage().contains(text)).count();
    }

    @ParameterizedTest
    @EnumSource(RedisClientType.class)
    void everyTopologyChecksHostNamesWithOrWithoutATlsConfiguration(RedisClientType type) {
        RedisOptions unnamed = tls(type);
        verification(Map.of()).customize(DEFAULT_CLIENT, unnamed);
        assertEquals("HTTPS", unnamed.getNetClientOptions().getHostnameVerificationAlgorithm());

        // the legacy quarkus.redis.tls.* path hands over NONE by default, and a bucket without the setting nothing
        RedisOptions legacy = tls(type);
        legacy.getNetClientOptions().setHostnameVerificationAlgorithm("NONE");
        verification(bucket(null)).customize(DEFAULT_CLIENT, legacy);
        assertEquals("HTTPS", legacy.getNetClientOptions().getHostnameVerificationAlgorithm());
    }

    @Test
    void onlyAConfigurationThatSaysNoneTurnsTheCheckOffAndThatIsWarnedOfOnce() {
        try (LogCapture log = LogCapture.of(RedisHostNameVerification.class)) {
            RedisHostNameVerification verification = verification(bucket("NONE"));
            RedisOptions optedOut = tls(RedisClientType.STANDALONE);
            verification.customize(DEFAULT_CLIENT, optedOut);
            verification.customize(DEFAULT_CLIENT, tls(RedisClientType.STANDALONE));
            assertEquals("", optedOut.getNetClientOptions().getHostnameVerificationAlgorithm(), "empty is how Vert.x spells no check");
            assertEquals(1, warnings(log, "does not verify the server's host name"));
        }
        RedisOptions ldaps = tls(RedisClientType.STANDALONE);
        ldaps.getNetClientOptions().setHostnameVerificationAlgorithm("LDAPS");
        verification(bucket("LDAPS")).customize(DEFAULT_CLIENT, ldaps);
        assertEquals("LDAPS", ldaps.getNetClientOptions().getHostnameVerificationAlgorithm(), "an algorithm that checks is kept");
    }

    @Test
    void aNamedClientIsJudgedByItsOwnConfigurationNotTheDefaultOnes() {
        Map<String, String> settings = bucket("NONE");
        settings.put("quarkus.redis.\"audit\".tls-configuration-name", "audit");
        RedisOptions audit = tls(RedisClientType.STANDALONE);
        verification(settings).customize("audit", audit);
        assertEquals("HTTPS", audit.getNetClientOptions().getHostnameVerificationAlgorithm());
    }

    @Test
    void trustingEveryCertificateIsWarnedOf() {
        try (LogCapture log = LogCapture.of(RedisHostNameVerification.class)) {
            RedisOptions trusting = tls(RedisClientType.STANDALONE);
            trusting.getNetClientOptions().setTrustAll(true);
            verification(Map.of()).customize(DEFAULT_CLIENT, trusting);
            RedisOptions plain = new RedisOptions().addConnectionString("redis://redis.example:6379");
            plain.getNetClientOptions().setTrustAll(true);
            verification(Map.of()).customize(DEFAULT_CLIENT, plain);
            assertEquals(1, warnings(log, "trusts every certificate"), "warned of where TLS is used");
        }
    }
}
