package io.netra.analytics.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpServerResponse;

class RouteProblemsTest {

    /** A response that records what is set on it. */
    private final Map<String, Object> sent = new HashMap<>();
    private final HttpServerResponse response = (HttpServerResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] { HttpServerResponse.class }, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "setStatusCode" -> sent.put("status", args[0]);
                    case "putHeader" -> sent.put(args[0].toString(), args[1].toString());
                    case "end" -> sent.put("body", args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                }
                return method.getReturnType().isInstance(proxy) ? proxy : null;
            });

    private final RouteProblems problems = new RouteProblems(new ObjectMapper());

    @Test
    void aRefusalIsAProblemDocumentThatClosesTheConnectionAndSaysWhenToComeBack() {
        problems.endAndClose(response, Problem.of(503, "Service Unavailable", "shutting down"), Duration.ofMillis(1500));

        assertEquals(503, sent.get("status"));
        assertEquals("application/problem+json", sent.get("content-type"));
        assertEquals("close", sent.get("connection"));
        assertEquals("1", sent.get("retry-after"), "whole seconds");
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"shutting down\"}", sent.get("body"));
    }

    @Test
    void withoutAWaitNoRetryAfter() {
        problems.endAndClose(response, Problem.of(413, "Content Too Large", "too large"), null);

        assertEquals(413, sent.get("status"));
        assertFalse(sent.containsKey("retry-after"));
    }
}
