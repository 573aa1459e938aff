package io.netra.analytics.clickhouse;

import java.net.URI;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.netra.analytics.config.NetraConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

/**
 * A client span for each ClickHouse call, child of the request that made it, so that a trace shows where a slow request
 * waited (client-v2 has no tracing of its own). Named and attributed by OpenTelemetry's database conventions; the
 * statement is left out: its literals are the callers' user ids and values. Only calls made for a traced request
 * have one: the readiness probes, replay and migrations would each start a trace of their own, many a minute. With
 * the SDK off (the default) the tracer is a no-op and so is this.
 */
@ApplicationScoped
public class ClickHouseSpans {

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("db.namespace");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
    private static final AttributeKey<String> COLLECTION = AttributeKey.stringKey("db.collection.name");
    private static final AttributeKey<String> ADDRESS = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final Tracer tracer;
    private final URI server;

    public ClickHouseSpans(Tracer tracer, NetraConfig config) {
        this.tracer = tracer;
        this.server = URI.create(config.clickhouse().url());
    }

    /** A statement's span, named by its first keyword (SELECT, CREATE, ALTER, ...). */
    Span statement(String sql) {
        if (!forATracedRequest()) {
            return Span.getInvalid();
        }
        String stripped = sql.stripLeading();
        int end = 0;
        while (end < stripped.length() && Character.isLetter(stripped.charAt(end))) {
            end++;
        }
        String operation = end == 0 ? "clickhouse" : stripped.substring(0, end).toUpperCase(Locale.ROOT);
        return builder(operation).setAttribute(OPERATION, operation).startSpan();
    }

    /** An insert's span: INSERT and the table. */
    Span insert(String qualifiedTable) {
        if (!forATracedRequest()) {
            return Span.getInvalid();
        }
        return builder("INSERT " + qualifiedTable).setAttribute(OPERATION, "INSERT").setAttribute(COLLECTION, qualifiedTable).startSpan();
    }

    /** Ends {@code span}: failed with the kind of failure only (its message may quote the rows), or cancelled by its caller. */
    static void end(Span span, Throwable failure, boolean cancelled) {
        if (failure != null) {
            String kind = failure instanceof ClickHouseUnavailableException unavailable ? unavailable.state().name() : failure.getClass().getSimpleName();
            span.setStatus(StatusCode.ERROR, kind).setAttribute(ERROR_TYPE, kind);
        } else if (cancelled) {
            span.setAttribute(ERROR_TYPE, "cancelled");
        }
        span.end();
    }

    private static boolean forATracedRequest() {
        return Span.current().getSpanContext().isValid();
    }

    private static long port(URI server) {
        if (server.getPort() > 0) {
            return server.getPort();
        }
        return "https".equals(server.getScheme()) ? 8443 : 8123; // ClickHouse's own HTTP(S) ports
    }

    private SpanBuilder builder(String name) {
        return tracer.spanBuilder(name).setSpanKind(SpanKind.CLIENT)
                .setAttribute(SYSTEM, "clickhouse")
                .setAttribute(NAMESPACE, Tables.DATABASE)
                .setAttribute(ADDRESS, server.getHost())
                .setAttribute(PORT, port(server));
    }
}
