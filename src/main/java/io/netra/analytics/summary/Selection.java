package io.netra.analytics.summary;

import static io.netra.analytics.clickhouse.SqlLiterals.integer;
import static io.netra.analytics.clickhouse.SqlLiterals.string;

import io.netra.analytics.clickhouse.RowTable;
import io.netra.analytics.clickhouse.Tables;
import io.netra.analytics.model.MetricName;

/**
 * The rows one summary reads, and the SQL every type's summary shares: one user's metric in a time range, matching
 * the tag filter, cut into buckets, with a column per grouping key ({@code g1}, {@code g2}) and, when grouped, a flag
 * {@code top} for the rows of the groups with the most points. Every value from the request goes through SqlLiterals.
 */
public record Selection(String userId, MetricName metric, TimeRange range, Interval interval, TagFilter filter, Grouping grouping) {

    /** Events of the JSON API matching the question. */
    String events(String columns) {
        return "SELECT " + groupColumns(TagColumns.EVENTS) + columns + " FROM " + Tables.METRICS + " FINAL WHERE " + userMetric() + " AND "
                + range.sqlCondition() + filter.sql(TagColumns.EVENTS);
    }

    /**
     * Points of {@code type} matching the question, those that say they hold no recorded value left out. Their
     * attributes are their series': a filter or a grouping joins the series of the range that match it.
     */
    String points(MetricType type, String columns) {
        boolean bySeries = !filter.byKey().isEmpty() || grouping.isGrouped();
        // DISTINCT: a series has a row for each hour (the same attributes in each), and its points each join one. No
        // FINAL in the subquery: on a cluster distributed_product_mode = 'local' rewrites it, and recent releases drop
        // a FINAL there (ClickHouse issue 77996)
        String series = " ALL INNER JOIN (SELECT DISTINCT " + groupColumns(TagColumns.OTEL) + "series_id FROM " + RowTable.OTEL_SERIES.qualifiedName()
                + " WHERE " + userMetric() + " AND " + range.seriesCondition() + filter.sql(TagColumns.OTEL) + ") AS series USING series_id";
        return "SELECT " + groupNames() + columns + " FROM " + type.table().qualifiedName() + " FINAL"
                + (bySeries ? series : "") + " WHERE " + userMetric() + " AND " + range.sqlCondition() + " AND bitAnd(flags, 1) = 0";
    }

    private String userMetric() {
        return "user_id = " + string(userId) + " AND metric_name = " + string(metric.value());
    }

    private String groupColumns(TagColumns columns) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < grouping.keys().size(); i++) {
            sql.append(columns.value(grouping.keys().get(i))).append(" AS g").append(i + 1).append(", ");
        }
        return sql.toString();
    }

    /** The time bucket of a row, from its millisecond time: exact on every version. */
    String bucket(String millis) {
        String width = integer(interval.millis());
        return "intDiv(" + millis + ", " + width + ") * " + width;
    }

    /** {@code source}'s rows with the {@code top} flag when grouped: their group is one of the {@code limit} with most rows. */
    String withTop(String source) {
        if (!grouping.isGrouped()) {
            return source;
        }
        String groups = groupList();
        return "SELECT *, (" + groups + ") IN (SELECT " + groups + " FROM (" + source + ") GROUP BY " + groups
                + " ORDER BY count() DESC, " + groups + " LIMIT " + integer(grouping.limit()) + ") AS top FROM (" + source + ")";
    }

    /** The output's group columns: a top group's values, or empty text for the rest, summed into one series. */
    String groupOutput() {
        StringBuilder sql = new StringBuilder();
        for (int i = 1; i <= grouping.keys().size(); i++) {
            sql.append("if(top, g").append(i).append(", '') AS grp").append(i).append(", ");
        }
        return grouping.isGrouped() ? sql.append("top, ").toString() : "";
    }

    /** The GROUP BY of the output's group columns, before the bucket. */
    String groupByOutput() {
        StringBuilder sql = new StringBuilder();
        for (int i = 1; i <= grouping.keys().size(); i++) {
            sql.append("grp").append(i).append(", ");
        }
        return grouping.isGrouped() ? sql.append("top, ").toString() : "";
    }

    /** Per-series SQL: any() of the group columns and the flag, which are the same for every point of a series. */
    String seriesGroups() {
        StringBuilder sql = new StringBuilder();
        for (int i = 1; i <= grouping.keys().size(); i++) {
            sql.append("any(g").append(i).append(") AS g").append(i).append(", ");
        }
        return grouping.isGrouped() ? sql.append("any(top) AS top, ").toString() : "";
    }

    /** The group columns passed through a level that names them as they are. */
    String groupsPassed() {
        return grouping.isGrouped() ? groupNames() + "top, " : "";
    }

    /** {@code g1, g2, }: the group columns by name; empty text when not grouped. */
    private String groupNames() {
        StringBuilder sql = new StringBuilder();
        for (int i = 1; i <= grouping.keys().size(); i++) {
            sql.append("g").append(i).append(", ");
        }
        return sql.toString();
    }

    /** Where a counter's first point in the range began its run: from 0 inside the range, else its value is the baseline. */
    String fromNanos() {
        return integer(range.fromMillis() * 1_000_000L);
    }

    private String groupList() {
        StringBuilder list = new StringBuilder();
        for (int i = 1; i <= grouping.keys().size(); i++) {
            list.append(i > 1 ? ", " : "").append('g').append(i);
        }
        return list.toString();
    }
}
