package io.netra.analytics.problem;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Answers a request whose declared body is over {@code quarkus.http.limits.max-body-size} with a 413 problem
 * document before reading it, ahead of Quarkus's own check, which answers with an empty body. A body sent without a
 * length is cut off by Quarkus at the same limit.
 */
@Singleton
public class RequestSizeLimit {

    private final long limit;

    public RequestSizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            // Vert.x has already refused a Content-Length that is not a number
            if (declared != null && Long.parseLong(declared.strip()) > limit) {
                context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
                                + "\"detail\":\"The body exceeds " + limit + " bytes.\"}");
                return;
            }
            context.next();
        });
    }
}
