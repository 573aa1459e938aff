package io.netra.analytics.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of raw events, newest first; {@code nextCursor} asks for the next page, null on the last. */
public record EventsPage(String source, boolean stale, Instant computedAt, String userId, List<Event> events,
        @Schema(nullable = true) String nextCursor) implements Answer {

    /** One recorded event. */
    @Schema(name = "RecordedEvent")
    public record Event(UUID eventId, String metric, double value, String unit, Instant timestamp, Map<String, String> tags) {
    }
}
