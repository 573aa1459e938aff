package io.netra.analytics.summary;

import static io.netra.analytics.clickhouse.SqlLiterals.string;

/**
 * Where a table keeps the tags a filter or a grouping names. Events have their tags; an OpenTelemetry series (in
 * otel_series) has its points' attributes and its resource's ({@code service.name} among them), the points' first:
 * what the SDK recorded with the measurement is more specific than where it ran.
 */
public enum TagColumns {
    EVENTS {
        @Override
        String hasKey(String key) {
            return "indexOf(tag_keys, " + string(key) + ") > 0";
        }

        @Override
        String value(String key) {
            return "tag_values[indexOf(tag_keys, " + string(key) + ")]";
        }
    },
    OTEL {
        @Override
        String hasKey(String key) {
            return "(indexOf(tag_keys, " + string(key) + ") > 0 OR indexOf(resource_keys, " + string(key) + ") > 0)";
        }

        @Override
        String value(String key) {
            return "if(indexOf(tag_keys, " + string(key) + ") > 0, tag_values[indexOf(tag_keys, " + string(key) + ")], "
                    + "resource_values[indexOf(resource_keys, " + string(key) + ")])";
        }
    };

    /** SQL that is true where a row has {@code key}. */
    abstract String hasKey(String key);

    /** SQL for the value of {@code key} in a row; empty text where it has none. */
    abstract String value(String key);
}
