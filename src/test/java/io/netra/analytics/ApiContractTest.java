package io.netra.analytics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;

import io.netra.analytics.support.Admin;
import io.netra.analytics.support.Api;
import io.netra.analytics.support.Contract;
import io.netra.analytics.support.RealServersProfile;
import io.netra.analytics.support.RealServersTest;
import io.netra.analytics.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;

/** The OpenAPI document is the contract: committed, current, and what every endpoint really answers. */
@QuarkusTest
@TestProfile(RealServersProfile.class)
class ApiContractTest extends RealServersTest {

    private final String user = "contract-" + UUID.randomUUID();

    /** The token as a plain header: REST Assured's oauth2() adds it after the filters, where the validator cannot see it. */
    private RequestSpecification as(String who, String... roles) {
        return given().filter(Contract.requestsAndResponses()).header("Authorization", "Bearer " + Tokens.forUser(who, roles));
    }

    @Test
    void theCommittedDocumentIsTheOneTheServiceServes() throws Exception {
        String served = given().accept("application/yaml").get("/q/openapi").then().statusCode(200).extract().asString();
        Path current = Path.of("target/openapi/netra-analytics.yaml");
        Files.createDirectories(current.getParent());
        Files.writeString(current, served);

        assertEquals(Files.readString(Contract.DOCUMENT), served,
                "the API changed: review " + current + " and copy it to " + Contract.DOCUMENT + " in the same commit");
    }

    @Test
    void everyEndpointAnswersAsDocumented() {
        // valid by the document, refused by the service's own rules: too old
        String tooOld = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"metric\":\"contract\",\"value\":1.5,\"unit\":\"ms\","
                + "\"timestamp\":\"2020-01-01T12:00:00Z\",\"tags\":{\"route\":\"/a\"}}";
        as(user).contentType("application/json").body("[" + Api.event("contract", 2) + "]").post("/api/v1/metrics").then().statusCode(202);
        as(user).contentType("application/json").body("{\"metric\":\"contract\",\"value\":3}").post("/api/v1/metrics").then().statusCode(202);
        as("billing", "metrics-writer").contentType("application/json").body("{\"metric\":\"contract\",\"value\":4,\"userId\":\"" + user + "\"}")
                .post("/api/v1/metrics").then().statusCode(202);
        as(user).get("/api/v1/metrics/names").then().statusCode(200);
        as(user).get("/api/v1/metrics/summary?metric=contract&interval=1h").then().statusCode(200);
        as(user).get("/api/v1/metrics/events?metric=contract&limit=1").then().statusCode(200);
        as("root", "admin").get("/api/v1/metrics/names?userId=" + user).then().statusCode(200);
        as("root", "admin").get("/api/v1/admin/resilience").then().statusCode(200);
        as("root", "admin").get("/api/v1/admin/mode").then().statusCode(200);
        as("root", "admin").contentType("application/json").body("{\"mode\":\"normal\"}").put("/api/v1/admin/mode").then().statusCode(200);
        as("root", "admin").post("/api/v1/admin/circuit-breakers/clickhouse-query/reset").then().statusCode(200);
        as("root", "admin").get("/api/v1/admin/dead-letters").then().statusCode(200);
        as("root", "admin").contentType("application/json").body("{\"reason\":\"refused-27\",\"from\":\"2026-01-01T00:00:00Z\"}")
                .post("/api/v1/admin/dead-letters/requeue").then().statusCode(200);
        as(user).contentType("application/json").body(tooOld).post("/api/v1/metrics").then().statusCode(400);
    }

    @Test
    void theContractHasTeeth() {
        assertThrows(OpenApiValidationFilter.OpenApiValidationException.class,
                () -> as(user).contentType("application/json").body("42").post("/api/v1/metrics"), "a number is not an event");
        assertThrows(OpenApiValidationFilter.OpenApiValidationException.class,
                () -> as(user).contentType("application/json").body("{\"metric\":\"m\",\"value\":\"high\"}").post("/api/v1/metrics"),
                "a value must be a number");
    }

    @Test
    void everyErrorIsADocumentedProblem() {
        Contract.checkEveryResponse();
        Api.postEvents(user, "{\"metric\":\"\",\"value\":1}").statusCode(400);
        Api.postEvents(user, "{\"metric\":").statusCode(400);
        Api.postEvents(user, "[" + "{\"metric\":\"m\",\"value\":1},".repeat(1000) + "{\"metric\":\"m\",\"value\":1}]").statusCode(413);
        Api.postEvents(user, "{\"metric\":\"m\",\"value\":1,\"userId\":\"someone-else\"}").statusCode(403);
        given().contentType("application/json").body("{}").post("/api/v1/metrics").then().statusCode(401);
        given().auth().oauth2(Tokens.forUser(user)).contentType("text/plain").body("x").post("/api/v1/metrics").then().statusCode(415);
        given().auth().oauth2(Tokens.forUser(user)).get("/api/v1/metrics/summary?metric=bad%20name").then().statusCode(400);
        given().auth().oauth2(Tokens.forUser(user)).get("/api/v1/metrics/names?userId=other").then().statusCode(403);
        given().auth().oauth2(Tokens.forUser(user)).get("/api/v1/admin/resilience").then().statusCode(403);
        Admin.setMode("off").statusCode(400);
        Admin.resetBreaker("no-such-breaker").statusCode(404);
        Admin.requeueDeadLetters("{\"to\":\"yesterday\"}").statusCode(400);
        servers.stopClickHouse();
        given().auth().oauth2(Tokens.forUser(user + "-new")).get("/api/v1/metrics/names").then().statusCode(503);
    }
}
