package io.netra.analytics.clickhouse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.command.CommandResponse;
import com.clickhouse.client.api.command.CommandSettings;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.micrometer.core.instrument.MeterRegistry;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.mode.ModeSwitch;
import io.netra.analytics.model.LogText;
import io.opentelemetry.api.trace.Span;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;

/**
 * Owns the ClickHouse client. Every other class reaches ClickHouse through here, gets a {@link Uni}, and never
 * blocks the caller: client-v2 calls are synchronous, so they run on a bounded pool sized like the connection pool.
 * <p>
 * Each call has a deadline, counted from when it was asked for. A blocking client-v2 call cannot be cancelled, so
 * the deadline is enforced where it can be: a call that waited out its deadline in the pool's queue, or whose
 * caller has gone, never starts, and the rest of the deadline is the request's socket timeout, so a call that timed
 * out is over, not still holding a connection while a retry starts beside it. Emergency mode is checked when the call
 * runs. Failures come back as {@link ClickHouseRejectedException} or {@link ClickHouseUnavailableException}.
 */
@ApplicationScoped
public class ClickHouseGateway {

    private static final Logger LOG = Logger.getLogger(ClickHouseGateway.class);

    private final Client client;
    private final ExecutorService io;
    private final ObjectReader rows;
    private final ObjectReader rowsWithDecimals;
    private final ModeSwitch mode;
    private final ClickHouseStateTracker status;
    private final NetraConfig.ClickHouse config;
    private final ClickHouseSpans spans;

    public ClickHouseGateway(NetraConfig config, ObjectMapper json, MeterRegistry registry, ModeSwitch mode, ClickHouseStateTracker status,
            TlsConfigurationRegistry tls, Vertx vertx, ClickHouseSpans spans) {
        this.config = config.clickhouse();
        this.spans = spans;
        this.rows = json.readerFor(JsonNode.class);
        this.rowsWithDecimals = rows.with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.mode = mode;
        this.status = status;
        this.io = boundedPool(this.config.maxConnections());
        Client.Builder builder = new Client.Builder()
                .addEndpoint(this.config.url())
                .setUsername(this.config.username())
                .setPassword(this.config.password().orElse(""))
                // 18.16 answers compress=1 with an empty 200: every query would silently return no rows.
                .compressServerResponse(false)
                .compressClientRequest(false)
                // Retries belong to the fault-tolerance layer, where they are counted and bounded.
                .setMaxRetries(0)
                .setConnectTimeout(this.config.connectTimeout().toMillis(), ChronoUnit.MILLIS)
                .setConnectionRequestTimeout(this.config.connectionRequestTimeout().toMillis(), ChronoUnit.MILLIS)
                .setSocketTimeout(this.config.ddlTimeout().toMillis(), ChronoUnit.MILLIS)
                .setMaxConnections(this.config.maxConnections())
                .setClientName("netra-analytics");
        ClickHouseTls.apply(builder, this.config.url(), this.config.tlsConfigurationName(), tls, vertx);
        builder.registerClientMetrics(registry, "clickhouse");
        this.client = builder.build();
    }

    /**
     * Runs a statement that returns no rows (DDL, ALTER) within the DDL deadline. On a cluster, an ON CLUSTER
     * statement that ran on every node that answered is done: the others run it from the DDL queue when they return.
     */
    public Uni<Void> execute(String sql) {
        return call(() -> Deadline.in(config.ddlTimeout()), () -> spans.statement(sql), remaining -> {
            CommandSettings settings = new CommandSettings();
            settings.setNetworkTimeout(remaining.toMillis(), ChronoUnit.MILLIS);
            if (config.cluster().isPresent()) {
                // whole seconds, at least one: 0 would not wait for any node
                settings.serverSetting("distributed_ddl_task_timeout", String.valueOf(Math.max(1, config.clusterDdlWait().toSeconds())));
            }
            try (CommandResponse ignored = client.execute(sql, settings).get()) {
                return null;
            } catch (Exception failure) {
                Throwable cause = unwrapped(failure);
                if (!ClickHouseErrors.leftToAbsentNodes(cause)) {
                    throw failure;
                }
                LOG.warnf("Some ClickHouse nodes are down; they will run this schema statement when they return: %s",
                        LogText.firstLine(cause.getMessage()));
                return null;
            }
        });
    }

    /** Runs a query within the query deadline and returns its rows. */
    public Uni<List<JsonNode>> query(String sql) {
        return query(sql, config.queryTimeout());
    }

    /**
     * As {@link #query(String)}, with fractions read as decimals ({@code BigDecimal}) rather than doubles, for an answer
     * that passes ClickHouse's values on unchanged: parsing a thousand of them to doubles and printing the doubles
     * again was the most of a week's hourly summary's CPU. A decimal's {@code asDouble()} costs more than a double's,
     * so rows that are computed with stay doubles.
     */
    public Uni<List<JsonNode>> queryWithDecimals(String sql) {
        return query(sql, config.queryTimeout(), rowsWithDecimals);
    }

    /** Runs a query and returns its rows; the FORMAT is added here because 18.16 ignores format headers. */
    public Uni<List<JsonNode>> query(String sql, Duration deadline) {
        return query(sql, deadline, rows);
    }

