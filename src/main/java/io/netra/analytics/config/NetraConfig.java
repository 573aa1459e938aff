package io.netra.analytics.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every setting of the service, with its default. {@code application.properties} holds only what differs per
 * profile or environment; the configuration table (docs/configuration.md) is checked against this interface.
 */
@ConfigMapping(prefix = "netra")
public interface NetraConfig {

    ClickHouse clickhouse();

    Schema schema();

    Ingest ingest();

    OutageQueue outageQueue();

    Replay replay();

    Query query();

    Cache cache();

    Mode mode();

    Identity identity();

    Tenants tenants();

    Health health();

    Otlp otlp();

    Admin admin();

    interface ClickHouse {
        /** HTTP endpoint, e.g. http://clickhouse:8123. */
        @WithDefault("http://127.0.0.1:8123")
        String url();

        @WithDefault("default")
        String username();

        Optional<String> password();

        /**
         * The Quarkus TLS configuration ({@code quarkus.tls.<name>.*}: PEM trust, a client certificate for mutual
         * TLS) for an {@code https://} URL; set with an {@code http://} URL, the service does not start. Unset: the
         * JVM's trust store. Certificates and host names are checked unless that configuration sets
         * {@code hostname-verification-algorithm=NONE} or {@code trust-all}, which is warned of at every start.
         */
        Optional<String> tlsConfigurationName();

        /** TCP connect timeout. */
        @WithDefault("2s")
        Duration connectTimeout();

        /** Longest wait for a pooled connection before a call fails fast. */
        @WithDefault("2s")
        Duration connectionRequestTimeout();

        /** Connections in the pool; also the number of threads that run ClickHouse calls. */
        @WithDefault("16")
        int maxConnections();

        /** Deadline of one insert attempt (ingest and replay); the request is abandoned when it passes. */
        @WithDefault("3s")
        Duration insertTimeout();

        /** Deadline of one analytics query attempt. */
        @WithDefault("5s")
        Duration queryTimeout();

        /** Deadline of one schema statement (DDL can wait on merges or, on a cluster, on every node). */
        @WithDefault("30s")
        Duration ddlTimeout();

        /**
         * The cluster (a {@code remote_servers} entry of the ClickHouse configuration) to run on: migrations run
         * {@code ON CLUSTER}, events go to replicated tables behind a Distributed table. Unset: a single node.
         */
        Optional<String> cluster();

        /**
         * How long an {@code ON CLUSTER} statement waits for every node; nodes that are down run it from the
         * distributed DDL queue when they return, so the migration goes on. Keep it below {@link #ddlTimeout()}.
         */
        @WithDefault("10s")
        Duration clusterDdlWait();
    }

    interface Schema {
        /**
         * Days to keep events: a table TTL where the server has TTL (19.6+); elsewhere the monthly partitions that hold
         * only older events are dropped every {@link #retentionCheck()}. Unset: keep forever.
         */
        OptionalInt retentionDays();

        /** How often partitions past the retention are looked for, where the server has no TTL. */
        @WithDefault("1h")
        Duration retentionCheck();

        /** First wait before retrying a failed migration; doubles up to {@link #retryMaxBackoff()}. */
        @WithDefault("1s")
        Duration retryInitialBackoff();

        @WithDefault("30s")
        Duration retryMaxBackoff();

        /** Least time between two re-migrations triggered by ClickHouse reporting the schema missing. */
        @WithDefault("10s")
        Duration remigrateMinInterval();
    }

    interface Ingest {
        /** More events in one request: 413. */
        @WithDefault("1000")
        int maxEventsPerRequest();

        /** Largest JSON API body, once decompressed: 413 beyond it, before it is read when its length is declared. */
        @WithDefault("1048576")
        long maxBodySize();

        /** Events further in the future than this are rejected (clock skew allowance). */
        @WithDefault("5m")
        Duration maxFutureSkew();

        /** Events older than this are rejected. */
        @WithDefault("30d")
        Duration maxAge();

        @WithDefault("32")
        int maxTags();

        @WithDefault("256")
        int maxTagValueLength();

        /** Most events one insert carries; requests that wait for a write in flight are combined up to this. */
        @WithDefault("10000")
        int batchSize();

        /**
         * Inserts in flight at once; beyond them, requests wait and go together in the next insert... Every insert
         * costs ClickHouse a part to write and merge: with one in flight, inserts grow and the benchmark's ingest ran
         * faster for less ClickHouse CPU per event than with two.
         */
        @WithDefault("1")
        int concurrentInserts();

