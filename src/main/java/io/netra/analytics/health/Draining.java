package io.netra.analytics.health;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.problem.Problem;
import io.netra.analytics.problem.RouteProblems;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * On SIGTERM the service stops taking work before it stops listening. For the shutdown delay
 * ({@code quarkus.shutdown.delay}), while readiness already says DOWN, every new API request is answered with 503,
 * {@code Retry-After} and {@code Connection: close}, and the requests already received finish normally. Clients learn
 * to go elsewhere from an answer rather than from a connection reset, and by the time Quarkus closes the server no
 * well-behaved client has a request in flight. Probes under /q keep answering.
 */
@Singleton
public class Draining {

    private static final Logger LOG = Logger.getLogger(Draining.class);
    private static final Problem REFUSAL = Problem.of(503, "Service Unavailable",
            "This instance is shutting down; nothing of this request was recorded. Send it again.");

    private final RouteProblems problems;
    private final Duration retryAfter;
    private volatile boolean draining;

    public Draining(RouteProblems problems, NetraConfig config) {
        this.problems = problems;
        this.retryAfter = config.health().drainingRetryAfter();
    }

    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        draining = true;
        LOG.info("Shutting down: new requests are refused with 503 while those in flight finish");
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            if (!draining) {
                context.next();
                return;
            }
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            if (context.request().path().startsWith("/q/")) {
                context.next();
                return;
            }
            problems.endAndClose(context.response(), REFUSAL, retryAfter);
        });
    }
}
