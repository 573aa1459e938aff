package io.netra.analytics.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.netra.analytics.support.LocalServers;
import io.netra.analytics.support.OtlpTraceReceiver;
import io.netra.analytics.support.PackagedApp;
import io.netra.analytics.support.TokenIssuer;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * The packaged application's own traces, turned on as operators turn them on (the standard OTEL_* variables) and
 * received over OTLP/HTTP: an ingest and a summary, each sent with a caller's {@code traceparent}, come back as the
 * caller's trace, holding the service's HTTP span and, below it, its ClickHouse and Redis calls (the outage queue's
 * too, with ClickHouse stopped); no span carries the caller's token or an event's content.
 */
class TracingIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration ARRIVED = Duration.ofSeconds(60);

    private record Traced(String traceId, HttpResponse<String> response) {
    }

    @Test
    void requestsAreTracedDownToTheirClickHouseAndRedisCallsInTheCallersTrace() throws Exception {
        try (LocalServers servers = LocalServers.start(true); OtlpTraceReceiver collector = OtlpTraceReceiver.start()) {
            TokenIssuer issuer = new TokenIssuer();
            Map<String, String> config = new HashMap<>(servers.serviceConfig());
            config.putAll(issuer.serviceConfig());
            // spans leave in batches; a short delay makes each request's arrive in a second, not five
            config.put("quarkus.otel.bsp.schedule.delay", "200ms");
            Map<String, String> environment = Map.of("OTEL_SDK_DISABLED", "false", "OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint(),
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "OTEL_SERVICE_NAME", "netra-analytics-traced");
            try (PackagedApp app = PackagedApp.start(config, environment, Path.of("target/tracing-app.log"))) {
                Awaitility.await().atMost(ARRIVED).until(() -> app.answers("/q/health/ready"));
                String user = "traced-" + UUID.randomUUID();
                String token = issuer.forUser(user);
                String content = "content-" + UUID.randomUUID();
                String queuedContent = "queued-content-" + UUID.randomUUID();
                String event = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"metric\":\"traced\",\"value\":7,\"tags\":{\"secret\":\"" + content + "\"}}";

                Traced ingest = send(app, token, "POST", "/api/v1/metrics", event);
                assertEquals(202, ingest.response().statusCode(), ingest.response().body());
                List<Span> ingestSpans = awaitTrace(collector, ingest.traceId(), "INSERT " + "netra_analytics.performance_metrics");
                Span server = serverSpan(ingestSpans, "/api/v1/metrics");
                Span insert = named(ingestSpans, "INSERT netra_analytics.performance_metrics").orElseThrow();
                assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, insert.getKind());
                assertEquals("clickhouse", attribute(insert, "db.system.name"));
                assertTrue(descendsFrom(insert, server, ingestSpans), "the insert is part of the request's span tree: " + names(ingestSpans));

                Traced summary = send(app, token, "GET", "/api/v1/metrics/summary?metric=traced&interval=1h", null);
                assertEquals(200, summary.response().statusCode(), summary.response().body());
                List<Span> summarySpans = awaitTrace(collector, summary.traceId(), "SELECT");
                Span summaryServer = serverSpan(summarySpans, "/api/v1/metrics/summary");
                Span select = named(summarySpans, "SELECT").orElseThrow();
                assertEquals("clickhouse", attribute(select, "db.system.name"));
                assertTrue(descendsFrom(select, summaryServer, summarySpans), names(summarySpans).toString());
                // the answer cache: Redis commands in the same trace
                Awaitility.await().atMost(ARRIVED).until(() -> spansOf(collector, summary.traceId()).stream().anyMatch(TracingIT::isRedis));

                // ClickHouse away: the event goes to the outage queue, a Redis command that carries it
                servers.stopClickHouse();
                Traced queued = send(app, token, "POST", "/api/v1/metrics", event.replace(content, queuedContent));
                assertEquals(202, queued.response().statusCode(), queued.response().body());
                assertTrue(queued.response().body().contains("queued"), queued.response().body());
                Awaitility.await().atMost(ARRIVED).until(() -> spansOf(collector, queued.traceId()).stream().anyMatch(TracingIT::isRedis));

                assertEquals("netra-analytics-traced", serviceName(collector));
                String everything = collector.received().toString();
                assertFalse(everything.contains(token), "no span holds the caller's token");
                assertFalse(everything.contains(content), "no span holds an event's content");
                assertFalse(everything.contains(queuedContent), "no span holds a queued event's content");
            }
        }
    }

    /** Sends a request as a traced caller does: a traceparent of a new, sampled trace. */
    private static Traced send(PackagedApp app, String token, String method, String path, String jsonBody) throws Exception {
        byte[] traceId = new byte[16];
        byte[] parentId = new byte[8];
        ThreadLocalRandom.current().nextBytes(traceId);
        ThreadLocalRandom.current().nextBytes(parentId);
        String trace = HexFormat.of().formatHex(traceId);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.url() + path))
                .header("Authorization", "Bearer " + token)
                .header("traceparent", "00-" + trace + "-" + HexFormat.of().formatHex(parentId) + "-01");
        if (jsonBody == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        return new Traced(trace, HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static List<Span> awaitTrace(OtlpTraceReceiver collector, String traceId, String expectedSpan) {
        return Awaitility.await(expectedSpan + " in trace " + traceId).atMost(ARRIVED).until(() -> spansOf(collector, traceId),
                spans -> named(spans, expectedSpan).isPresent() && spans.stream().anyMatch(span -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER));
    }

    private static List<Span> spansOf(OtlpTraceReceiver collector, String traceId) {
        ByteString id = ByteString.copyFrom(HexFormat.of().parseHex(traceId));
        return collector.received().stream().flatMap(resource -> resource.getScopeSpansList().stream())
                .flatMap(scope -> scope.getSpansList().stream()).filter(span -> span.getTraceId().equals(id)).toList();
    }

    private static boolean isRedis(Span span) {
        return "redis".equals(attribute(span, "db.system.name")) || "redis".equals(attribute(span, "db.system"));
    }

    private static Span serverSpan(List<Span> spans, String route) {
        return spans.stream().filter(span -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER && route.equals(attribute(span, "http.route")))
                .findFirst().orElseThrow(() -> new AssertionError("no server span for " + route + ": " + names(spans)));
    }

    private static Optional<Span> named(List<Span> spans, String name) {
        return spans.stream().filter(span -> span.getName().equals(name)).findFirst();
    }

    private static boolean descendsFrom(Span span, Span ancestor, List<Span> spans) {
        Span current = span;
        for (int depth = 0; depth < spans.size(); depth++) {
            ByteString parent = current.getParentSpanId();
            if (parent.equals(ancestor.getSpanId())) {
                return true;
            }
            Optional<Span> next = spans.stream().filter(candidate -> candidate.getSpanId().equals(parent)).findFirst();
            if (next.isEmpty()) {
                return false;
            }
            current = next.get();
        }
        return false;
    }

    private static String attribute(Span span, String key) {
        return span.getAttributesList().stream().filter(attribute -> attribute.getKey().equals(key)).map(KeyValue::getValue)
                .map(value -> value.hasStringValue() ? value.getStringValue() : value.toString()).findFirst().orElse(null);
    }

    private static String serviceName(OtlpTraceReceiver collector) {
        ResourceSpans first = collector.received().get(0);
        return first.getResource().getAttributesList().stream().filter(attribute -> attribute.getKey().equals("service.name"))
                .map(attribute -> attribute.getValue().getStringValue()).findFirst().orElse(null);
    }

    private static List<String> names(List<Span> spans) {
        return spans.stream().map(span -> span.getKind() + " " + span.getName()).toList();
    }
}
