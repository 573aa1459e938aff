package io.netra.analytics.summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Buckets as series: one per group (the rows' columns {@code grp1}, {@code grp2} and {@code top}), ordered by how
 * many points each holds, the rest last; one series for a question without grouping.
 */
final class SeriesAssembly {

    /** A row's group: its keys' values, or the rest. */
    record Group(List<String> values, boolean other) {
    }

    /** A bucket of a group. */
    record Keyed(Group group, SummaryBucket bucket) {
    }

    private SeriesAssembly() {
    }

    static Group groupOf(JsonNode row, Grouping grouping) {
        boolean top = !grouping.isGrouped() || row.path("top").asInt() == 1;
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= grouping.keys().size() && top; i++) {
            values.add(row.path("grp" + i).asText());
        }
        return new Group(values, !top);
    }

    /** {@code buckets} in bucket order within each group. */
    static List<SummarySeries> of(List<Keyed> buckets, Grouping grouping) {
        Map<Group, List<SummaryBucket>> series = new LinkedHashMap<>();
        buckets.forEach(keyed -> series.computeIfAbsent(keyed.group(), ignored -> new ArrayList<>()).add(keyed.bucket()));
        return series.entrySet().stream()
                .sorted(Comparator.<Map.Entry<Group, List<SummaryBucket>>>comparingInt(entry -> entry.getKey().other() ? 1 : 0)
                        .thenComparingLong(entry -> -entry.getValue().stream().mapToLong(SummaryBucket::count).sum()))
                .map(entry -> new SummarySeries(names(grouping, entry.getKey()), entry.getKey().other(), entry.getValue()))
                .toList();
    }

    private static Map<String, String> names(Grouping grouping, Group group) {
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < group.values().size(); i++) {
            names.put(grouping.keys().get(i), group.values().get(i));
        }
        return names;
    }
}
