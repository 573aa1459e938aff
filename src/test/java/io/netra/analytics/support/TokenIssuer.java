package io.netra.analytics.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;

/**
 * An issuer of its own, as production has: a fresh RSA key pair whose public half is written where the service
 * reads it, and tokens for this issuer and audience. The dev key in config/dev-jwt means nothing to it.
 */
public final class TokenIssuer {

    public static final String AUDIENCE = "netra-analytics";
    private final String issuer = "https://issuer.test.invalid/" + Long.toHexString(System.nanoTime());
    private final KeyPair keys;
    private final Path publicKey;

    public TokenIssuer() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
            publicKey = Files.createTempFile("issuer-public-key-", ".pem");
            publicKey.toFile().deleteOnExit();
            Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the service needs to trust this issuer's tokens. */
    public Map<String, String> serviceConfig() {
        return Map.of("mp.jwt.verify.publickey.location", publicKey.toString(),
                "mp.jwt.verify.issuer", issuer,
                "mp.jwt.verify.audiences", AUDIENCE);
    }

    public String forUser(String userId, String... roles) {
        return Jwt.issuer(issuer).audience(AUDIENCE).subject(userId)
                .groups(Set.of(roles.length == 0 ? new String[] { "user" } : roles)).sign(keys.getPrivate());
    }
}
