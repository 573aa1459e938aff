package io.netra.analytics.query;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.netra.analytics.identity.Caller;
import io.netra.analytics.ingest.EventValidator;
import io.netra.analytics.identity.Roles;
import io.netra.analytics.problem.Problem.FieldError;
import io.netra.analytics.problem.ProblemException;

/** Validates query parameters into queries; every invalid parameter is named in one 400 problem. */
public class QueryParameters {

    private final QueryConfig config;
    private final Clock clock;

    public QueryParameters(QueryConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The user whose data is read: the caller's own, or any user for an admin. */
    public static String subject(Caller caller, String requestedUserId) {
        if (requestedUserId == null || requestedUserId.equals(caller.userId())) {
            return caller.userId();
        }
        if (!caller.hasRole(Roles.ADMIN)) {
            throw ProblemException.status(403, "Forbidden", "Only an admin may read another user's metrics.");
        }
        if (requestedUserId.isBlank() || requestedUserId.length() > 128) {
            throw ProblemException.badRequest("Invalid parameters.", List.of(new FieldError(null, "userId", "must be 1 to 128 characters")));
        }
        return requestedUserId;
    }

    public SummaryQuery summary(String userId, String metric, String from, String to, String interval) {
        List<FieldError> errors = new ArrayList<>();
        String name = requiredMetric(metric, errors);
        long[] range = range(from, to, errors);
        Interval width = Interval.parse(interval == null ? "1m" : interval).orElse(null);
        if (width == null) {
            errors.add(new FieldError(null, "interval", "must be one of " + Interval.allowed()));
        } else if (range != null && (range[1] - range[0]) / width.millis() > config.maxBuckets()) {
            errors.add(new FieldError(null, "interval", "gives more than " + config.maxBuckets() + " buckets for this range; use a wider interval"));
        }
        failOn(errors);
        return new SummaryQuery(userId, name, range[0], range[1], width);
    }

    public RecentEventsQuery events(String userId, String metric, String from, String to, String limit, String cursor) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> name = Optional.ofNullable(metric).map(value -> checkedMetric(value, errors));
        long[] range = range(from, to, errors);
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
        return new RecentEventsQuery(userId, name, range[0], range[1], pageSize, after);
    }

    private static String requiredMetric(String metric, List<FieldError> errors) {
        if (metric == null) {
            errors.add(new FieldError(null, "metric", "is required"));
            return null;
        }
        return checkedMetric(metric, errors);
    }

    private static String checkedMetric(String metric, List<FieldError> errors) {
        if (!EventValidator.isMetricName(metric)) {
            errors.add(new FieldError(null, "metric", "must be 1 to 128 characters of A-Z a-z 0-9 _ . : -"));
        }
        return metric;
    }

    private long[] range(String from, String to, List<FieldError> errors) {
        long now = clock.millis();
        Long end = to == null ? Long.valueOf(now) : instant("to", to, errors);
        Long start = from == null ? (end == null ? null : end - config.defaultRange().toMillis()) : instant("from", from, errors);
        if (start == null || end == null) {
            return null;
        }
        if (start >= end) {
            errors.add(new FieldError(null, "from", "must be before to"));
        } else if (end - start > config.maxRange().toMillis()) {
            errors.add(new FieldError(null, "from", "the range from..to may span at most " + config.maxRange()));
        } else if (start < 0) {
            errors.add(new FieldError(null, "from", "must not be before 1970"));
        }
        return new long[] { start, end };
    }

    private static Long instant(String name, String value, List<FieldError> errors) {
        try {
            return value.chars().allMatch(Character::isDigit) && !value.isEmpty() ? Long.parseLong(value)
                    : OffsetDateTime.parse(value).toInstant().toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            errors.add(new FieldError(null, name, "must be ISO-8601 with an offset or epoch milliseconds"));
            return null;
        }
    }

    private static void failOn(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters.", List.copyOf(errors));
        }
    }
}
