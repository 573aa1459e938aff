package io.netra.analytics.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.netra.analytics.identity.Caller;
import io.netra.analytics.identity.Roles;
import io.netra.analytics.problem.Problem.FieldError;

/** Turns a request body into events, or into every problem it has, each with its event index and field. */
public class EventValidator {

    static final Pattern METRIC_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    static final Pattern UNIT = Pattern.compile("[A-Za-z0-9_.%/-]{1,32}");
    private static final Set<String> FIELDS = Set.of("eventId", "userId", "metric", "value", "unit", "timestamp", "tags");

    private final IngestConfig limits;
    private final Clock clock;

    /** The one rule for metric names, shared by ingestion and queries. */
    public static boolean isMetricName(String name) {
        return name != null && METRIC_NAME.matcher(name).matches();
    }

    public EventValidator(IngestConfig limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** The outcome: events when {@code errors} is empty; {@code foreignUser} when someone else's id was set without the role. */
    public record Result(List<MetricEvent> events, List<FieldError> errors, boolean foreignUser, boolean tooMany) {
    }

    public Result validate(JsonNode body, Caller caller) {
        List<JsonNode> items = new ArrayList<>();
        if (body != null && body.isArray()) {
            body.forEach(items::add);
        } else if (body != null && body.isObject()) {
            items.add(body);
        } else {
            return new Result(List.of(), List.of(new FieldError(null, null, "the body must be an event object or an array of events")), false, false);
        }
        if (items.isEmpty()) {
            return new Result(List.of(), List.of(new FieldError(null, null, "the array holds no events")), false, false);
        }
        if (items.size() > limits.maxEventsPerRequest()) {
            return new Result(List.of(), List.of(), false, true);
        }
        boolean batch = body.isArray();
        long now = clock.millis();
        List<MetricEvent> events = new ArrayList<>(items.size());
        List<FieldError> errors = new ArrayList<>();
        boolean foreignUser = false;
        for (int i = 0; i < items.size(); i++) {
            Fields fields = new Fields(batch ? i : null, errors);
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                fields.error(null, "must be a JSON object");
                continue;
            }
            MetricEvent event = event(item, caller, now, fields);
            foreignUser |= fields.foreignUser;
            if (event != null) {
                events.add(event);
            }
        }
        return new Result(errors.isEmpty() ? events : List.of(), errors, foreignUser, false);
    }

    private MetricEvent event(JsonNode item, Caller caller, long now, Fields fields) {
        for (Iterator<String> names = item.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                fields.error(name, "is not a known field");
            }
        }
        int before = fields.errors.size();
        UUID eventId = eventId(item.get("eventId"), fields);
        String userId = userId(item.get("userId"), caller, fields);
        String metric = metric(item.get("metric"), fields);
        double value = value(item.get("value"), fields);
        String unit = unit(item.get("unit"), fields);
        long timestamp = timestamp(item.get("timestamp"), now, fields);
        Map<String, String> tags = tags(item.get("tags"), fields);
        if (fields.errors.size() > before || fields.foreignUser) {
            return null;
        }
        return new MetricEvent(eventId, userId, metric, value, unit, timestamp, tags, now);
    }

    private static UUID eventId(JsonNode node, Fields fields) {
        if (node == null || node.isNull()) {
            return UUID.randomUUID();
        }
        if (node.isTextual()) {
            try {
                return UUID.fromString(node.textValue());
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        fields.error("eventId", "must be a UUID");
        return null;
    }

    private static String userId(JsonNode node, Caller caller, Fields fields) {
        if (node == null || node.isNull()) {
            return caller.userId();
        }
        if (!node.isTextual() || node.textValue().isBlank() || node.textValue().length() > 128) {
            fields.error("userId", "must be a user id of 1 to 128 characters");
            return null;
        }
        String userId = node.textValue();
        if (!userId.equals(caller.userId()) && !caller.hasRole(Roles.METRICS_WRITER)) {
            fields.foreignUser = true;
        }
        return userId;
    }

    private static String metric(JsonNode node, Fields fields) {
        if (node == null || node.isNull()) {
            fields.error("metric", "is required");
            return null;
        }
        if (!node.isTextual() || !isMetricName(node.textValue())) {
            fields.error("metric", "must be 1 to 128 characters of A-Z a-z 0-9 _ . : -");
            return null;
        }
        return node.textValue();
    }

    private static double value(JsonNode node, Fields fields) {
        if (node == null || !node.isNumber() || !Double.isFinite(node.doubleValue())) {
            fields.error("value", "is required and must be a finite number");
            return 0;
        }
        return node.doubleValue();
    }

    private static String unit(JsonNode node, Fields fields) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual() || !UNIT.matcher(node.textValue()).matches()) {
            fields.error("unit", "must be 1 to 32 characters of A-Z a-z 0-9 _ . % / -");
            return null;
        }
        return node.textValue();
    }

    private long timestamp(JsonNode node, long now, Fields fields) {
        if (node == null || node.isNull()) {
            return now;
        }
        long millis;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            millis = node.longValue();
        } else if (node.isTextual()) {
            try {
                millis = OffsetDateTime.parse(node.textValue()).toInstant().toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                fields.error("timestamp", "must be ISO-8601 with an offset (2026-01-31T12:00:00.123Z) or epoch milliseconds");
                return 0;
            }
        } else {
            fields.error("timestamp", "must be ISO-8601 with an offset (2026-01-31T12:00:00.123Z) or epoch milliseconds");
            return 0;
        }
        if (millis > now + limits.maxFutureSkew().toMillis()) {
            fields.error("timestamp", "is more than " + limits.maxFutureSkew() + " in the future");
        } else if (millis < now - limits.maxAge().toMillis() || millis < 0) {
            fields.error("timestamp", "is older than " + limits.maxAge() + " (" + Instant.ofEpochMilli(now - limits.maxAge().toMillis()) + ")");
        }
        return millis;
    }

    private Map<String, String> tags(JsonNode node, Fields fields) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return tags;
        }
        if (!node.isObject()) {
            fields.error("tags", "must be an object of string values");
            return tags;
        }
        if (node.size() > limits.maxTags()) {
            fields.error("tags", "has more than " + limits.maxTags() + " entries");
            return tags;
        }
        node.fields().forEachRemaining(tag -> {
            if (!TAG_KEY.matcher(tag.getKey()).matches()) {
                fields.error("tags." + tag.getKey(), "key must be 1 to 64 characters of A-Z a-z 0-9 _ . : -");
            } else if (!tag.getValue().isTextual() || tag.getValue().textValue().length() > limits.maxTagValueLength()) {
                fields.error("tags." + tag.getKey(), "must be a string of at most " + limits.maxTagValueLength() + " characters");
            } else {
                tags.put(tag.getKey(), tag.getValue().textValue());
            }
        });
        return tags;
    }

    private static final class Fields {
        final Integer index;
        final List<FieldError> errors;
        boolean foreignUser;

        Fields(Integer index, List<FieldError> errors) {
            this.index = index;
            this.errors = errors;
        }

        void error(String field, String message) {
            errors.add(new FieldError(index, field, message));
        }
    }
}
