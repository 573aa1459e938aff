package io.netra.analytics.model;

import java.util.regex.Pattern;

/** The bounds of tag keys, at ingest and wherever a request names one. */
public final class Tags {

    /** The JSON API's rule for the tags it takes. */
    public static final Pattern EVENT_TAG_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    public static final String EVENT_TAG_KEY_RULE = "key must be 1 to 64 characters of A-Z a-z 0-9 _ . : -";

    private Tags() {
    }
}