    private Uni<List<JsonNode>> query(String sql, Duration deadline, ObjectReader reader) {
        return call(() -> Deadline.in(deadline), () -> spans.statement(sql), remaining -> {
            QuerySettings settings = new QuerySettings();
            settings.setNetworkTimeout(remaining.toMillis(), ChronoUnit.MILLIS);
            if (config.cluster().isPresent()) {
                // a query joining a user's points to their series reads both on the user's shard (every table is
                // sharded by user): a Distributed table in a subquery stands for its local table there
                settings.serverSetting("distributed_product_mode", "local");
            }
            try (QueryResponse response = client.query(sql + "\nFORMAT JSONEachRow", settings).get()) {
                return readRows(response.getInputStream(), reader);
            }
        });
    }

    /** Inserts rows given as JSONEachRow lines into a database-qualified table, within the insert deadline. */
    public Uni<Void> insertJsonEachRow(String qualifiedTable, byte[] rows) {
        return insertJsonEachRow(qualifiedTable, rows, Optional.empty());
    }

    /**
     * The same, over by {@code by} when that comes before the insert deadline: an ingest request answers within its
     * latency budget, so its insert must not outlive it (the socket timeout ends a hung insert then, too).
     */
    public Uni<Void> insertJsonEachRow(String qualifiedTable, byte[] rows, Optional<Deadline> by) {
        return call(() -> by.map(deadline -> deadline.atMost(config.insertTimeout())).orElseGet(() -> Deadline.in(config.insertTimeout())),
                () -> spans.insert(qualifiedTable), remaining -> {
            InsertSettings settings = new InsertSettings();
            settings.setNetworkTimeout(remaining.toMillis(), ChronoUnit.MILLIS);
            if (config.cluster().isPresent()) {
                // acknowledged only once every shard holds its rows: not parked in this node's Distributed spool,
                // where a shard's outage would hide and this node's loss would lose them
                settings.serverSetting("insert_distributed_sync", "1");
            }
            try (InsertResponse ignored = client.insert(qualifiedTable, new ByteArrayInputStream(rows),
                    ClickHouseFormat.JSONEachRow, settings).get()) {
                return null;
            }
        });
    }

    private static List<JsonNode> readRows(InputStream body, ObjectReader reader) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        try (MappingIterator<JsonNode> lines = reader.readValues(body)) {
            while (lines.hasNextValue()) {
                rows.add(lines.nextValue());
            }
        }
        return rows;
    }

    /**
     * {@code deadline} is fixed when the call is subscribed to: a retry is a new call with what its caller has left,
     * and a span of its own, started there so that it is the child of the request's.
     */
    private <T> Uni<T> call(Supplier<Deadline> deadlines, Supplier<Span> span, BlockingCall<T> call) {
        return Uni.createFrom().deferred(() -> {
            Span started = span.get();
            return call(deadlines.get(), call).onTermination().invoke((item, failure, cancelled) -> ClickHouseSpans.end(started, failure, cancelled));
        });
    }

    private <T> Uni<T> call(Deadline deadline, BlockingCall<T> call) {
        Duration allowed = deadline.remaining();
        if (allowed.isNegative() || allowed.isZero()) {
            // nothing was asked of ClickHouse, so nothing is learnt about it: the state stays as it was
            return Uni.createFrom().failure(new ClickHouseUnavailableException(ClickHouseState.TIMEOUT,
                    "the deadline passed before the call could start", null));
        }
        return Uni.createFrom().<T>emitter(emitter -> {
            AtomicBoolean abandoned = new AtomicBoolean();
            emitter.onTermination(() -> abandoned.set(true));
            try {
                io.execute(() -> run(call, deadline, abandoned, emitter));
            } catch (RejectedExecutionException full) {
                emitter.fail(new ClickHouseUnavailableException(ClickHouseState.TIMEOUT,
                        "too many ClickHouse calls are waiting for a connection", full));
            }
        }).ifNoItem().after(allowed).failWith(() -> reported(new ClickHouseUnavailableException(ClickHouseState.TIMEOUT,
                "no answer within " + allowed.toMillis() + " ms", null)));
    }

    private <T> void run(BlockingCall<T> call, Deadline deadline, AtomicBoolean abandoned, UniEmitter<? super T> emitter) {
        Duration remaining = deadline.remaining();
        // the caller has gone, or its deadline passed while the call waited (the deadline fails it as a timeout)
        if (abandoned.get() || remaining.isNegative() || remaining.isZero()) {
            return;
        }
        if (!mode.clickHouseEnabled()) {
            emitter.fail(new ClickHouseUnavailableException(ClickHouseState.DISABLED,
                    "ClickHouse is disabled by an operator (emergency mode)", null));
            return;
        }
        T result;
        try {
            result = call.run(remaining);
        } catch (Exception e) {
            emitter.fail(reported(ClickHouseErrors.classify(unwrapped(e))));
            return;
        }
        status.answered();
        emitter.complete(result);
    }

    private static Throwable unwrapped(Exception failure) {
        return failure instanceof ExecutionException ? failure.getCause() : failure;
    }

    private RuntimeException reported(RuntimeException failure) {
        if (failure instanceof ClickHouseUnavailableException unavailable) {
            status.failed(unavailable);
        } else {
            status.answered();
        }
        return failure;
    }

    @PreDestroy
    void close() {
        io.shutdown();
        client.close();
    }

    private static ExecutorService boundedPool(int threads) {
        AtomicInteger counter = new AtomicInteger();
        // A small queue: when ClickHouse is slow the pool is full and the callers' deadlines decide, not a backlog.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(threads * 64), r -> {
                    Thread thread = new Thread(r, "clickhouse-io-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @FunctionalInterface
    private interface BlockingCall<T> {
        T run(Duration remaining) throws Exception;
    }
}