        /** ...but never longer than this: a slow ClickHouse must not hold requests back from the breaker and the queue. */
        @WithDefault("100ms")
        Duration maxWait();

        /** Events waiting to be stored beyond this: 503, so memory stays bounded when both stores are slow. */
        @WithDefault("50000")
        int maxBufferedEvents();

        /** The same bound in bytes of encoded rows. */
        @WithDefault("67108864")
        long maxBufferedBytes();

        /** Retry-After sent with a 503 when events could not be stored anywhere. */
        @WithDefault("10s")
        Duration retryAfter();

        /**
         * Every ingest request is answered within this from its arrival, whatever ClickHouse does (hung, slow,
         * flapping): the insert must be over by then, or the events go to the outage queue and are acknowledged
         * {@code queued}. Plus the time of the queue write.
         */
        @WithDefault("1s")
        Duration latencyBudget();

        /**
         * Once ClickHouse failed or outlived a budget, ingest goes to the outage queue until ClickHouse has answered
         * for this long again, so a flapping ClickHouse does not cost a latency budget at every stop.
         */
        @WithDefault("5s")
        Duration recoveryHold();
    }

    interface OutageQueue {
        /** Redis stream holding events that ClickHouse could not take. */
        @WithDefault("netra:outage-queue")
        String streamKey();

        /** Events the queue may hold; beyond it ingestion answers 503 rather than dropping anything. */
        @WithDefault("1000000")
        long maxEvents();

        /** Bytes of queued rows the queue may hold (Redis memory); beyond it ingestion answers 503. */
        @WithDefault("536870912")
        long maxBytes();

        @WithDefault("netra:dead-letters")
        String deadLetterKey();

        /** Consumer group shared by every replica's replayer. */
        @WithDefault("replayers")
        String consumerGroup();

        /**
         * Redis replicas that must hold a queued batch before it is acknowledged (Redis WAIT). 0 trusts the master
         * alone: a failover may lose what it had not yet replicated. With Sentinel, 1 keeps every 202 on two nodes.
         */
        @WithDefault("0")
        int replicasToAcknowledge();

        /** How long to wait for those replicas; past it the request gets 503 (the batch may still replay: ids dedup). */
        @WithDefault("1s")
        Duration replicaAckTimeout();

        /** How long the startup check of Redis's eviction policy waits for Redis (a Redis down then is checked later). */
        @WithDefault("5s")
        Duration policyCheckTimeout();
    }

    interface Replay {
        /** How often the replayer looks at the outage queue; the scheduler reads this setting. */
        @WithDefault("1s")
        Duration interval();

        /** Events per insert right after ClickHouse comes back; doubled after each success up to {@link #maxBatch()}. */
        @WithDefault("100")
        int minBatch();

        @WithDefault("20000")
        int maxBatch();

        /** Entries a replica took but has not acknowledged for this long are taken over by another replica. */
        @WithDefault("60s")
        Duration claimIdle();
    }

    interface Query {
        /** Widest from..to a query may ask for. */
        @WithDefault("31d")
        Duration maxRange();

        /** Most buckets a summary may return (range / interval). */
        @WithDefault("1500")
        int maxBuckets();

        /** Range used when from/to are absent. */
        @WithDefault("24h")
        Duration defaultRange();

        @WithDefault("100")
        int defaultEventLimit();

        @WithDefault("1000")
        int maxEventLimit();

        /** Most metric names one answer lists. */
        @WithDefault("1000")
        int maxNames();

        /** Tag keys a names answer lists per metric, and the most frequent values it lists per key. */
        @WithDefault("50")
        int namesTagKeys();

        @WithDefault("20")
        int namesTagValues();

        /** Groups a grouped summary answers when its {@code limit} is not given, and the most it may ask for. */
        @WithDefault("10")
        int defaultGroupLimit();

        @WithDefault("100")
        int maxGroupLimit();

        /** Most tag conditions one question may carry. */
        @WithDefault("20")
        int maxTagFilters();

        /** Most exponential-histogram points one summary merges (they are merged in the service): more, 422. */
        @WithDefault("100000")
        int maxHistogramPoints();

        /** Past this, a query with a cached answer gets it (stale) while ClickHouse finishes in the background. */
        @WithDefault("1s")
        Duration latencyBudget();

        /** Retry-After sent with a 503 when neither ClickHouse nor a cached answer is available. */
        @WithDefault("30s")
        Duration retryAfter();
    }

