package io.netra.analytics.otlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.netra.analytics.model.Tags;
import io.opentelemetry.proto.common.v1.KeyValue;

/**
 * A set of attributes (of a resource, a scope, a point or an exemplar) in canonical order: by key, the first of
 * duplicate keys kept (OTLP calls duplicates undefined), values as text. Canonical order makes the same attributes,
 * sent in any order, the same series.
 */
record Attributes(List<String> keys, List<String> values) {

    static final Attributes NONE = new Attributes(List.of(), List.of());

    static Attributes of(List<KeyValue> attributes) {
        if (attributes.isEmpty()) {
            return NONE;
        }
        Map<String, String> sorted = new TreeMap<>();
        for (KeyValue attribute : attributes) {
            sorted.putIfAbsent(attribute.getKey(), AttributeText.of(attribute.getValue()));
        }
        return new Attributes(List.copyOf(sorted.keySet()), List.copyOf(sorted.values()));
    }

    /** The value of {@code key}; empty when absent. */
    Optional<String> get(String key) {
        int at = keys.indexOf(key);
        return at < 0 ? Optional.empty() : Optional.of(values.get(at));
    }

    /** Why these attributes cannot be stored, against the limits; empty when they can. */
    Optional<String> problem(String whose, int maxAttributes, int maxValueLength) {
        if (keys.size() > maxAttributes) {
            return Optional.of(whose + " has more than " + maxAttributes + " attributes (netra.otlp.max-attributes)");
        }
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).isEmpty() || keys.get(i).length() > Tags.MAX_KEY_LENGTH) {
                return Optional.of(whose + " has an attribute key that is empty or longer than " + Tags.MAX_KEY_LENGTH + " characters");
            }
            if (values.get(i).length() > maxValueLength) {
                return Optional.of(whose + " attribute " + keys.get(i) + " is longer than " + maxValueLength
                        + " characters (netra.otlp.max-attribute-value-length)");
            }
        }
        return Optional.empty();
    }

    static List<List<String>> keysOf(List<Attributes> attributes) {
        List<List<String>> keys = new ArrayList<>(attributes.size());
        attributes.forEach(each -> keys.add(each.keys()));
        return keys;
    }

    static List<List<String>> valuesOf(List<Attributes> attributes) {
        List<List<String>> values = new ArrayList<>(attributes.size());
        attributes.forEach(each -> values.add(each.values()));
        return values;
    }
}
