package io.netra.analytics.ingest;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.netra.analytics.identity.Caller;
import io.netra.analytics.identity.CallerIdentity;
import io.netra.analytics.identity.Roles;
import io.netra.analytics.problem.ProblemException;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/metrics")
@RolesAllowed({ Roles.USER, Roles.METRICS_WRITER, Roles.ADMIN })
public class MetricsIngestResource {

    private final CallerIdentity identity;
    private final IngestBatcher batcher;
    private final IngestConfig config;
    private final IngestMetrics metrics;
    private final ObjectMapper json;
    private final ObjectReader strictReader;
    private final EventValidator validator;

    public MetricsIngestResource(CallerIdentity identity, IngestBatcher batcher, IngestConfig config,
            IngestMetrics metrics, ObjectMapper json) {
        this.identity = identity;
        this.batcher = batcher;
        this.config = config;
        this.metrics = metrics;
        this.json = json;
        this.strictReader = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.validator = new EventValidator(config, Clock.systemUTC());
    }

    /** Records one event or an array of events; 202 only once every event is stored durably. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> record(byte[] body) throws IOException {
        Caller caller = identity.caller();
        if (body.length > config.maxBodyBytes()) {
            throw ProblemException.status(413, "Content Too Large", "The body exceeds " + config.maxBodyBytes() + " bytes.");
        }
        EventValidator.Result result = validator.validate(body.length == 0 ? null : strictReader.readTree(body), caller);
        if (result.tooMany()) {
            throw ProblemException.status(413, "Content Too Large",
                    "A request may carry at most " + config.maxEventsPerRequest() + " events.");
        }
        if (result.foreignUser()) {
            throw ProblemException.status(403, "Forbidden", "Only the metrics-writer role may record events for another user.");
        }
        if (!result.errors().isEmpty()) {
            metrics.rejected.increment();
            throw ProblemException.badRequest("The request has invalid events; none was recorded.", result.errors());
        }
        List<MetricEvent> events = result.events();
        return batcher.submit(events.stream().map(event -> event.toRow(json)).toList())
                .map(stored -> {
                    IngestReceipt receipt = IngestReceipt.of(events, stored);
                    metrics.accepted.increment(receipt.accepted());
                    metrics.storedInClickHouse.increment(receipt.clickhouse());
                    metrics.queued.increment(receipt.queued());
                    return Response.accepted(receipt).build();
                })
                .onFailure(failure -> !(failure instanceof ProblemException)).transform(failure -> ProblemException.unavailable(
                        "The events could not be stored (ClickHouse and the outage queue are unavailable); nothing was recorded.",
                        config.retryAfter()));
    }
}
