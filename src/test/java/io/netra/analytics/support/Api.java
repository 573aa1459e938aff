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

    /** An array of {@code size} new events of one metric, stamped now. */
    public static String batch(String metric, int size) {
        java.util.List<String> events = new java.util.ArrayList<>();
        for (int i = 0; i < size; i++) {
            events.add(event(java.util.UUID.randomUUID().toString(), metric, i, java.time.Instant.now().toEpochMilli()));
        }
        return "[" + String.join(",", events) + "]";
    }

    public static String event(String eventId, String metric, double value, long timestampMillis) {
        return "{\"eventId\":\"" + eventId + "\",\"metric\":\"" + metric + "\",\"value\":" + value
                + ",\"timestamp\":" + timestampMillis + "}";
    }
}
