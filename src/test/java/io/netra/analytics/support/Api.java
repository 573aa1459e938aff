package io.netra.analytics.support;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

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
        return events(newIds(size), metric);
    }

    public static List<String> newIds(int size) {
        return Stream.generate(() -> UUID.randomUUID().toString()).limit(size).toList();
    }

    /** An array of events with these ids, of one metric, stamped now. */
    public static String events(List<String> ids, String metric) {
        long now = Instant.now().toEpochMilli();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            events.add(event(ids.get(i), metric, i, now));
        }
        return "[" + String.join(",", events) + "]";
    }

    public static String event(String eventId, String metric, double value, long timestampMillis) {
        return "{\"eventId\":\"" + eventId + "\",\"metric\":\"" + metric + "\",\"value\":" + value
                + ",\"timestamp\":" + timestampMillis + "}";
    }
}
