package io.netra.analytics.ingest;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.ResponseStatus;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.identity.Caller;
import io.netra.analytics.identity.CallerIdentity;
import io.netra.analytics.identity.Roles;
import io.netra.analytics.problem.Problem;
import io.netra.analytics.problem.ProblemException;
import io.netra.analytics.problem.ProblemResponses;
import io.netra.analytics.queue.QueueRefusedException;
import io.smallrye.mutiny.Uni;

/** Records performance events; 202 only once every event is stored durably, in ClickHouse or the outage queue. */
@Path("/api/v1/metrics")
@RolesAllowed({ Roles.USER, Roles.METRICS_WRITER, Roles.ADMIN })
public class MetricsIngestResource {

    private final CallerIdentity identity;
    private final EventValidator validator;
    private final Ingestion ingestion;
    private final NetraConfig.Ingest config;
    private final IngestMetrics.Door metrics;
    private final ObjectReader strictReader;
    private final long maxBodySize;

    public MetricsIngestResource(CallerIdentity identity, EventValidator validator, Ingestion ingestion, NetraConfig config,
            IngestMetrics metrics, ObjectMapper json) {
        this.identity = identity;
        this.validator = validator;
        this.ingestion = ingestion;
        this.config = config.ingest();
        this.metrics = metrics.door(IngestMetrics.JSON);
        this.strictReader = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // the same limit for a compressed body, once decompressed, as for a plain one
        this.maxBodySize = this.config.maxBodySize();
    }

    /** One event object or an array of them. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    @APIResponse(responseCode = "202", description = "Every event is stored, in ClickHouse or the outage queue",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IngestReceipt.class)))
    @APIResponse(responseCode = "400", description = ProblemResponses.BAD_REQUEST,
            content = @Content(mediaType = ProblemResponses.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Over netra.ingest.max-events-per-request events, or over the body size limit (decompressed)",
            content = @Content(mediaType = ProblemResponses.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The body is not JSON, or compressed otherwise than with gzip or deflate",
            content = @Content(mediaType = ProblemResponses.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Over the caller's ingest rate; Retry-After says when to send again",
            content = @Content(mediaType = ProblemResponses.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = ProblemResponses.UNAVAILABLE + ", or the caller's share of the outage queue is full; eventIds names the events to resend",
            content = @Content(mediaType = ProblemResponses.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<IngestReceipt> record(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(anyOf = { EventRequest.class, EventRequest[].class }))) byte[] body,
            @Parameter(description = "gzip or deflate for a compressed body; the size limit applies to the decompressed body",
                    schema = @Schema(enumeration = { "gzip", "deflate", "identity" })) @HeaderParam("Content-Encoding") String encoding)
            throws IOException {
        Caller caller = identity.caller();
        byte[] json = RequestBodies.decoded(body, encoding, maxBodySize);
        List<MetricEvent> events = validated(json.length == 0 ? null : strictReader.readTree(json), caller);
        events.forEach(event -> caller.requireMayWriteFor(event.userId()));
        List<UUID> eventIds = events.stream().map(MetricEvent::eventId).toList();
        return ingestion.submit(caller.userId(), events.stream().map(MetricEvent::toRow).toList())
                .map(stored -> {
                    metrics.stored(stored);
                    return IngestReceipt.of(events, stored);
                })
                .onFailure(failure -> !(failure instanceof ProblemException)).transform(failure -> problem(failure, eventIds));
    }

    private ProblemException problem(Throwable failure, List<UUID> eventIds) {
        if (failure instanceof Ingestion.OverRateException overRate) {
            return ProblemException.tooManyRequests("You are sending more events than your ingest rate allows (netra.tenants."
                    + "ingest-rate); nothing of this request was recorded. Send it again after Retry-After.", overRate.retryAfter());
        }
        if (failure instanceof QueueRefusedException refused && refused.reason() == QueueRefusedException.Reason.TENANT_SHARE) {
            return ProblemException.unavailable("ClickHouse cannot take events now and you hold your whole share of the outage "
                    + "queue (netra.tenants.queue-share); nothing of this request was recorded. Resend these events later: "
                    + "each is counted once.", config.retryAfter(), eventIds);
        }
        return ProblemException.unavailable("The events could not all be stored: ClickHouse and the outage queue are "
                + "unavailable. Some may have reached ClickHouse; resend these events with the eventIds listed here, and each "
                + "is counted once.", config.retryAfter(), eventIds);
    }

    private List<MetricEvent> validated(JsonNode body, Caller caller) {
        try {
            return validator.validate(body, caller.userId());
        } catch (ProblemException invalid) {
            metrics.rejectedRequest();
            throw invalid;
        }
    }
}
