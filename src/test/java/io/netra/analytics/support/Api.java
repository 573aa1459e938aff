package io.netra.analytics.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;

/** Calls the service's API as a given user. */
public final class Api {

    private Api() {
    }

    public static ValidatableResponse postEvents(String userId, String body, String... roles) {
        return given().auth().oauth2(Tokens.forUser(userId, roles)).contentType("application/json").body(body)
                .post("/api/v1/metrics").then();
    }

    public static String event(String metric, double value) {
        return "{\"metric\":\"" + metric + "\",\"value\":" + value + "}";
    }

    public static String event(String eventId, String metric, double value, long timestampMillis) {
        return "{\"eventId\":\"" + eventId + "\",\"metric\":\"" + metric + "\",\"value\":" + value
                + ",\"timestamp\":" + timestampMillis + "}";
    }
}
