package io.netra.analytics.identity;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start without what makes a token trustworthy: the issuer, the issuer's key and the audience this
 * service is. Without an audience, a token the same issuer minted for any other service would be accepted here;
 * without the others every request would fail with 401 and nothing would say why.
 */
@Singleton
public class JwtSettingsCheck {

    private final Config config;

    public JwtSettingsCheck(Config config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        List<String> missing = new ArrayList<>();
        if (absent("mp.jwt.verify.issuer")) {
            missing.add("mp.jwt.verify.issuer (MP_JWT_VERIFY_ISSUER): the expected iss claim");
        }
        if (absent("mp.jwt.verify.publickey.location") && absent("mp.jwt.verify.publickey")) {
            missing.add("mp.jwt.verify.publickey.location (MP_JWT_VERIFY_PUBLICKEY_LOCATION): the issuer's public key or JWKS URL");
        }
        if (absent("mp.jwt.verify.audiences")) {
            missing.add("mp.jwt.verify.audiences (MP_JWT_VERIFY_AUDIENCES): the aud value tokens for this service carry");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Token verification is not configured; set " + String.join("; ", missing));
        }
    }

    private boolean absent(String key) {
        return config.getOptionalValue(key, String.class).filter(value -> !value.isBlank()).isEmpty();
    }
}
