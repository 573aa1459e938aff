package io.netra.analytics.otlp;

import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.RetryInfo;

import io.netra.analytics.model.LogText;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/**
 * OTLP's JSON, which is protobuf's JSON mapping with its own rules: trace and span ids as hex, not base64; enums
 * as numbers; 64-bit integers as strings or numbers; unknown fields ignored. protobuf's parser would read a hex id as
 * base64 without complaint, so ids are turned into base64 first.
 */
final class OtlpJson {

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    /** Status details name their type: the printer must know RetryInfo to write one. */
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace()
            .usingTypeRegistry(TypeRegistry.newBuilder().add(RetryInfo.getDescriptor()).build());

    private OtlpJson() {
    }

    /** Fails with {@link InvalidProtocolBufferException} for anything that is not an OTLP JSON export. */
    static ExportMetricsServiceRequest request(ObjectMapper json, byte[] body) throws InvalidProtocolBufferException {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (IOException notJson) {
            throw new InvalidProtocolBufferException("not JSON: " + LogText.firstLine(notJson.getMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidProtocolBufferException("an export is a JSON object");
        }
        hexIdsToBase64(tree);
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        PARSER.merge(tree.toString(), request);
        return request.build();
    }

    static String print(Message message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException impossible) {
            throw new IllegalStateException("a response or status always prints", impossible);
        }
    }

    /** Every traceId and spanId in the tree (only exemplars carry them in metrics), hex to base64. */
    private static void hexIdsToBase64(JsonNode node) throws InvalidProtocolBufferException {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (String id : new String[] { "traceId", "spanId" }) {
                JsonNode value = object.get(id);
                if (value != null && value.isTextual()) {
                    object.put(id, base64(id, value.textValue()));
                }
            }
            for (Iterator<JsonNode> children = object.elements(); children.hasNext();) {
                hexIdsToBase64(children.next());
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                hexIdsToBase64(element);
            }
        }
    }

    private static String base64(String field, String hex) throws InvalidProtocolBufferException {
        try {
            return Base64.getEncoder().encodeToString(HEX.parseHex(hex.toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException notHex) {
            throw new InvalidProtocolBufferException(field + " is not hex");
        }
    }
}
