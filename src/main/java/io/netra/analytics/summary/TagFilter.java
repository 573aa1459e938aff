package io.netra.analytics.summary;

import static io.netra.analytics.clickhouse.SqlLiterals.string;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The tag conditions of a question, {@code tag.<key>=<value>} and {@code tag.<key>!=<value>}: every key's conditions
 * hold (AND); a key asked for several values matches any of them (OR), and a row without the key matches none; an
 * exclusion drops the rows with that value and keeps the others, those without the key included, as PromQL's
 * {@code !=} does. Kept sorted, so the same conditions in any order are one question and one cache key.
 */
public record TagFilter(SortedMap<String, Condition> byKey) {

    public static final TagFilter NONE = new TagFilter(Collections.emptySortedMap());

    /** The values one key must have (any of them; empty: any value) and must not have. */
    public record Condition(SortedSet<String> equalTo, SortedSet<String> notEqualTo) {
    }

    /** Collects conditions, in any order. */
    public static final class Builder {
        private final SortedMap<String, Condition> byKey = new TreeMap<>();

        public Builder equalTo(String key, String value) {
            condition(key).equalTo().add(value);
            return this;
        }

        public Builder notEqualTo(String key, String value) {
            condition(key).notEqualTo().add(value);
            return this;
        }

        private Condition condition(String key) {
            return byKey.computeIfAbsent(key, ignored -> new Condition(new TreeSet<>(), new TreeSet<>()));
        }

        public TagFilter build() {
            return byKey.isEmpty() ? NONE : new TagFilter(Collections.unmodifiableSortedMap(byKey));
        }
    }

    /** The normalised conditions: {@code tag.host=a,b&tag.env!=dev}, in key order. */
    public String cacheKey() {
        StringJoiner key = new StringJoiner("&");
        byKey.forEach((name, condition) -> {
            if (!condition.equalTo().isEmpty()) {
                key.add("tag." + encoded(name) + "=" + condition.equalTo().stream().map(TagFilter::encoded).collect(Collectors.joining(",")));
            }
            if (!condition.notEqualTo().isEmpty()) {
                key.add("tag." + encoded(name) + "!=" + condition.notEqualTo().stream().map(TagFilter::encoded).collect(Collectors.joining(",")));
            }
        });
        return key.toString();
    }

    /** Keys and values in the cache key: encoded, so that a value with a comma is not two values. */
    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The conditions as SQL on {@code columns}, each key's joined by AND: empty text for none. */
    String sql(TagColumns columns) {
        StringBuilder sql = new StringBuilder();
        byKey.forEach((name, condition) -> {
            if (!condition.equalTo().isEmpty()) {
                sql.append(" AND ").append(columns.hasKey(name)).append(" AND ").append(columns.value(name)).append(" IN ")
                        .append(list(condition.equalTo()));
            }
            if (!condition.notEqualTo().isEmpty()) {
                sql.append(" AND ").append(columns.value(name)).append(" NOT IN ").append(list(condition.notEqualTo()));
            }
        });
        return sql.toString();
    }

    private static String list(SortedSet<String> values) {
        StringJoiner list = new StringJoiner(", ", "(", ")");
        values.forEach(value -> list.add(string(value)));
        return list.toString();
    }
}
