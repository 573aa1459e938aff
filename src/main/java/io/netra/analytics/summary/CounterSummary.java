package io.netra.analytics.summary;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Monotonic sums (counters): how much each series grew per bucket, and at what rate per second, summed over the
 * series of a group. A cumulative series is differenced point by point in time order; a run starts again where the
 * start time moves or the value drops (a restarted process), and then counts from 0. The first point a series has in
 * the range is the baseline, unless its run began inside the range. Delta points are their own increase.
 */
final class CounterSummary {

    private CounterSummary() {
    }

    static String sql(Selection selection) {
        String points = selection.withTop(selection.points(MetricType.SUM,
                "series_id, time_unix_nano AS t, start_time_unix_nano AS st, value AS v, temporality AS tmp"));
        String series = "SELECT " + selection.seriesGroups() + "arraySort(groupArray((t, v, st, tmp))) AS pts FROM (" + points + ") GROUP BY series_id";
        // each point's increase, beside the previous point of its series (arrays shifted by one: 18.16 lambdas see
        // only their own arguments)
        String increases = "SELECT " + selection.groupsPassed()
                + "arrayMap(x -> x.1, pts) AS ts, arrayMap(x -> x.2, pts) AS vs, arrayMap(x -> x.3, pts) AS ss, arrayMap(x -> x.4, pts) AS tmps,"
                + " arrayJoin(arrayMap((tm, v, pv, s, ps, tmp, i) -> (tm, if(tmp = 1, v, if(i = 1, if(s >= " + selection.fromNanos()
                + ", v, 0), if(s != ps OR v < pv, v, v - pv)))), ts, vs, arrayPushFront(arrayPopBack(vs), vs[1]), ss,"
                + " arrayPushFront(arrayPopBack(ss), ss[1]), tmps, arrayEnumerate(ts))) AS point FROM (" + series + ")";
        return "SELECT " + selection.groupOutput() + selection.bucket("intDiv(point.1, 1000000)") + " AS bucket, count() AS count,"
                + " sum(point.2) AS increase FROM (" + increases + ") GROUP BY " + selection.groupByOutput() + "bucket ORDER BY bucket";
    }

    static SummaryBucket bucket(JsonNode row, Interval interval) {
        double increase = row.get("increase").asDouble();
        return SummaryBucket.counter(Instant.ofEpochMilli(row.get("bucket").asLong()), row.get("count").asLong(), increase,
                increase * 1000 / interval.millis());
    }
}
