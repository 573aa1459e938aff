package io.netra.analytics.query;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.model.MetricName;
import io.netra.analytics.model.Tags;
import io.netra.analytics.model.Timestamps;
import io.netra.analytics.problem.Problem.FieldError;
import io.netra.analytics.problem.ProblemException;
import io.netra.analytics.summary.Grouping;
import io.netra.analytics.summary.Interval;
import io.netra.analytics.summary.Selection;
import io.netra.analytics.summary.TagFilter;
import io.netra.analytics.summary.TimeRange;

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

    /** Query parameters that name tags: {@code tag.<key>=<value>}, and {@code tag.<key>!=<value>} for exclusions. */
    public static final String TAG_PREFIX = "tag.";

    private final NetraConfig.Query config;
    private final Clock clock;
    private final int maxTagValueLength;

    public QueryParameters(NetraConfig config, Clock clock) {
        this.config = config.query();
        this.clock = clock;
        // a filter can ask for any value either door stores
        this.maxTagValueLength = Math.max(config.ingest().maxTagValueLength(), config.otlp().maxAttributeValueLength());
    }

    public SummaryQuery summary(String userId, String metric, String from, String to, String interval) {
        return summary(userId, metric, from, to, interval, Map.of(), List.of(), null);
    }

    /**
     * {@code tags}: the {@code tag.<key>} and {@code tag.<key>!} parameters by name (the latter from
     * {@code tag.<key>!=<value>}), each with its values; {@code groupBy}: one or two keys, comma-separated or repeated.
     */
    public SummaryQuery summary(String userId, String metric, String from, String to, String interval, Map<String, List<String>> tags,
            List<String> groupBy, String limit) {
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
        TagFilter filter = filter(tags, errors);
        Grouping grouping = grouping(groupBy, limit, errors);
        failOn(errors);
        return new SummaryQuery(new Selection(userId, name, range, width, filter, grouping));
    }

    private TagFilter filter(Map<String, List<String>> tags, List<FieldError> errors) {
        TagFilter.Builder filter = new TagFilter.Builder();
        int conditions = 0;
        for (Map.Entry<String, List<String>> parameter : tags.entrySet()) {
            boolean exclude = parameter.getKey().endsWith("!");
            String key = parameter.getKey().substring(TAG_PREFIX.length(), parameter.getKey().length() - (exclude ? 1 : 0));
            if (!validKey(key)) {
                errors.add(new FieldError(null, parameter.getKey(), "names a tag key of 1 to " + Tags.MAX_KEY_LENGTH + " characters"));
                continue;
            }
            for (String value : parameter.getValue()) {
                conditions++;
                if (value.length() > maxTagValueLength) {
                    errors.add(new FieldError(null, parameter.getKey(), "values are at most " + maxTagValueLength + " characters"));
                } else if (exclude) {
                    filter.notEqualTo(key, value);
                } else {
                    filter.equalTo(key, value);
                }
            }
        }
        if (conditions > config.maxTagFilters()) {
            errors.add(new FieldError(null, TAG_PREFIX, "at most " + config.maxTagFilters() + " tag conditions (netra.query.max-tag-filters)"));
        }
        return filter.build();
    }

    private Grouping grouping(List<String> groupBy, String limit, List<FieldError> errors) {
        List<String> keys = groupBy.stream().flatMap(value -> Arrays.stream(value.split(","))).map(String::strip)
                .filter(key -> !key.isEmpty()).distinct().toList();
        if (keys.size() > 2 || keys.stream().anyMatch(key -> !validKey(key))) {
            errors.add(new FieldError(null, "groupBy", "must be one or two tag keys of 1 to " + Tags.MAX_KEY_LENGTH + " characters"));
        }
        int groups = limit == null ? config.defaultGroupLimit() : limit.matches("\\d{1,9}") ? Integer.parseInt(limit) : -1;
        if (groups < 1 || groups > config.maxGroupLimit()) {
            errors.add(new FieldError(null, "limit", "must be between 1 and " + config.maxGroupLimit()));
        }
        return keys.isEmpty() ? Grouping.NONE : new Grouping(keys, groups);
    }

    private static boolean validKey(String key) {
        return !key.isEmpty() && key.length() <= Tags.MAX_KEY_LENGTH;
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
        return new MetricNamesQuery(userId, config.maxNames(), clock.millis() - config.defaultRange().toMillis(), config.namesTagKeys(),
                config.namesTagValues());
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
