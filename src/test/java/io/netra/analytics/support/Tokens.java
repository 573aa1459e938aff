package io.netra.analytics.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

/** Signs test tokens with the dev key pair (config/dev-jwt), for the issuer and audience the test profile trusts. */
public final class Tokens {

    public static final String ISSUER = "netra-dev";
    public static final String AUDIENCE = "netra-analytics";
    private static final PrivateKey DEV_KEY = load();

    private Tokens() {
    }

    public static String forUser(String userId, String... roles) {
        return claims(userId, roles).sign(DEV_KEY);
    }

    /** The claims of a valid token for this service, to alter before signing. */
    public static JwtClaimsBuilder claims(String userId, String... roles) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(userId)
                .groups(Set.of(roles.length == 0 ? new String[] { "user" } : roles));
    }

    public static PrivateKey devKey() {
        return DEV_KEY;
    }

    private static PrivateKey load() {
        try {
            return KeyUtils.decodePrivateKey(Files.readString(Path.of("config/dev-jwt/private-key.pem")));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read config/dev-jwt/private-key.pem", e);
        }
    }
}
