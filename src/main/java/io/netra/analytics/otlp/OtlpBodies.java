package io.netra.analytics.otlp;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The JSON shapes of OTLP/HTTP's bodies, for the OpenAPI document: the service reads and writes them with protobuf's
 * JSON mapping (OtlpJson), these records only describe them.
 */
final class OtlpBodies {

    private OtlpBodies() {
    }

    @Schema(name = "OtlpExportRequest", description = "An ExportMetricsServiceRequest in OTLP JSON (opentelemetry-proto, "
            + "docs/specification.md): lowerCamelCase keys, 64-bit integers as strings or numbers, enums as numbers, trace and span ids in hex")
    record ExportRequest(List<Map<String, Object>> resourceMetrics) {
    }

    @Schema(name = "OtlpExportResponse", description = "Empty ({}) when every point was accepted")
    record ExportResponse(@Schema(nullable = true) PartialSuccess partialSuccess) {
    }

    @Schema(name = "OtlpPartialSuccess", description = "Points refused for their content; the client must not resend them")
    record PartialSuccess(@Schema(type = SchemaType.STRING, format = "int64") String rejectedDataPoints,
            String errorMessage) {
    }

    @Schema(name = "RpcStatus", description = "A google.rpc.Status: the gRPC code, a message for developers, and details "
            + "(google.rpc.RetryInfo when a retry may succeed)")
    record RpcStatus(int code, String message, List<Map<String, Object>> details) {
    }
}
