package io.netra.analytics.identity;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class JwtSettingsCheckTest {

    private static JwtSettingsCheck with(Map<String, String> settings) {
        return new JwtSettingsCheck(new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(settings, "test", 500)).build());
    }

    @Test
    void startsWhenIssuerKeyAndAudienceAreSet() {
        assertDoesNotThrow(() -> with(Map.of("mp.jwt.verify.issuer", "https://issuer", "mp.jwt.verify.publickey.location", "key.pem",
                "mp.jwt.verify.audiences", "netra-analytics")).onStart(null));
        assertDoesNotThrow(() -> with(Map.of("mp.jwt.verify.issuer", "https://issuer", "mp.jwt.verify.publickey", "MIIB...",
                "mp.jwt.verify.audiences", "netra-analytics")).onStart(null));
    }

    @Test
    void refusesToStartNamingEverySettingThatIsMissing() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> with(Map.of("mp.jwt.verify.issuer", " ")).onStart(null));

        assertTrue(refused.getMessage().contains("MP_JWT_VERIFY_ISSUER"), refused.getMessage());
        assertTrue(refused.getMessage().contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION"), refused.getMessage());
        assertTrue(refused.getMessage().contains("MP_JWT_VERIFY_AUDIENCES"), refused.getMessage());
    }
}
