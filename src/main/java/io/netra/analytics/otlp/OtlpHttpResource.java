package io.netra.analytics.otlp;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;

import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.identity.Caller;
import io.netra.analytics.identity.CallerIdentity;
import io.netra.analytics.identity.Roles;
import io.netra.analytics.ingest.IngestMetrics;
import io.netra.analytics.ingest.RequestBodies;
import io.netra.analytics.problem.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;

/**
 * OTLP/HTTP: an OpenTelemetry SDK or Collector exports metrics here as binary protobuf or OTLP JSON, gzip or not.
 * 200 with an ExportMetricsServiceResponse once every accepted point is durable (partial success naming the points
 * refused for their content); otherwise a google.rpc.Status, in the request's encoding, with the status OTLP
 * exporters act on: 503 or 429 with Retry-After (retried), 400, 401, 403, 413, 415 (not retried).
 */
@Path(OtlpHttpResource.PATH)
@RolesAllowed({ Roles.USER, Roles.METRICS_WRITER, Roles.ADMIN })
public class OtlpHttpResource {

    static final String PATH = "/v1/metrics";

    private final CallerIdentity identity;
    private final OtlpExport export;
    private final ObjectMapper json;
    private final IngestMetrics.Door metrics;
    private final long maxBodySize;

    public OtlpHttpResource(CallerIdentity identity, OtlpExport export, ObjectMapper json, IngestMetrics metrics, NetraConfig config) {
        this.identity = identity;
        this.export = export;
        this.json = json;
        this.metrics = metrics.door(OtlpGrpcService.PROTOCOL_HTTP);
        this.maxBodySize = config.otlp().maxBodySize();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "OTLP/HTTP metrics export (ExportMetricsServiceRequest, binary protobuf or OTLP JSON)")
    @APIResponse(responseCode = "200", description = "Every accepted point is stored (in ClickHouse or the outage queue); "
            + "partialSuccess counts the points refused for their content, which must not be resent",
            content = { @Content(mediaType = "application/json", schema = @Schema(implementation = OtlpBodies.ExportResponse.class)),
                    @Content(mediaType = "application/x-protobuf") })
    @APIResponse(responseCode = "400", description = "The body does not decode as an export", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = OtlpBodies.RpcStatus.class)),
            @Content(mediaType = "application/x-protobuf") })
    @APIResponse(responseCode = "401", description = "No valid bearer token for this service", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = OtlpBodies.RpcStatus.class)),
            @Content(mediaType = "application/x-protobuf") })
    @APIResponse(responseCode = "403", description = "The token's roles do not allow exporting", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = OtlpBodies.RpcStatus.class)),
            @Content(mediaType = "application/x-protobuf") })
    @APIResponse(responseCode = "413", description = "Over netra.otlp.max-body-size once decompressed", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = OtlpBodies.RpcStatus.class)),
            @Content(mediaType = "application/x-protobuf") })
    @APIResponse(responseCode = "415", description = "Neither application/x-protobuf nor application/json, or compressed otherwise than with gzip or deflate", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = OtlpBodies.RpcStatus.class)),
            @Content(mediaType = "application/x-protobuf") })
    @APIResponse(responseCode = "429", description = "Over the caller's ingest rate; retried after Retry-After", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = OtlpBodies.RpcStatus.class)),
            @Content(mediaType = "application/x-protobuf") })
    @APIResponse(responseCode = "503", description = "The points could not be made durable now; retried after Retry-After, each point counted once", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = OtlpBodies.RpcStatus.class)),
            @Content(mediaType = "application/x-protobuf") })
    public Uni<Response> export(@RequestBody(required = true, content = {
            @Content(mediaType = "application/x-protobuf", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "application/json", schema = @Schema(implementation = OtlpBodies.ExportRequest.class)) }) byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(description = "gzip or deflate for a compressed body; the size limit applies to the decompressed body",
                    schema = @Schema(enumeration = { "gzip", "deflate", "identity" })) @HeaderParam("Content-Encoding") String encoding) {
        OtlpFormat format = OtlpFormat.of(contentType).orElse(null);
        if (format == null) {
            return Uni.createFrom().item(failure(OtlpFormat.PROTOBUF,
                    OtlpExport.Failed.of(415, Code.INVALID_ARGUMENT, "Send application/x-protobuf or application/json, not " + contentType + ".")));
        }
        Caller caller = identity.caller();
        try {
            var request = format.request(json, RequestBodies.decoded(body, encoding, maxBodySize));
            return export.export(request, caller, OtlpGrpcService.PROTOCOL_HTTP).map(outcome -> outcome instanceof OtlpExport.Exported exported
                    ? Response.ok(format.encode(exported.response()), format.mediaType()).build()
                    : failure(format, (OtlpExport.Failed) outcome));
        } catch (ProblemException badBody) {
            metrics.rejectedRequest();
            return Uni.createFrom().item(failure(format, OtlpExport.Failed.of(badBody.problem().status(), Code.INVALID_ARGUMENT,
                    badBody.problem().detail())));
        } catch (InvalidProtocolBufferException notAnExport) {
            metrics.rejectedRequest();
            return Uni.createFrom().item(failure(format, OtlpExport.Failed.of(400, Code.INVALID_ARGUMENT,
                    "The body is not an OTLP metrics export: " + notAnExport.getMessage())));
        }
    }

    /** Resource-local: these answer for this path only, in OTLP's words; the API keeps its problem documents. */
    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized(HttpHeaders headers) {
        return failure(formatOf(headers), OtlpExport.Failed.of(401, Code.UNAUTHENTICATED, "A valid bearer token for this service is required."));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpHeaders headers) {
        return failure(formatOf(headers), OtlpExport.Failed.of(403, Code.PERMISSION_DENIED, "The token's roles do not allow exporting metrics."));
    }

    private static OtlpFormat formatOf(HttpHeaders headers) {
        return OtlpFormat.of(headers.getHeaderString(HttpHeaders.CONTENT_TYPE)).orElse(OtlpFormat.PROTOBUF);
    }

    private static Response failure(OtlpFormat format, OtlpExport.Failed failed) {
        Response.ResponseBuilder response = Response.status(failed.httpStatus()).type(format.mediaType()).entity(format.encode(failed.status()));
        if (failed.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Math.max(1, failed.retryAfter().toSeconds()));
        }
        return response.build();
    }
}
