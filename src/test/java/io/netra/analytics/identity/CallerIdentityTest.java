package io.netra.analytics.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.Principal;
import java.util.Map;
import java.util.Set;

import jakarta.json.Json;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.netra.analytics.support.TestConfig;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/** The caller is the configured claim of a verified token, never the principal name. */
class CallerIdentityTest {

    /** A verified token's claims, as smallrye-jwt hands them out: strings for sub, JSON values for custom claims. */
    private record Token(Map<String, Object> claims) implements JsonWebToken {
        @Override
        public String getName() {
            return "bob";
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String name) {
            return (T) claims.get(name);
        }
    }

    private static Caller caller(Principal principal, String... settings) {
        QuarkusSecurityIdentity identity = QuarkusSecurityIdentity.builder().setPrincipal(principal).addRole("user").build();
        return new CallerIdentity(identity, TestConfig.netra(settings)).caller();
    }

    @Test
    void theUserIsTheSubjectNotThePrincipalName() {
        Caller caller = caller(new Token(Map.of("sub", "alice", "upn", "bob", "preferred_username", "bob")));

        assertEquals("alice", caller.userId());
        assertEquals(Set.of("user"), caller.roles());
    }

    @Test
    void anotherClaimCanNameTheUser() {
        Caller caller = caller(new Token(Map.of("sub", "alice", "tenant_user", Json.createValue("t-42"))),
                "netra.identity.user-claim", "tenant_user");

        assertEquals("t-42", caller.userId());
    }

    @Test
    void withoutTheClaimOrAVerifiedTokenThereIsNoCaller() {
        assertThrows(UnauthorizedException.class, () -> caller(new Token(Map.of("upn", "bob"))));
        assertThrows(UnauthorizedException.class, () -> caller(new Token(Map.of("sub", " "))));
        assertThrows(UnauthorizedException.class, () -> caller(new Token(Map.of("sub", 42))));
        assertThrows(UnauthorizedException.class, () -> caller(() -> "bob"));
        assertThrows(UnauthorizedException.class, () -> new CallerIdentity(QuarkusSecurityIdentity.builder().setAnonymous(true).build(),
                TestConfig.netra()).caller());
    }
}
