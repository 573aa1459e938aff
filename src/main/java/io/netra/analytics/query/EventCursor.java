package io.netra.analytics.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** Where the previous page of recent events ended: an opaque token to clients. */
public record EventCursor(long timestampMillis, UUID eventId) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((timestampMillis + ":" + eventId).getBytes(StandardCharsets.UTF_8));
    }

    /** Empty when the token was not made by {@link #encode()}. */
    public static Optional<EventCursor> decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return Optional.of(new EventCursor(Long.parseLong(text.substring(0, colon)), UUID.fromString(text.substring(colon + 1))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
