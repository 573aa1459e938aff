package io.netra.analytics.config;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every setting of the service, with its default. {@code application.properties} holds only what differs per
 * profile or environment; the README's configuration table is checked against this interface.
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

    interface ClickHouse {
        /** HTTP endpoint, e.g. http://clickhouse:8123. */
        @WithDefault("http://127.0.0.1:8123")
        String url();

        @WithDefault("default")
        String username();

        Optional<String> password();

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
        /** Days to keep events; applied as a table TTL on servers that support TTL (19.6+). Unset: keep forever. */
        OptionalInt retentionDays();

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
    }

    interface Replay {
        /** How often the replayer looks at the outage queue (also a Quarkus scheduler expression). */
        @WithDefault("1s")
        String interval();

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

        /** How often a replica reads the shared mode (also a scheduler expression). */
        @WithDefault("2s")
        String refresh();
    }

    interface Identity {
        /** The token claim that names the user; never upn or preferred_username, which an issuer may let users pick. */
        @WithDefault("sub")
        String userClaim();

        /** How long a verified token is reused for the same token string (never past its expiry); 0s verifies every request. */
        @WithDefault("60s")
        Duration tokenCacheTtl();
    }
}
