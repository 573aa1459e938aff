package io.netra.analytics.query;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.model.MetricName;
import io.netra.analytics.model.Timestamps;
import io.netra.analytics.problem.Problem.FieldError;
import io.netra.analytics.problem.ProblemException;

/**
 * Validates query parameters into queries; every invalid parameter is named in one 400 problem. A range without
 * {@code to} ends "now", rounded up to the bucket width (summaries) or the second (events), so concurrent and
 * repeated questions ask ClickHouse the same thing and share one cache key.
 */
@ApplicationScoped
public class QueryParameters {

    /** ClickHouse's DateTime ends in 2106; later instants would wrap around in its arithmetic. */
    static final long LATEST_MILLIS = 4_294_967_295_000L;
    private static final long SECOND = 1000;

    private final NetraConfig.Query config;
    private final Clock clock;

    public QueryParameters(NetraConfig config, Clock clock) {
        this.config = config.query();
        this.clock = clock;
    }

    public SummaryQuery summary(String userId, String metric, String from, String to, String interval) {
        List<FieldError> errors = new ArrayList<>();
        MetricName name = requiredMetric(metric, errors);
        Interval width = Interval.parse(interval == null ? "1m" : interval).orElse(null);
        if (width == null) {
            errors.add(new FieldError(null, "interval", "must be one of " + Interval.allowed()));
        }
        TimeRange range = range(from, to, width == null ? SECOND : width.millis(), errors);
        if (width != null && range != null && (range.toMillis() - range.fromMillis()) / width.millis() > config.maxBuckets()) {
            errors.add(new FieldError(null, "interval", "gives more than " + config.maxBuckets() + " buckets for this range; use a wider interval"));
        }
        failOn(errors);
        return new SummaryQuery(userId, name, range, width);
    }

    public RecentEventsQuery events(String userId, String metric, String from, String to, String limit, String cursor) {
        List<FieldError> errors = new ArrayList<>();
        Optional<MetricName> name = Optional.ofNullable(metric).map(value -> checkedMetric(value, errors));
        TimeRange range = range(from, to, SECOND, errors);
        int pageSize = limit == null ? config.defaultEventLimit() : limit.matches("\\d{1,9}") ? Integer.parseInt(limit) : -1;
        if (pageSize < 1 || pageSize > config.maxEventLimit()) {
            errors.add(new FieldError(null, "limit", "must be between 1 and " + config.maxEventLimit()));
        }
        Optional<EventCursor> after = Optional.empty();
        if (cursor != null) {
            after = EventCursor.decode(cursor);
            if (after.isEmpty()) {
                errors.add(new FieldError(null, "cursor", "is not a cursor this service returned"));
            }
        }
        failOn(errors);
        return new RecentEventsQuery(userId, name, range, pageSize, after);
    }

    public MetricNamesQuery names(String userId) {
        return new MetricNamesQuery(userId, config.maxNames());
    }

    private static MetricName requiredMetric(String metric, List<FieldError> errors) {
        if (metric == null) {
            errors.add(new FieldError(null, "metric", "is required"));
            return null;
        }
        return checkedMetric(metric, errors);
    }

    private static MetricName checkedMetric(String metric, List<FieldError> errors) {
        Optional<MetricName> name = MetricName.parse(metric);
        if (name.isEmpty()) {
            errors.add(new FieldError(null, "metric", MetricName.RULE));
        }
        return name.orElse(null);
    }

    /** Null (with the errors added) when from or to is invalid. */
    private TimeRange range(String from, String to, long alignment, List<FieldError> errors) {
        Long end = to == null ? Long.valueOf(ceil(clock.millis(), alignment)) : instant("to", to, errors);
        long length = config.defaultRange().toMillis();
        Long start = from == null ? (end == null ? null : end - length) : instant("from", from, errors);
        if (start == null || end == null) {
            return null;
        }
        if (start < 0) {
            errors.add(new FieldError(null, "from", "must not be before 1970"));
        } else if (end > LATEST_MILLIS) {
            errors.add(new FieldError(null, "to", "must be before 2106"));
        } else if (start >= end) {
            errors.add(new FieldError(null, "from", "must be before to"));
        } else if (end - start > config.maxRange().toMillis()) {
            errors.add(new FieldError(null, "from", "the range from..to may span at most " + config.maxRange()));
        }
        String key = to != null ? "from=" + start + "&to=" + end : from == null ? "last=" + length : "from=" + start + "&to=now";
        return new TimeRange(start, end, key);
    }

    private static long ceil(long millis, long alignment) {
        return -Math.floorDiv(-millis, alignment) * alignment;
    }

    private static Long instant(String name, String value, List<FieldError> errors) {
        OptionalLong millis = Timestamps.parse(value);
        if (millis.isEmpty()) {
            errors.add(new FieldError(null, name, Timestamps.RULE));
            return null;
        }
        return millis.getAsLong();
    }

    private static void failOn(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters.", List.copyOf(errors));
        }
    }
}
