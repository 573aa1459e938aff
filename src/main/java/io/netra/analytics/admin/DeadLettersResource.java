package io.netra.analytics.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.identity.CallerIdentity;
import io.netra.analytics.identity.Roles;
import io.netra.analytics.problem.Problem;
import io.netra.analytics.problem.ProblemException;
import io.netra.analytics.problem.ProblemResponses;
import io.netra.analytics.queue.DeadLetters;
import io.netra.analytics.queue.DeadLetters.DeadLetterSummary;
import io.netra.analytics.queue.DeadLetters.RequeueResult;
import io.smallrye.mutiny.Uni;

/** Dead letters are not a one-way trip: see them by reason, and send them back to be replayed once the cause is fixed. */
@Path("/api/v1/admin/dead-letters")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "503", description = "Redis is unreachable",
        content = @Content(mediaType = ProblemResponses.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class DeadLettersResource {

    private static final Logger LOG = Logger.getLogger(DeadLettersResource.class);

    private final DeadLetters deadLetters;
    private final CallerIdentity identity;
    private final Duration retryAfter;

    public DeadLettersResource(DeadLetters deadLetters, CallerIdentity identity, NetraConfig config) {
        this.deadLetters = deadLetters;
        this.identity = identity;
        this.retryAfter = config.admin().retryAfter();
    }

    /** Which letters to requeue: every field optional; {@code reason} as in the summary, {@code from}/{@code to} when set aside. */
    public record RequeueRequest(String reason, Instant from, Instant to) {
    }

    @GET
    @APIResponse(responseCode = "200", description = "Dead letters by reason",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeadLetterSummary.class)))
    public Uni<DeadLetterSummary> summary() {
        return deadLetters.summary().onFailure().transform(failure -> unavailable());
    }

    @POST
    @Path("requeue")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "How many letters went back to the queue",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequeueResult.class)))
    @APIResponse(responseCode = "400", description = ProblemResponses.BAD_REQUEST,
            content = @Content(mediaType = ProblemResponses.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RequeueResult> requeue(RequeueRequest request) {
        RequeueRequest filter = request == null ? new RequeueRequest(null, null, null) : request;
        LOG.warnf("Requeue of dead letters requested by %s", identity.caller().userId());
        return deadLetters.requeue(Optional.ofNullable(filter.reason()), Optional.ofNullable(filter.from()), Optional.ofNullable(filter.to()))
                .onFailure().transform(failure -> unavailable());
    }

    private ProblemException unavailable() {
        return ProblemException.unavailable("Redis is unreachable: letters already moved stay requeued, the rest are unchanged.", retryAfter);
    }
}
