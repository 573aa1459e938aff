package io.netra.analytics.queue;

import java.time.Instant;

/** Redis stream entry ids start with the millisecond their entry was added: "1764240000000-0". */
final class StreamIds {

    private StreamIds() {
    }

    static Instant instant(String entryId) {
        return Instant.ofEpochMilli(Long.parseLong(entryId.substring(0, entryId.indexOf('-'))));
    }

    /** The stream id bound for {@code instant}: as a start it means its first entry, as an end its last. */
    static String bound(Instant instant) {
        return String.valueOf(instant.toEpochMilli());
    }
}
