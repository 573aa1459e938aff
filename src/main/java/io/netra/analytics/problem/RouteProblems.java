package io.netra.analytics.problem;

import java.time.Duration;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.unchecked.Unchecked;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * Problem documents for the answers given before a request reaches a resource (a route that refuses it at once), in
 * the same JSON the exception mappers write.
 */
@Singleton
public class RouteProblems {

    private final ObjectMapper json;

    public RouteProblems(ObjectMapper json) {
        this.json = json;
    }

    /** Ends {@code response} with {@code problem}, {@code Retry-After} when given, and {@code Connection: close}. */
    public void endAndClose(HttpServerResponse response, Problem problem, Duration retryAfter) {
        response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close");
        if (retryAfter != null) {
            response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
        }
        response.end(Unchecked.supplier(() -> json.writeValueAsString(problem)).get());
    }
}
