package io.netra.analytics.ingest;

import java.io.IOException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
import io.smallrye.mutiny.Uni;

/** Records performance events; 202 only once every event is stored durably, in ClickHouse or the outage queue. */
@Path("/api/v1/metrics")
@RolesAllowed({ Roles.USER, Roles.METRICS_WRITER, Roles.ADMIN })
public class MetricsIngestResource {

    private final CallerIdentity identity;
    private final EventValidator validator;
    private final IngestBatcher batcher;
    private final NetraConfig.Ingest config;
    private final IngestMetrics metrics;
    private final ObjectReader strictReader;

    public MetricsIngestResource(CallerIdentity identity, EventValidator validator, IngestBatcher batcher, NetraConfig config,
            IngestMetrics metrics, ObjectMapper json) {
        this.identity = identity;
        this.validator = validator;
        this.batcher = batcher;
        this.config = config.ingest();
        this.metrics = metrics;
        this.strictReader = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
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
    @APIResponse(responseCode = "413", description = "Over netra.ingest.max-events-per-request events, or over the body size limit",
            content = @Content(mediaType = ProblemResponses.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The body is not JSON",
            content = @Content(mediaType = ProblemResponses.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = ProblemResponses.UNAVAILABLE + "; eventIds names the events to resend",
            content = @Content(mediaType = ProblemResponses.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<IngestReceipt> record(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(anyOf = { EventRequest.class, EventRequest[].class }))) byte[] body) throws IOException {
        Caller caller = identity.caller();
        List<MetricEvent> events = validated(body.length == 0 ? null : strictReader.readTree(body), caller);
        events.forEach(event -> caller.requireMayWriteFor(event.userId()));
        return batcher.submit(events.stream().map(MetricEvent::toRow).toList())
                .map(stored -> {
                    IngestReceipt receipt = IngestReceipt.of(events, stored);
                    metrics.accepted.increment(receipt.accepted());
                    metrics.storedInClickHouse.increment(receipt.clickhouse());
                    metrics.queued.increment(receipt.queued());
                    return receipt;
                })
                .onFailure(failure -> !(failure instanceof ProblemException)).transform(failure -> ProblemException.unavailable(
                        "The events could not all be stored: ClickHouse and the outage queue are unavailable. Some may "
                                + "have reached ClickHouse; resend these events with the eventIds listed here, and each "
                                + "is counted once.",
                        config.retryAfter(), events.stream().map(MetricEvent::eventId).toList()));
    }

    private List<MetricEvent> validated(JsonNode body, Caller caller) {
        try {
            return validator.validate(body, caller.userId());
        } catch (ProblemException invalid) {
            metrics.rejected.increment();
            throw invalid;
        }
    }
}
