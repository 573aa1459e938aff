package io.netra.analytics.query;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.netra.analytics.identity.CallerIdentity;
import io.netra.analytics.identity.Roles;
import io.netra.analytics.problem.Problem;
import io.netra.analytics.problem.ProblemResponses;
import io.smallrye.mutiny.Uni;

/** Per-user analytics; each answer says whether it came from ClickHouse or the cache and whether it is stale. */
@Path("/api/v1/metrics")
@RolesAllowed({ Roles.USER, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = ProblemResponses.BAD_REQUEST,
        content = @Content(mediaType = ProblemResponses.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = ProblemResponses.FORBIDDEN + ", or another user's data without the admin role",
        content = @Content(mediaType = ProblemResponses.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = ProblemResponses.UNAVAILABLE + "; no earlier answer to this question is cached",
        content = @Content(mediaType = ProblemResponses.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class AnalyticsResource {

    private final CallerIdentity identity;
    private final QueryParameters parameters;
    private final AnalyticsService analytics;

    public AnalyticsResource(CallerIdentity identity, QueryParameters parameters, AnalyticsService analytics) {
        this.identity = identity;
        this.parameters = parameters;
        this.analytics = analytics;
    }

    @GET
    @Path("summary")
    @APIResponse(responseCode = "200", description = "Per-bucket statistics",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SummaryAnswer.class)))
    public Uni<byte[]> summary(@QueryParam("metric") String metric, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("interval") String interval, @QueryParam("userId") String userId,
            @Parameter(description = "One or two tag keys (comma-separated or repeated): one series per value, the largest first")
            @QueryParam("groupBy") List<String> groupBy,
            @Parameter(description = "Groups answered with groupBy; the rest are summed as one series flagged other")
            @QueryParam("limit") String limit,
            @Parameter(name = "tag.{key}", description = "tag.<key>=<value>: rows with that tag value (repeat a key for any of several "
                    + "values; different keys must all match); tag.<key>!=<value>: rows without that value, those without the key included. On OpenTelemetry "
                    + "points, the point's attributes and its resource's (service.name included)", schema = @Schema(type = SchemaType.STRING))
            @Context UriInfo uri) {
        Map<String, List<String>> tags = new TreeMap<>();
        uri.getQueryParameters().forEach((name, values) -> {
            if (name.startsWith(QueryParameters.TAG_PREFIX)) {
                tags.put(name, values);
            }
        });
        return json(parameters.summary(identity.caller().readableUser(userId), metric, from, to, interval, tags, groupBy, limit));
    }

    @GET
    @Path("names")
    @APIResponse(responseCode = "200", description = "The user's metric names",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MetricNamesAnswer.class)))
    public Uni<byte[]> names(@QueryParam("userId") String userId) {
        return json(parameters.names(identity.caller().readableUser(userId)));
    }

    @GET
    @Path("events")
    @APIResponse(responseCode = "200", description = "A page of raw events, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventsPage.class)))
    public Uni<byte[]> events(@QueryParam("metric") String metric, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
            @QueryParam("userId") String userId) {
        return json(parameters.events(identity.caller().readableUser(userId), metric, from, to, limit, cursor));
    }

    /** The answer's JSON as computed or cached, written as is; its shape is the record the 200 response names. */
    private Uni<byte[]> json(AnalyticsQuery query) {
        return analytics.answer(query).map(ServedAnswer::json);
    }
}
