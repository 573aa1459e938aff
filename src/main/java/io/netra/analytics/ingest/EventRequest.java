package io.netra.analytics.ingest;

import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One event as a client sends it: the contract of POST /api/v1/metrics, whose body is one of these or an array of
 * them. The body is read as JSON and checked field by field ({@link EventValidator}), so that every problem of every
 * event is reported at once rather than the first a binder meets.
 */
@Schema(name = "EventRequest", additionalProperties = Schema.False.class)
public record EventRequest(
        @Schema(description = "Idempotency key: an event sent again with the same id counts once; generated when absent") UUID eventId,
        @Schema(description = "Whose event; another user's only with the metrics-writer role", maxLength = 128) String userId,
        @Schema(required = true, pattern = "^[A-Za-z0-9_.:/-]{1,255}$") String metric,
        @Schema(required = true, description = "A finite number") double value,
        @Schema(pattern = "^[A-Za-z0-9_.%/-]{1,32}$") String unit,
        @Schema(description = "ISO-8601 with an offset, or epoch milliseconds; default now",
                anyOf = { String.class, Long.class }) Object timestamp,
        @Schema(description = "At most netra.ingest.max-tags entries") Map<String, String> tags) {
}
