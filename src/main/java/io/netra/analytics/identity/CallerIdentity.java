package io.netra.analytics.identity;

import java.util.Set;

import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.netra.analytics.config.NetraConfig;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is asking, for the request being served: the user is the token's {@code sub} claim (or the claim named by
 * {@code netra.identity.user-claim}), never the principal name, which a JWT library takes from {@code upn} or
 * {@code preferred_username} first, claims that issuers often let users choose. There is no way to ask for the
 * caller that yields null: a request without that claim is a 401 before any work starts.
 */
@RequestScoped
public class CallerIdentity {

    private final SecurityIdentity identity;
    private final String userClaim;

    public CallerIdentity(SecurityIdentity identity, NetraConfig config) {
        this.identity = identity;
        this.userClaim = config.identity().userClaim();
    }

    public Caller caller() {
        return callerOf(identity, userClaim);
    }

    /** The caller {@code identity} names, for a transport without a request scope (gRPC); 401 when it names none. */
    public static Caller callerOf(SecurityIdentity identity, String userClaim) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new UnauthorizedException("a bearer token is required");
        }
        String userId = text(token.getClaim(userClaim));
        if (userId == null || userId.isBlank()) {
            throw new UnauthorizedException("the token has no " + userClaim + " claim");
        }
        return new Caller(userId, Set.copyOf(identity.getRoles()));
    }

    private static String text(Object claim) {
        if (claim instanceof JsonString json) {
            return json.getString();
        }
        return claim instanceof String text ? text : null;
    }
}