    interface Cache {
        /** An answer younger than this is served without asking ClickHouse. */
        @WithDefault("10s")
        Duration freshTtl();

        /** How long an answer is kept for the fallback when ClickHouse fails. */
        @WithDefault("6h")
        Duration staleTtl();

        @WithDefault("netra:cache:")
        String keyPrefix();

        /** Bytes of answers each replica keeps in memory in front of Redis, each for at most the fresh TTL after it was written or read. */
        @WithDefault("33554432")
        long nearMaxBytes();
    }

    interface Mode {
        /** The mode a replica starts in, and keeps while no admin has set a shared mode: normal or clickhouse-disabled. */
        @WithDefault("normal")
        String startup();

        /** Redis key holding the mode an admin set, shared by every replica. */
        @WithDefault("netra:mode")
        String redisKey();

        /** How often a replica reads the shared mode; the scheduler reads this setting. */
        @WithDefault("2s")
        Duration refresh();
    }

    interface Identity {
        /** The token claim that names the user; never upn or preferred_username, which an issuer may let users pick. */
        @WithDefault("sub")
        String userClaim();

        /** How long a verified token is reused for the same token string (never past its expiry); 0s verifies every request. */
        @WithDefault("60s")
        Duration tokenCacheTtl();
    }

    interface Otlp {
        /** The resource attribute with which a metrics-writer token names the user its points belong to. */
        @WithDefault("enduser.id")
        String userAttribute();

        /**
         * Largest OTLP/HTTP body once decompressed, and largest OTLP/gRPC message; the JSON API keeps its own
         * {@code netra.ingest.max-body-size}. {@code quarkus.http.limits.max-body-size} must be at least this.
         */
        @WithDefault("16777216")
        long maxBodySize();

        /** Most attributes a point, a scope or a resource may carry; more: the points are rejected (partial success). */
        @WithDefault("128")
        int maxAttributes();

        /** Longest attribute value stored; longer: the points are rejected, never cut. */
        @WithDefault("4096")
        int maxAttributeValueLength();

        /**
         * Retry-After (HTTP) and RetryInfo (gRPC) when points could not be made durable: short, since OTel exporters
         * drop an export whose wait outlasts their timeout (10 s by default).
         */
        @WithDefault("2s")
        Duration retryAfter();

        /**
         * Series-hours this replica remembers having stored, for two hours (a series gets one row in otel_series for
         * every hour it has points in): a series it does not remember costs a row more. About 100 bytes each; above
         * twice the number of series reporting to a replica (each holds this hour's entry and the last), or many
         * points bring their series' row.
         */
        @WithDefault("100000")
        int seriesMemory();
    }

    interface Health {
        /** Deadline of each call the readiness and schema checks make to ClickHouse and Redis. */
        @WithDefault("2s")
        Duration probeTimeout();

        /** Retry-After of the 503s an instance answers while it shuts down: another replica can take the request at once. */
        @WithDefault("1s")
        Duration drainingRetryAfter();
    }

    interface Admin {
        /** Retry-After of the admin API's 503s, when Redis cannot store or read what an operator asked for. */
        @WithDefault("5s")
        Duration retryAfter();
    }

    /**
     * What one tenant (the user a token names) may take of the service, so that one cannot crowd out the others.
     * Every tenant gets these; {@link #user()} overrides them for named tenants.
     */
    interface Tenants {
        /** Events per second a tenant may send to the whole service; each replica takes its share (see {@link #replicasKey()}). */
        @WithDefault("50000")
        double ingestRate();

        /** Events a tenant may send at once above its rate, after a quiet while. */
        @WithDefault("100000")
        long ingestBurst();

        /** The part of the outage queue (of its events and of its bytes) one tenant may hold; 1 lets one tenant fill it. */
        @WithDefault("0.25")
        double queueShare();

        /** Overrides for named tenants: {@code netra.tenants.user."alice".ingest-rate=1000}. */
        Map<String, TenantOverride> user();

        /** Redis sorted set in which replicas announce themselves, so each takes its share of every tenant's rate. */
        @WithDefault("netra:replicas")
        String replicasKey();

        /** How often a replica announces itself; one not heard from for three times this is gone. */
        @WithDefault("2s")
        Duration replicaHeartbeat();

        /** A tenant's own limits; what is unset is the default. */
        interface TenantOverride {
            OptionalDouble ingestRate();

            OptionalLong ingestBurst();

            OptionalDouble queueShare();
        }
    }
}
