package io.netra.analytics.problem;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document. {@code errors} lists each invalid field; {@code eventIds} names the events of a
 * failed ingest request, so a client can resend exactly them (each is counted once however often it arrives).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors, List<UUID> eventIds) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, List.of(), List.of());
    }

    /** One invalid field; {@code index} is the event's position in a batch, absent for a single item. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(Integer index, String field, String message) {
    }
}
