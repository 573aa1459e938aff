package io.netra.analytics.problem;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.netra.analytics.config.NetraConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Answers an API request whose declared body is over {@code netra.ingest.max-body-size} with a 413 problem document
 * before reading it, ahead of Quarkus's own check ({@code quarkus.http.limits.max-body-size}, which answers with an
 * empty body). A body sent without a length, or compressed, is held to the same limit once read and decompressed.
 * OTLP's path has its own limit and answers in OTLP's words.
 */
@Singleton
public class RequestSizeLimit {

    private final long limit;
    private final RouteProblems problems;

    public RequestSizeLimit(NetraConfig config, RouteProblems problems) {
        this.limit = config.ingest().maxBodySize();
        this.problems = problems;
    }

    void install(@Observes Router router) {
        router.route().pathRegex("/api/.*").order(Integer.MIN_VALUE + 1).handler(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            // Vert.x has already refused a Content-Length that is not a number
            if (declared != null && Long.parseLong(declared.strip()) > limit) {
                problems.endAndClose(context.response(), Problem.of(413, "Content Too Large", "The body exceeds " + limit + " bytes."), null);
                return;
            }
            context.next();
        });
    }
}
