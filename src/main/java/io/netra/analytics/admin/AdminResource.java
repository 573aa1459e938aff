package io.netra.analytics.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

import io.netra.analytics.clickhouse.ClickHouseStateTracker;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.identity.CallerIdentity;
import io.netra.analytics.identity.Roles;
import io.netra.analytics.mode.ModeState;
import io.netra.analytics.mode.ModeSwitch;
import io.netra.analytics.mode.OperatingMode;
import io.netra.analytics.problem.Problem;
import io.netra.analytics.problem.Problem.FieldError;
import io.netra.analytics.problem.ProblemException;
import io.netra.analytics.problem.ProblemResponses;
import io.netra.analytics.queue.DeadLetters;
import io.netra.analytics.queue.OutageQueue;
import io.netra.analytics.replay.Replayer;
import io.netra.analytics.resilience.Breakers;
import io.netra.analytics.tenant.IngestRateLimiter;
import io.smallrye.mutiny.Uni;

/** What an operator needs at 3 a.m.: breaker states, the outage queue, replay, dead letters, and the mode switch. */
@Path("/api/v1/admin")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private static final Logger LOG = Logger.getLogger(AdminResource.class);
    /** How many tenants the status lists in each of its top lists. */
    private static final int TOP_TENANTS = 10;

    private final Breakers breakers;
    private final ModeSwitch mode;
    private final ClickHouseStateTracker clickhouse;
    private final OutageQueue queue;
    private final DeadLetters deadLetters;
    private final Replayer replayer;
    private final NetraConfig.OutageQueue queueConfig;
    private final CallerIdentity identity;
    private final IngestRateLimiter rates;
    private final Duration retryAfter;

    public AdminResource(Breakers breakers, ModeSwitch mode, ClickHouseStateTracker clickhouse, OutageQueue queue,
            DeadLetters deadLetters, Replayer replayer, NetraConfig config, CallerIdentity identity, IngestRateLimiter rates) {
        this.breakers = breakers;
        this.mode = mode;
        this.clickhouse = clickhouse;
        this.queue = queue;
        this.deadLetters = deadLetters;
        this.replayer = replayer;
        this.queueConfig = config.outageQueue();
        this.identity = identity;
        this.rates = rates;
        this.retryAfter = config.admin().retryAfter();
    }

    /** The outage queue: what waits, its bounds, and since when. Counts are null while Redis is unreachable. */
    public record QueueStatus(@Schema(nullable = true) Long depth, @Schema(nullable = true) Long bytes, long maxEvents, long maxBytes,
            @Schema(nullable = true, implementation = String.class, format = "date-time") Instant oldestQueuedAt) {
    }

    /**
     * The tenants nearest their limits: those holding most of the outage queue (empty while Redis is unreachable),
     * and those this replica told to slow down most often since it started.
     */
    public record TenantStatus(List<OutageQueue.TenantUsage> largestInQueue, List<IngestRateLimiter.RateLimitedTenant> mostRateLimited) {
    }

    /** Everything about the service's resilience in one answer. */
    public record ResilienceStatus(ModeState mode, String clickhouse,
            @Schema(description = "When ClickHouse entered that state (null: up since this replica started)", nullable = true,
                    implementation = String.class, format = "date-time") Instant clickhouseSince,
            Map<String, String> breakers, Replayer.Status replay,
            QueueStatus outageQueue, @Schema(nullable = true) Long deadLetters, String redis, TenantStatus tenants) {
    }

    /** The body of a mode change: {@code normal} or {@code clickhouse-disabled}. */
    public record ModeRequest(String mode) {
    }

    @GET
    @Path("resilience")
    @APIResponse(responseCode = "200", description = "Everything about the service's resilience",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ResilienceStatus.class)))
    public Uni<ResilienceStatus> resilience() {
        return Uni.combine().all().unis(queue.depth(), queue.bytes(), queue.oldestQueuedAt(), deadLetters.count(),
                        queue.largestTenants(TOP_TENANTS))
                .with((depth, bytes, oldest, dead, largest) -> status(new QueueStatus(depth, bytes, queueConfig.maxEvents(),
                        queueConfig.maxBytes(), oldest.orElse(null)), dead, "up", largest))
                .onFailure().recoverWithItem(() -> status(new QueueStatus(null, null, queueConfig.maxEvents(),
                        queueConfig.maxBytes(), null), null, "unreachable", List.of()));
    }

    private ResilienceStatus status(QueueStatus outageQueue, Long dead, String redis, List<OutageQueue.TenantUsage> largestInQueue) {
        Instant since = clickhouse.since();
        return new ResilienceStatus(mode.state(), clickhouse.state().label(), since.equals(Instant.EPOCH) ? null : since,
                breakers.states(), replayer.status(),
                outageQueue, dead, redis, new TenantStatus(largestInQueue, rates.mostLimited(TOP_TENANTS)));
    }

    @POST
    @Path("circuit-breakers/{name}/reset")
    @APIResponse(responseCode = "200", description = "The breakers' states after the reset",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.OBJECT, additionalProperties = String.class)))
    @APIResponse(responseCode = "404", description = "No breaker has that name",
            content = @Content(mediaType = ProblemResponses.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Map<String, String> resetBreaker(@PathParam("name") String name) {
        if (!breakers.reset(name)) {
            throw ProblemException.status(404, "Not Found", "There is no circuit breaker named " + name + "; known: " + Breakers.NAMES);
        }
        LOG.warnf("Circuit breaker %s reset by %s", name, identity.caller().userId());
        return breakers.states();
    }

    @GET
    @Path("mode")
    @APIResponse(responseCode = "200", description = "The mode in force",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ModeState.class)))
    public ModeState currentMode() {
        return mode.state();
    }

    /** Applies to every replica, through Redis; 503 (nothing changed) when Redis cannot store it. */
    @PUT
    @Path("mode")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The mode now in force",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ModeState.class)))
    @APIResponse(responseCode = "400", description = ProblemResponses.BAD_REQUEST,
            content = @Content(mediaType = ProblemResponses.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Redis could not share the mode, so it was not changed",
            content = @Content(mediaType = ProblemResponses.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ModeState> setMode(ModeRequest body) {
        String who = identity.caller().userId();
        OperatingMode requested = OperatingMode.parse(body == null ? null : body.mode())
                .orElseThrow(() -> ProblemException.badRequest("Unknown mode.",
                        List.of(new FieldError(null, "mode", "must be normal or clickhouse-disabled"))));
        return mode.set(requested, who)
                .invoke(state -> LOG.warnf("Mode change to %s requested by %s", requested.label(), who))
                .onFailure(failure -> !(failure instanceof ProblemException)).transform(failure -> ProblemException.unavailable(
                        "The mode could not be shared through Redis, so it was not changed.", retryAfter));
    }
}
