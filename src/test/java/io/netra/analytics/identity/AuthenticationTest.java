package io.netra.analytics.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.security.KeyPairGenerator;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.netra.analytics.support.Api;
import io.netra.analytics.support.RealServersProfile;
import io.netra.analytics.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;

@QuarkusTest
@TestProfile(RealServersProfile.class)
class AuthenticationTest {

    private static final String EVENT = "{\"metric\":\"cpu\",\"value\":1}";

    private static io.restassured.response.ValidatableResponse post(String token) {
        return given().auth().oauth2(token).contentType("application/json").body(EVENT).post("/api/v1/metrics").then();
    }

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

        post(Tokens.claims("mallory", "admin").sign(generator.generateKeyPair().getPrivate())).statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aTokenForAnotherServiceOrNoneIsA401() {
        post(Tokens.claims("alice").audience("billing-service").sign(Tokens.devKey())).statusCode(401).contentType("application/problem+json");
        post(Jwt.issuer(Tokens.ISSUER).subject("alice").groups(Set.of("user")).sign(Tokens.devKey())).statusCode(401);
        post(Tokens.claims("alice").issuer("https://someone-else").sign(Tokens.devKey())).statusCode(401);
    }

    @Test
    void theUserIsTheSubjectNeverTheUsernameClaims() {
        String alice = "alice-" + UUID.randomUUID();
        String token = Tokens.claims(alice).claim("preferred_username", "bob").upn("bob").sign(Tokens.devKey());

        post(token).statusCode(202);

        given().auth().oauth2(token).get("/api/v1/metrics/names").then().statusCode(200)
                .body("userId", equalTo(alice)).body("metrics[0].name", equalTo("cpu"));
        given().auth().oauth2(Tokens.forUser("bob")).get("/api/v1/metrics/names?userId=" + alice).then().statusCode(403);
        Api.postEvents(alice, EVENT).statusCode(202);
    }

    @Test
    void aTokenWithoutASubjectIsA401EvenWithAUsername() {
        String token = Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).upn("bob").groups(Set.of("user")).sign(Tokens.devKey());

        post(token).statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anExpiredTokenIsA401() {
        String expired = Tokens.claims("alice").issuedAt(1_000_000L).expiresAt(1_000_060L).sign(Tokens.devKey());

        post(expired).statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aTokenWithoutAKnownRoleIsA403() {
        post(Tokens.forUser("alice", "guest")).statusCode(403).contentType("application/problem+json");
    }

    @Test
    void garbageInTheAuthorizationHeaderIsA401() {
        given().header("Authorization", "Bearer not.a.jwt").contentType("application/json").body(EVENT)
                .post("/api/v1/metrics").then().statusCode(401).contentType("application/problem+json");
    }
}
