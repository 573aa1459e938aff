package io.netra.analytics.query;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.netra.analytics.identity.CallerIdentity;
import io.netra.analytics.identity.Roles;
import io.smallrye.mutiny.Uni;

/** Per-user analytics; each answer says whether it came from ClickHouse or the cache and whether it is stale. */
@Path("/api/v1/metrics")
@RolesAllowed({ Roles.USER, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
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
    public Uni<SummaryAnswer> summary(@QueryParam("metric") String metric, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("interval") String interval, @QueryParam("userId") String userId) {
        return analytics.answer(parameters.summary(identity.caller().readableUser(userId), metric, from, to, interval));
    }

    @GET
    @Path("names")
    public Uni<MetricNamesAnswer> names(@QueryParam("userId") String userId) {
        return analytics.answer(parameters.names(identity.caller().readableUser(userId)));
    }

    @GET
    @Path("events")
    public Uni<EventsPage> events(@QueryParam("metric") String metric, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
            @QueryParam("userId") String userId) {
        return analytics.answer(parameters.events(identity.caller().readableUser(userId), metric, from, to, limit, cursor));
    }
}
