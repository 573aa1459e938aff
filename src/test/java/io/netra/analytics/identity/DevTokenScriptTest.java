package io.netra.analytics.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.netra.analytics.support.RealServersProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The README tells people to mint tokens with scripts/dev-token.sh: the tokens it prints must be accepted. */
@QuarkusTest
@TestProfile(RealServersProfile.class)
class DevTokenScriptTest {

    @Test
    void aTokenFromTheScriptIsAccepted() throws Exception {
        Process script = new ProcessBuilder("scripts/dev-token.sh", "readme-user", "user").start();
        String token = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, script.waitFor());

        given().auth().oauth2(token).contentType("application/json").body("{\"metric\":\"readme\",\"value\":1}")
                .post("/api/v1/metrics").then().statusCode(202).body("accepted", equalTo(1));
    }
}
