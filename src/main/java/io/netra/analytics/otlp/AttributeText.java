package io.netra.analytics.otlp;

import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.NumberOutput;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

/**
 * An attribute value as the text stored for it: a string as sent; a bool, int or double as OTLP JSON writes it;
 * bytes in base64; an array or key-value list as compact JSON. The kind is not kept: filters compare text.
 */
final class AttributeText {

    private AttributeText() {
    }

    static String of(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> String.valueOf(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> NumberOutput.toString(value.getDoubleValue(), true);
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
            case ARRAY_VALUE, KVLIST_VALUE -> json(value, new StringBuilder()).toString();
            // empty, or a profiles-only string-table index this signal has no table for
            default -> "";
        };
    }

    private static StringBuilder json(AnyValue value, StringBuilder out) {
        switch (value.getValueCase()) {
            case STRING_VALUE -> quoted(value.getStringValue(), out);
            case BYTES_VALUE -> quoted(of(value), out);
            case BOOL_VALUE, INT_VALUE -> out.append(of(value));
            // JSON has no NaN or infinity: those are written as strings
            case DOUBLE_VALUE -> {
                if (Double.isFinite(value.getDoubleValue())) {
                    out.append(of(value));
                } else {
                    quoted(of(value), out);
                }
            }
            case ARRAY_VALUE -> {
                List<AnyValue> values = value.getArrayValue().getValuesList();
                out.append('[');
                for (int i = 0; i < values.size(); i++) {
                    json(values.get(i), i > 0 ? out.append(',') : out);
                }
                out.append(']');
            }
            case KVLIST_VALUE -> {
                List<KeyValue> entries = value.getKvlistValue().getValuesList();
                out.append('{');
                for (int i = 0; i < entries.size(); i++) {
                    quoted(entries.get(i).getKey(), i > 0 ? out.append(',') : out).append(':');
                    json(entries.get(i).getValue(), out);
                }
                out.append('}');
            }
            default -> out.append("null");
        }
        return out;
    }

    private static StringBuilder quoted(String text, StringBuilder out) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, out);
        return out.append('"');
    }
}
