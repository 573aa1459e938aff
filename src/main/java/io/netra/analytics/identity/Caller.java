package io.netra.analytics.identity;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.netra.analytics.model.UserIds;
import io.netra.analytics.problem.Problem.FieldError;
import io.netra.analytics.problem.ProblemException;

/** The authenticated user id and roles, and what they allow; never has a blank user id. */
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

    /** Fails with 403 unless this caller may record events owned by {@code owner}: their own, or anyone's for a writer. */
    public void requireMayWriteFor(String owner) {
        if (!userId.equals(owner) && !hasRole(Roles.METRICS_WRITER)) {
            throw ProblemException.status(403, "Forbidden", "Only the metrics-writer role may record events for another user.");
        }
    }

    /** The user whose data is read: the caller's own (when {@code requested} is absent), or anyone's for an admin. */
    public String readableUser(String requested) {
        if (requested == null || requested.equals(userId)) {
            return userId;
        }
        if (!hasRole(Roles.ADMIN)) {
            throw ProblemException.status(403, "Forbidden", "Only an admin may read another user's metrics.");
        }
        if (!UserIds.isValid(requested)) {
            throw ProblemException.badRequest("Invalid parameters.", List.of(new FieldError(null, "userId", UserIds.RULE)));
        }
        return requested;
    }
}
