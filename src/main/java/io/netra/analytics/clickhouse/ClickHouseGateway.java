package io.netra.analytics.clickhouse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.command.CommandResponse;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.netra.analytics.resilience.ModeSwitch;
import io.smallrye.mutiny.Uni;

/**
 * Owns the ClickHouse client. Every other class reaches ClickHouse through here, gets a {@link Uni}, and never
 * blocks the caller: client-v2 calls are synchronous, so they run on a bounded pool sized like the connection pool.
 * Failures come back as {@link ClickHouseRejectedException} or {@link ClickHouseUnavailableException}.
 */
@ApplicationScoped
public class ClickHouseGateway {

    private final Client client;
    private final ExecutorService io;
    private final ObjectMapper json;
    private final ModeSwitch mode;

    public ClickHouseGateway(ClickHouseConfig config, ObjectMapper json, MeterRegistry registry, ModeSwitch mode) {
        this.json = json;
        this.mode = mode;
        this.io = boundedPool(config.maxConnections());
        Client.Builder builder = new Client.Builder()
                .addEndpoint(config.url())
                .setUsername(config.username())
                .setPassword(config.password().orElse(""))
                // 18.16 answers compress=1 with an empty 200: every query would silently return no rows.
                .compressServerResponse(false)
                .compressClientRequest(false)
                // Retries belong to the fault-tolerance layer, where they are counted and bounded.
                .setMaxRetries(0)
                .setConnectTimeout(config.connectTimeout().toMillis(), ChronoUnit.MILLIS)
                .setConnectionRequestTimeout(config.connectionRequestTimeout().toMillis(), ChronoUnit.MILLIS)
                .setSocketTimeout(config.socketTimeout().toMillis(), ChronoUnit.MILLIS)
                .setMaxConnections(config.maxConnections())
                .setClientName("netra-analytics");
        builder.registerClientMetrics(registry, "clickhouse");
        this.client = builder.build();
    }

    /** Runs a statement that returns no rows (DDL, ALTER). */
    public Uni<Void> execute(String sql) {
        return call(() -> {
            try (CommandResponse ignored = client.execute(sql).get()) {
                return null;
            }
        });
    }

    /** Runs a query and returns its rows; the FORMAT is added here because 18.16 ignores format headers. */
    public Uni<List<JsonNode>> query(String sql) {
        return call(() -> {
            try (QueryResponse response = client.query(sql + "\nFORMAT JSONEachRow").get()) {
                return readRows(response.getInputStream());
            }
        });
    }

    /** Inserts rows given as JSONEachRow lines into a database-qualified table. */
    public Uni<Void> insertJsonEachRow(String qualifiedTable, byte[] rows) {
        return call(() -> {
            try (InsertResponse ignored = client.insert(qualifiedTable, new ByteArrayInputStream(rows),
                    ClickHouseFormat.JSONEachRow).get()) {
                return null;
            }
        });
    }

    private List<JsonNode> readRows(InputStream body) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        try (MappingIterator<JsonNode> lines = json.readerFor(JsonNode.class).readValues(body)) {
            while (lines.hasNextValue()) {
                rows.add(lines.nextValue());
            }
        }
        return rows;
    }

    private <T> Uni<T> call(BlockingCall<T> call) {
        Supplier<T> unchecked = () -> {
            try {
                return call.run();
            } catch (Exception e) {
                throw ClickHouseErrors.classify(e instanceof ExecutionException ? e.getCause() : e);
            }
        };
        // Emergency mode is enforced here, where every call passes, so nothing can reach a disabled ClickHouse.
        return Uni.createFrom().deferred(() -> mode.clickHouseEnabled()
                ? Uni.createFrom().item(unchecked).runSubscriptionOn(io)
                : Uni.createFrom().failure(new ClickHouseUnavailableException("ClickHouse is disabled by an operator (emergency mode)", null)))
                .onFailure(f -> !(f instanceof ClickHouseRejectedException || f instanceof ClickHouseUnavailableException))
                .transform(ClickHouseErrors::classify);
    }

    @PreDestroy
    void close() {
        io.shutdown();
        client.close();
    }

    private static ExecutorService boundedPool(int threads) {
        AtomicInteger counter = new AtomicInteger();
        // A small queue: when ClickHouse is slow the pool is full and the callers' timeouts decide, not a backlog.
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
        T run() throws Exception;
    }
}
