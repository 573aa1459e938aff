package io.netra.analytics.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netra.analytics.support.TestConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/** The spans of ClickHouse calls, with a real SDK tracer whose ended spans the test collects. */
class ClickHouseSpansTest {

    private final List<SpanData> ended = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            ended.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    })).build();
    private final Tracer tracer = provider.get("test");

    @AfterEach
    void close() {
        provider.close();
    }

    private ClickHouseSpans spans(String url) {
        return new ClickHouseSpans(tracer, TestConfig.netra("netra.clickhouse.url", url));
    }

    /** Runs {@code call} inside a request's span, as the HTTP server's instrumentation would. */
    private SpanData inARequest(Runnable call) {
        Span request = tracer.spanBuilder("GET /api/v1/metrics/summary").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            call.run();
        } finally {
            request.end();
        }
        SpanData child = ended.get(0);
        assertEquals(request.getSpanContext().getSpanId(), child.getParentSpanId(), "a child of the request's span");
        return child;
    }

    @Test
    void aCallForNoTracedRequestHasNoSpan() {
        Span span = spans("http://localhost:8123").statement("SELECT 1");

        assertFalse(span.getSpanContext().isValid());
        ClickHouseSpans.end(span, null, false);
        assertTrue(ended.isEmpty());
    }

    @Test
    void aStatementIsNamedByItsFirstKeywordWithoutItsText() {
        SpanData span = inARequest(() -> ClickHouseSpans.end(spans("http://ch.internal:9123").statement("\n  select count() FROM t WHERE user_id = 'alice'"), null, false));

        assertEquals("SELECT", span.getName());
        assertEquals(SpanKind.CLIENT, span.getKind());
        assertEquals("clickhouse", span.getAttributes().get(AttributeKey.stringKey("db.system.name")));
        assertEquals("SELECT", span.getAttributes().get(AttributeKey.stringKey("db.operation.name")));
        assertEquals("netra_analytics", span.getAttributes().get(AttributeKey.stringKey("db.namespace")));
        assertEquals("ch.internal", span.getAttributes().get(AttributeKey.stringKey("server.address")));
        assertEquals(9123L, span.getAttributes().get(AttributeKey.longKey("server.port")));
        assertFalse(span.getAttributes().asMap().toString().contains("alice"), "no literal of the statement: " + span.getAttributes());
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
        assertNull(span.getAttributes().get(AttributeKey.stringKey("error.type")));
    }

    @Test
    void anInsertNamesItsTableAndAServerWithoutAPortItsSchemesDefault() {
        SpanData span = inARequest(() -> ClickHouseSpans.end(spans("https://ch.internal").insert("netra_analytics.otel_points"), null, false));

        assertEquals("INSERT netra_analytics.otel_points", span.getName());
        assertEquals("netra_analytics.otel_points", span.getAttributes().get(AttributeKey.stringKey("db.collection.name")));
        assertEquals(8443L, span.getAttributes().get(AttributeKey.longKey("server.port")));
        ended.clear();
        assertEquals(8123L, inARequest(() -> ClickHouseSpans.end(spans("http://ch.internal").statement("("), null, false))
                .getAttributes().get(AttributeKey.longKey("server.port")));
        assertEquals("clickhouse", ended.get(0).getName(), "a statement without a keyword");
    }

    @Test
    void aFailedCallSaysOnlyWhatKindOfFailureItWas() {
        SpanData outage = inARequest(() -> ClickHouseSpans.end(spans("http://localhost:8123").statement("SELECT 1"),
                new ClickHouseUnavailableException(ClickHouseState.SCHEMA_MISSING, "Table netra_analytics.x doesn't exist: 'alice'", null), false));

        assertEquals(StatusCode.ERROR, outage.getStatus().getStatusCode());
        assertEquals("SCHEMA_MISSING", outage.getStatus().getDescription());
        assertEquals("SCHEMA_MISSING", outage.getAttributes().get(AttributeKey.stringKey("error.type")));
        assertTrue(outage.getEvents().isEmpty(), "no exception event: its message may quote the rows");
        assertFalse(outage.getAttributes().asMap().toString().contains("alice"), outage.getAttributes().toString());

        ended.clear();
        SpanData other = inARequest(() -> ClickHouseSpans.end(spans("http://localhost:8123").statement("SELECT 1"), new TimeoutException("late"), false));
        assertEquals("TimeoutException", other.getAttributes().get(AttributeKey.stringKey("error.type")));

        ended.clear();
        SpanData cancelled = inARequest(() -> ClickHouseSpans.end(spans("http://localhost:8123").statement("SELECT 1"), null, true));
        assertEquals(StatusCode.UNSET, cancelled.getStatus().getStatusCode(), "the caller gave up: not ClickHouse's failure");
        assertEquals("cancelled", cancelled.getAttributes().get(AttributeKey.stringKey("error.type")));
    }
}
