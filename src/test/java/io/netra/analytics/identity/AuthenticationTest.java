package io.netra.analytics.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.security.KeyPairGenerator;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.netra.analytics.support.RealServersProfile;
import io.netra.analytics.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;

@QuarkusTest
@TestProfile(RealServersProfile.class)
class AuthenticationTest {

    private static final String EVENT = "{\"metric\":\"cpu\",\"value\":1}";

    @Test
    void noTokenIsA401ProblemNotAnEmptyBody() {
        given().contentType("application/json").body(EVENT).post("/api/v1/metrics").then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType("application/problem+json")
                .body("status", equalTo(401)).body("title", equalTo("Unauthorized"));
    }

    @Test
    void aTokenSignedByAnotherKeyIsA401() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = Jwt.issuer(Tokens.ISSUER).subject("mallory").groups(Set.of("admin")).sign(generator.generateKeyPair().getPrivate());

        given().auth().oauth2(forged).contentType("application/json").body(EVENT).post("/api/v1/metrics").then()
                .statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anExpiredTokenIsA401() {
        String expired = Jwt.issuer(Tokens.ISSUER).subject("alice").groups(Set.of("user"))
                .issuedAt(1_000_000L).expiresAt(1_000_060L).sign(Tokens.privateKey());

        given().auth().oauth2(expired).contentType("application/json").body(EVENT).post("/api/v1/metrics").then()
                .statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aTokenWithoutAKnownRoleIsA403() {
        given().auth().oauth2(Tokens.forUser("alice", "guest")).contentType("application/json").body(EVENT)
                .post("/api/v1/metrics").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void garbageInTheAuthorizationHeaderIsA401() {
        given().header("Authorization", "Bearer not.a.jwt").contentType("application/json").body(EVENT)
                .post("/api/v1/metrics").then().statusCode(401).contentType("application/problem+json");
    }
}
