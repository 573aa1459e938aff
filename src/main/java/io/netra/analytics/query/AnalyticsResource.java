package io.netra.analytics.query;

import java.time.Clock;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import io.netra.analytics.identity.Caller;
import io.netra.analytics.identity.CallerIdentity;
import io.netra.analytics.identity.Roles;
import io.smallrye.mutiny.Uni;

/** Per-user analytics; each answer says whether it came from ClickHouse or the cache and whether it is stale. */
@Path("/api/v1/metrics")
@RolesAllowed({ Roles.USER, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    private final CallerIdentity identity;
    private final AnalyticsService analytics;
    private final QueryConfig config;

    public AnalyticsResource(CallerIdentity identity, AnalyticsService analytics, QueryConfig config) {
        this.identity = identity;
        this.analytics = analytics;
        this.config = config;
    }

    @GET
    @Path("summary")
    public Uni<JsonNode> summary(@QueryParam("metric") String metric, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("interval") String interval, @QueryParam("userId") String userId) {
        Caller caller = identity.caller();
        return answer(parameters().summary(QueryParameters.subject(caller, userId), metric, from, to, interval));
    }

    @GET
    @Path("names")
    public Uni<JsonNode> names(@QueryParam("userId") String userId) {
        Caller caller = identity.caller();
        return answer(new MetricNamesQuery(QueryParameters.subject(caller, userId)));
    }

    @GET
    @Path("events")
    public Uni<JsonNode> events(@QueryParam("metric") String metric, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
            @QueryParam("userId") String userId) {
        Caller caller = identity.caller();
        return answer(parameters().events(QueryParameters.subject(caller, userId), metric, from, to, limit, cursor));
    }

    private QueryParameters parameters() {
        return new QueryParameters(config, Clock.systemUTC());
    }

    private Uni<JsonNode> answer(AnalyticsQuery query) {
        return analytics.answer(query).map(AnalyticsAnswer::toJson);
    }
}
