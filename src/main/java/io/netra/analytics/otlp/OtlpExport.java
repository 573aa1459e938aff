package io.netra.analytics.otlp;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;

import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.identity.Caller;
import io.netra.analytics.ingest.IngestMetrics;
import io.netra.analytics.ingest.Ingestion;
import io.netra.analytics.problem.ProblemException;
import io.netra.analytics.queue.QueueRefusedException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.smallrye.mutiny.Uni;

/**
 * One export, whichever transport carried it: its points become rows and take the path every event takes (the
 * tenant's rate, group commit, ClickHouse within the latency budget or the outage queue), and the export succeeds
 * only once every accepted point is durable. Points refused for their content are a partial success, which the
 * client must not resend; a failure to store says whether and when to retry, as OTLP defines it.
 */
@ApplicationScoped
public class OtlpExport {

    private final OtlpPoints points;
    private final SeriesLog seriesLog;
    private final Ingestion ingestion;
    private final IngestMetrics metrics;
    private final Duration retryAfter;

    public OtlpExport(OtlpPoints points, SeriesLog seriesLog, Ingestion ingestion, IngestMetrics metrics, NetraConfig config) {
        this.points = points;
        this.seriesLog = seriesLog;
        this.ingestion = ingestion;
        this.metrics = metrics;
        this.retryAfter = config.otlp().retryAfter();
    }

    /** How an export ended: a response to send, or a failure in OTLP's terms. */
    public sealed interface Outcome permits Exported, Failed {
    }

    public record Exported(ExportMetricsServiceResponse response) implements Outcome {
    }

    /** A failure: the HTTP status, the google.rpc.Status (with RetryInfo when a retry may succeed) and Retry-After. */
    public record Failed(int httpStatus, Status status, Duration retryAfter) implements Outcome {

        static Failed of(int httpStatus, Code code, String message) {
            return new Failed(httpStatus, Status.newBuilder().setCode(code.getNumber()).setMessage(message).build(), null);
        }

        static Failed retryable(int httpStatus, Code code, String message, Duration retryAfter) {
            RetryInfo retry = RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(Math.max(1, retryAfter.toSeconds()))).build();
            return new Failed(httpStatus, Status.newBuilder().setCode(code.getNumber()).setMessage(message).addDetails(Any.pack(retry)).build(),
                    retryAfter);
        }
    }

    public Uni<Outcome> export(ExportMetricsServiceRequest request, Caller caller, String protocol) {
        IngestMetrics.Door door = metrics.door(protocol);
        OtlpPoints.Converted converted = points.convert(request, caller);
        door.rejectedPoints(converted.rejected());
        ExportMetricsServiceResponse response = converted.rejected() == 0 ? ExportMetricsServiceResponse.getDefaultInstance()
                : ExportMetricsServiceResponse.newBuilder().setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                        .setRejectedDataPoints(converted.rejected()).setErrorMessage(converted.rejectionMessage())).build();
        if (converted.rows().isEmpty()) {
            return Uni.createFrom().item(new Exported(response));
        }
        return ingestion.submit(caller.userId(), converted.rows())
                .<Outcome>map(stored -> {
                    door.stored(stored);
                    seriesLog.remember(converted.newSeries(), converted.generation());
                    return new Exported(response);
                })
                .onFailure().recoverWithItem(this::failed);
    }

    /** Why the accepted points are not durable, and when to send them again (point ids make a resend harmless). */
    private Failed failed(Throwable failure) {
        if (failure instanceof Ingestion.OverRateException overRate) {
            // with RetryInfo, RESOURCE_EXHAUSTED is retryable: OTLP's code for a client over its limits
            return Failed.retryable(429, Code.RESOURCE_EXHAUSTED, "You are sending more points than your ingest rate allows "
                    + "(netra.tenants.ingest-rate); nothing of this export was stored.", overRate.retryAfter());
        }
        if (failure instanceof QueueRefusedException refused && refused.reason() == QueueRefusedException.Reason.TENANT_SHARE) {
            return Failed.retryable(503, Code.UNAVAILABLE, "ClickHouse cannot take points now and you hold your whole share of the "
                    + "outage queue (netra.tenants.queue-share); nothing of this export was stored.", retryAfter);
        }
        if (failure instanceof ProblemException problem && problem.problem().status() != 503) {
            return Failed.of(problem.problem().status(), Code.INVALID_ARGUMENT, problem.problem().detail());
        }
        return Failed.retryable(503, Code.UNAVAILABLE, "The points could not be stored: ClickHouse and the outage queue are "
                + "unavailable. Send the export again: each point is counted once.", retryAfter);
    }
}
