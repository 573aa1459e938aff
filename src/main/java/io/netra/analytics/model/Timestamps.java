package io.netra.analytics.model;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.OptionalLong;

/** How a request writes an instant, wherever it does: ISO-8601 with an offset, or epoch milliseconds. */
public final class Timestamps {

    public static final String RULE = "must be ISO-8601 with an offset (2026-01-31T12:00:00.123Z) or epoch milliseconds";

    private Timestamps() {
    }

    /** The instant {@code text} names, in epoch milliseconds; empty when it names none. */
    public static OptionalLong parse(String text) {
        try {
            if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return OptionalLong.of(Long.parseLong(text));
            }
            return OptionalLong.of(OffsetDateTime.parse(text).toInstant().toEpochMilli());
        } catch (DateTimeException | ArithmeticException | NumberFormatException notAnInstant) {
            return OptionalLong.empty();
        }
    }
}
