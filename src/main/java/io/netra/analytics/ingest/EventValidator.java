package io.netra.analytics.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.model.MetricName;
import io.netra.analytics.model.NameRule;
import io.netra.analytics.model.Tags;
import io.netra.analytics.model.Timestamps;
import io.netra.analytics.model.UserIds;
import io.netra.analytics.problem.Problem.FieldError;
import io.netra.analytics.problem.ProblemException;

/** Turns a request body into events, or into one 400 naming every problem, each with its event index and field. */
@ApplicationScoped
public class EventValidator {

    private static final NameRule UNIT = NameRule.asciiLettersDigitsAnd("_.%/-", 32);
    private static final Set<String> FIELDS = Set.of("eventId", "userId", "metric", "value", "unit", "timestamp", "tags");

    private final NetraConfig.Ingest limits;
    private final Clock clock;

    public EventValidator(NetraConfig config, Clock clock) {
        this.limits = config.ingest();
        this.clock = clock;
    }

    /**
     * The events of {@code body}, an event object or an array of them; an event without {@code userId} belongs to
     * {@code callerId}. Throws a 400 problem listing every invalid field, or 413 beyond the per-request limit.
     */
    public List<MetricEvent> validate(JsonNode body, String callerId) {
        List<JsonNode> items = new ArrayList<>();
        if (body != null && body.isArray()) {
            body.forEach(items::add);
        } else if (body != null && body.isObject()) {
            items.add(body);
        } else {
            throw invalid(List.of(new FieldError(null, null, "the body must be an event object or an array of events")));
        }
        if (items.isEmpty()) {
            throw invalid(List.of(new FieldError(null, null, "the array holds no events")));
        }
        if (items.size() > limits.maxEventsPerRequest()) {
            throw ProblemException.status(413, "Content Too Large",
                    "A request may carry at most " + limits.maxEventsPerRequest() + " events.");
        }
        long now = clock.millis();
        List<MetricEvent> events = new ArrayList<>(items.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Fields fields = new Fields(body.isArray() ? i : null, errors);
            JsonNode item = items.get(i);
            if (item.isObject()) {
                MetricEvent event = event(item, callerId, now, fields);
                if (event != null) {
                    events.add(event);
                }
            } else {
                fields.error(null, "must be a JSON object");
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return events;
    }

    private static ProblemException invalid(List<FieldError> errors) {
        return ProblemException.badRequest("The request has invalid events; none was recorded.", errors);
    }

    private MetricEvent event(JsonNode item, String callerId, long now, Fields fields) {
        for (Iterator<String> names = item.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                fields.error(name, "is not a known field");
            }
        }
        int before = fields.errors.size();
        UUID eventId = eventId(item.get("eventId"), fields);
        String userId = userId(item.get("userId"), callerId, fields);
        MetricName metric = metric(item.get("metric"), fields);
        double value = value(item.get("value"), fields);
        String unit = unit(item.get("unit"), fields);
        long timestamp = timestamp(item.get("timestamp"), now, fields);
        Map<String, String> tags = tags(item.get("tags"), fields);
        if (fields.errors.size() > before) {
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
                // reported below, like a value of the wrong type
            }
        }
        fields.error("eventId", "must be a UUID");
        return null;
    }

    private static String userId(JsonNode node, String callerId, Fields fields) {
        if (node == null || node.isNull()) {
            return callerId;
        }
        if (!node.isTextual() || !UserIds.isValid(node.textValue())) {
            fields.error("userId", UserIds.RULE);
            return null;
        }
        return node.textValue();
    }

    private static MetricName metric(JsonNode node, Fields fields) {
        if (node == null || node.isNull()) {
            fields.error("metric", "is required");
            return null;
        }
        MetricName name = node.isTextual() ? MetricName.parse(node.textValue()).orElse(null) : null;
        if (name == null) {
            fields.error("metric", MetricName.RULE);
        }
        return name;
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
        if (!node.isTextual() || !UNIT.matches(node.textValue())) {
            fields.error("unit", "must be 1 to 32 characters of A-Z a-z 0-9 _ . % / -");
            return null;
        }
        return node.textValue();
    }

    private long timestamp(JsonNode node, long now, Fields fields) {
        if (node == null || node.isNull()) {
            return now;
        }
        Long millis = null;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            millis = node.longValue();
        } else if (node.isTextual()) {
            OptionalLong parsed = Timestamps.parse(node.textValue());
            millis = parsed.isPresent() ? parsed.getAsLong() : null;
        }
        if (millis == null) {
            fields.error("timestamp", Timestamps.RULE);
        } else if (millis > now + limits.maxFutureSkew().toMillis()) {
            fields.error("timestamp", "is more than " + limits.maxFutureSkew() + " in the future");
        } else if (millis < now - limits.maxAge().toMillis()) {
            fields.error("timestamp", "is older than " + limits.maxAge() + " (" + Instant.ofEpochMilli(now - limits.maxAge().toMillis()) + ")");
        } else {
            return millis;
        }
        return 0;
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
            if (!Tags.EVENT_TAG_KEY.matches(tag.getKey())) {
                fields.error("tags." + tag.getKey(), Tags.EVENT_TAG_KEY_RULE);
            } else if (!tag.getValue().isTextual() || tag.getValue().textValue().length() > limits.maxTagValueLength()) {
                fields.error("tags." + tag.getKey(), "must be a string of at most " + limits.maxTagValueLength() + " characters");
            } else {
                tags.put(tag.getKey(), tag.getValue().textValue());
            }
        });
        return tags;
    }

    private record Fields(Integer index, List<FieldError> errors) {
        void error(String field, String message) {
            errors.add(new FieldError(index, field, message));
        }
    }
}
