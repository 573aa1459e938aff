package io.netra.analytics.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.netra.analytics.config.NetraConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies a bearer token once and reuses the result for the same token: an RSA signature check and two JSON
 * parses cost more than the rest of a cached answer. The reuse lasts until the token expires, and never longer than
 * {@code netra.identity.token-cache-ttl} after its verification, which also bounds how long a token passes after its
 * issuer's key is withdrawn. Only the exact token string is ever matched; a token that fails verification is not kept.
 */
@Alternative
@Priority(1)
@ApplicationScoped
// Caffeine picks its cache and entry classes by name for the features used (sized, expiring per entry); a native
// image has them only when named here
@RegisterForReflection(classNames = { "com.github.benmanes.caffeine.cache.SSMSA", "com.github.benmanes.caffeine.cache.PSWMS" })
public class VerifiedTokens extends DefaultJWTParser {

    private static final int MAX_TOKENS = 10_000;

    private final Cache<String, JsonWebToken> verified;

    @Inject
    public VerifiedTokens(JWTAuthContextInfo context, JWTCallerPrincipalFactory factory, NetraConfig config, Clock clock) {
        super(context, factory);
        Duration reuse = config.identity().tokenCacheTtl();
        this.verified = Caffeine.newBuilder().maximumSize(MAX_TOKENS)
                .expireAfter(Expiry.creating((String token, JsonWebToken jwt) -> reuse(clock.instant(), jwt.getExpirationTime(), reuse)))
                .build();
    }

    /** How long a token verified at {@code now} may be reused: the TTL, or less when it expires sooner. */
    static Duration reuse(Instant now, long expiresAtEpochSecond, Duration ttl) {
        Duration untilExpiry = Duration.between(now, Instant.ofEpochSecond(expiresAtEpochSecond));
        return untilExpiry.compareTo(ttl) < 0 ? untilExpiry : ttl;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.getIfPresent(token);
        if (known != null) {
            return known;
        }
        JsonWebToken jwt = super.parse(token);
        verified.put(token, jwt);
        return jwt;
    }
}
