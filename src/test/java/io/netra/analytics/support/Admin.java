package io.netra.analytics.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;

/** Calls the admin API as an operator. */
public final class Admin {

    public static final String OPERATOR = "night-shift-operator";

    private Admin() {
    }

    public static ValidatableResponse setMode(String mode) {
        return given().auth().oauth2(Tokens.forUser(OPERATOR, "admin")).contentType("application/json")
                .body("{\"mode\":\"" + mode + "\"}").put("/api/v1/admin/mode").then();
    }

    public static ValidatableResponse resilience() {
        return given().auth().oauth2(Tokens.forUser(OPERATOR, "admin")).get("/api/v1/admin/resilience").then();
    }

    public static ValidatableResponse resetBreaker(String name) {
        return given().auth().oauth2(Tokens.forUser(OPERATOR, "admin")).post("/api/v1/admin/circuit-breakers/" + name + "/reset").then();
    }

    public static ValidatableResponse deadLetters() {
        return given().auth().oauth2(Tokens.forUser(OPERATOR, "admin")).get("/api/v1/admin/dead-letters").then();
    }

    public static ValidatableResponse requeueDeadLetters(String body) {
        return given().auth().oauth2(Tokens.forUser(OPERATOR, "admin")).contentType("application/json").body(body)
                .post("/api/v1/admin/dead-letters/requeue").then();
    }
}
