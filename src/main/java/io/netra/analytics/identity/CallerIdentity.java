package io.netra.analytics.identity;

import java.util.Set;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is asking, for the request being served. Code that needs a user id gets it here or as an argument taken from
 * here; there is no way to ask for it that yields null: an anonymous request is a 401 before any work starts.
 */
@RequestScoped
public class CallerIdentity {

    private final SecurityIdentity identity;

    public CallerIdentity(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller caller() {
        if (identity.isAnonymous() || identity.getPrincipal().getName() == null || identity.getPrincipal().getName().isBlank()) {
            throw new UnauthorizedException("a bearer token with a subject is required");
        }
        return new Caller(identity.getPrincipal().getName(), Set.copyOf(identity.getRoles()));
    }
}
