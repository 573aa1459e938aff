package io.netra.analytics.otlp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/** OTLP/HTTP's two encodings: binary protobuf and OTLP JSON. The answer uses the encoding of the request. */
enum OtlpFormat {
    PROTOBUF("application/x-protobuf"), JSON("application/json");

    private final String mediaType;

    OtlpFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    String mediaType() {
        return mediaType;
    }

    /** The encoding a Content-Type names (parameters such as charset aside); empty for any other. */
    static Optional<OtlpFormat> of(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        for (OtlpFormat format : values()) {
            if (format.mediaType.equals(type)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    ExportMetricsServiceRequest request(ObjectMapper json, byte[] body) throws InvalidProtocolBufferException {
        return this == PROTOBUF ? ExportMetricsServiceRequest.parseFrom(body) : OtlpJson.request(json, body);
    }

    byte[] encode(Message message) {
        return this == PROTOBUF ? message.toByteArray() : OtlpJson.print(message).getBytes(StandardCharsets.UTF_8);
    }
}
