package io.netra.analytics.resilience;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netra.analytics.identity.CallerIdentity;
import io.netra.analytics.identity.Roles;
import io.netra.analytics.ingest.DeadLetters;
import io.netra.analytics.ingest.OutageQueue;
import io.netra.analytics.ingest.OutageQueueConfig;
import io.netra.analytics.ingest.Replayer;
import io.netra.analytics.problem.Problem.FieldError;
import io.netra.analytics.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** What an operator needs at 3 a.m.: breaker states, the outage queue, replay, dead letters, and the mode switch. */
@Path("/api/v1/admin")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private static final Logger LOG = Logger.getLogger(AdminResource.class);

    private final Breakers breakers;
    private final ModeSwitch mode;
    private final OutageQueue queue;
    private final OutageQueueConfig queueConfig;
    private final DeadLetters deadLetters;
    private final Replayer replayer;
    private final CallerIdentity identity;
    private final ObjectMapper json;

    public AdminResource(Breakers breakers, ModeSwitch mode, OutageQueue queue, OutageQueueConfig queueConfig,
            DeadLetters deadLetters, Replayer replayer, CallerIdentity identity, ObjectMapper json) {
        this.breakers = breakers;
        this.mode = mode;
        this.queue = queue;
        this.queueConfig = queueConfig;
        this.deadLetters = deadLetters;
        this.replayer = replayer;
        this.identity = identity;
        this.json = json;
    }

    @GET
    @Path("resilience")
    public Uni<JsonNode> resilience() {
        ObjectNode status = json.createObjectNode();
        status.set("mode", json.valueToTree(mode.state()));
        status.set("breakers", json.valueToTree(breakers.states()));
        status.set("replay", json.valueToTree(replayer.status()));
        ObjectNode outage = status.putObject("outageQueue").put("maxEvents", queueConfig.maxEvents());
        return Uni.combine().all().unis(queue.depth(), queue.oldestQueuedAt(), deadLetters.count())
                .with((depth, oldest, dead) -> {
                    outage.put("depth", depth).put("oldestQueuedAt", oldest.map(Instant::toString).orElse(null));
                    status.put("deadLetters", dead).put("redis", "up");
                    return (JsonNode) status;
                })
                .onFailure().recoverWithItem(failure -> status.put("redis", "down: " + failure.getMessage()));
    }

    @POST
    @Path("circuit-breakers/{name}/reset")
    public JsonNode resetBreaker(@PathParam("name") String name) {
        if (!breakers.reset(name)) {
            throw ProblemException.status(404, "Not Found", "There is no circuit breaker named " + name + "; known: " + Breakers.NAMES);
        }
        LOG.warnf("Circuit breaker %s reset by %s", name, identity.caller().userId());
        return json.valueToTree(breakers.states());
    }

    @GET
    @Path("mode")
    public ModeSwitch.ModeState currentMode() {
        return mode.state();
    }

    /** Body: {"mode": "normal" | "clickhouse-disabled"}. Applies to every replica. */
    @PUT
    @Path("mode")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ModeSwitch.ModeState> setMode(JsonNode body) {
        String who = identity.caller().userId();
        OperatingMode requested = OperatingMode.parse(body == null ? null : body.path("mode").asText(null))
                .orElseThrow(() -> ProblemException.badRequest("Unknown mode.",
                        List.of(new FieldError(null, "mode", "must be normal or clickhouse-disabled"))));
        return mode.set(requested, who)
                .invoke(state -> LOG.warnf("Mode change to %s requested by %s", requested.label(), who))
                .onFailure(failure -> !(failure instanceof ProblemException)).transform(failure -> ProblemException.unavailable(
                        "The mode could not be shared through Redis, so it was not changed: " + failure.getMessage(),
                        Duration.ofSeconds(5)));
    }
}
