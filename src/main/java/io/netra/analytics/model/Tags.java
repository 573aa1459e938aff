package io.netra.analytics.model;

/**
 * The bounds of tag keys, the one word for what the JSON API calls tags and OpenTelemetry calls attributes: at
 * ingest and in the filters that ask for them, so that a filter can name every key that can be stored.
 */
public final class Tags {

    /** The longest key either door stores: OpenTelemetry's attribute keys. */
    public static final int MAX_KEY_LENGTH = 255;
    /** The JSON API's own, narrower rule for the tags it takes. */
    public static final NameRule EVENT_TAG_KEY = NameRule.asciiLettersDigitsAnd("_.:-", 64);
    public static final String EVENT_TAG_KEY_RULE = "key must be 1 to 64 characters of A-Z a-z 0-9 _ . : -";

    private Tags() {
    }
}
