package io.netra.analytics.identity;

import java.util.Objects;
import java.util.Set;

/** The authenticated user id (the token's subject) and roles; never has a blank user id. */
public record Caller(String userId, Set<String> roles) {

    public Caller {
        Objects.requireNonNull(userId, "userId");
        if (userId.isBlank()) {
            throw new IllegalArgumentException("userId must not be blank");
        }
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
