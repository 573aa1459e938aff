package io.netra.analytics.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/** Signs test tokens with the dev key pair (config/dev-jwt). */
public final class Tokens {

    public static final String ISSUER = "netra-dev";
    private static final PrivateKey KEY = load();

    private Tokens() {
    }

    public static String forUser(String userId, String... roles) {
        return Jwt.issuer(ISSUER).subject(userId).groups(Set.of(roles.length == 0 ? new String[] { "user" } : roles)).sign(KEY);
    }

    public static PrivateKey privateKey() {
        return KEY;
    }

    private static PrivateKey load() {
        try {
            return KeyUtils.decodePrivateKey(Files.readString(Path.of("config/dev-jwt/private-key.pem")));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read config/dev-jwt/private-key.pem", e);
        }
    }
}
