package io.netra.analytics.otlp;

import org.jboss.logging.Logger;

import com.google.rpc.Code;

import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.identity.Caller;
import io.netra.analytics.identity.CallerIdentity;
import io.netra.analytics.identity.Roles;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * OTLP/gRPC, {@code opentelemetry.proto.collector.metrics.v1.MetricsService/Export}, the default of most SDKs and
 * of the Collector's otlp exporter, served by the HTTP server: the bearer token in the {@code authorization} metadata
 * is the HTTP request's header, checked as for the API. The same export as over HTTP, in gRPC's terms: OK with a
 * partial success, UNAVAILABLE or RESOURCE_EXHAUSTED with RetryInfo (retried), INVALID_ARGUMENT, UNAUTHENTICATED,
 * PERMISSION_DENIED (not retried).
 */
@GrpcService
public class OtlpGrpcService extends MetricsServiceGrpc.MetricsServiceImplBase {

    private static final Logger LOG = Logger.getLogger(OtlpGrpcService.class);
    static final String PROTOCOL_HTTP = "otlp-http";
    static final String PROTOCOL_GRPC = "otlp-grpc";

    private final OtlpExport export;
    private final CurrentIdentityAssociation identities;
    private final String userClaim;

    public OtlpGrpcService(OtlpExport export, CurrentIdentityAssociation identities, NetraConfig config) {
        this.export = export;
        this.identities = identities;
        this.userClaim = config.identity().userClaim();
    }

    @Override
    public void export(ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> responses) {
        identities.getDeferredIdentity()
                // a token that does not verify: its text is in the exception, which is therefore not logged
                .onFailure(AuthenticationFailedException.class).recoverWithItem(refused -> null)
                .chain(identity -> identity == null ? Uni.createFrom().item(unauthenticated()) : exportAs(identity, request))
                .subscribe().with(outcome -> {
            if (outcome instanceof OtlpExport.Exported exported) {
                responses.onNext(exported.response());
                responses.onCompleted();
            } else {
                responses.onError(StatusProto.toStatusRuntimeException(((OtlpExport.Failed) outcome).status()));
            }
        }, failure -> {
            LOG.error("Unexpected failure serving an OTLP/gRPC export", failure);
            responses.onError(Status.UNAVAILABLE.withDescription("The export failed unexpectedly; send it again.").asRuntimeException());
        });
    }

    private static OtlpExport.Outcome unauthenticated() {
        return OtlpExport.Failed.of(401, Code.UNAUTHENTICATED, "A valid bearer token for this service is required (authorization metadata).");
    }

    private Uni<OtlpExport.Outcome> exportAs(SecurityIdentity identity, ExportMetricsServiceRequest request) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(unauthenticated());
        }
        Caller caller = CallerIdentity.callerOf(identity, userClaim);
        if (!caller.hasRole(Roles.USER) && !caller.hasRole(Roles.METRICS_WRITER) && !caller.hasRole(Roles.ADMIN)) {
            return Uni.createFrom().item(OtlpExport.Failed.of(403, Code.PERMISSION_DENIED, "The token's roles do not allow exporting metrics."));
        }
        return export.export(request, caller, PROTOCOL_GRPC);
    }
}
