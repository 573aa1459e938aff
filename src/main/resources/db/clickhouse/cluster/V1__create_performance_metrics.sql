-- The cluster form of ../V1__create_performance_metrics.sql (same columns, same sorting key, same version).
-- Each node holds a replica of its shard's events; the {shard} and {replica} macros come from the node's config.
-- ReplacingMergeTree still collapses re-deliveries, within a shard: the Distributed table below sends every
-- event of a user to one shard, so a resent event always lands where the first copy is.
CREATE TABLE IF NOT EXISTS netra_analytics.performance_metrics_local ON CLUSTER ${cluster}
(
    event_id       UUID,
    user_id        String,
    metric_name    LowCardinality(String),
    value          Float64,
    unit           LowCardinality(String),
    event_time_ms  UInt64,
    event_time     DateTime MATERIALIZED toDateTime(intDiv(event_time_ms, 1000)),
    tag_keys       Array(String),
    tag_values     Array(String),
    received_at_ms UInt64
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/netra_analytics/performance_metrics_local', '{replica}', received_at_ms)
PARTITION BY toYYYYMM(event_time)
ORDER BY (user_id, metric_name, event_id);

-- What the service writes to and reads from, under the single-node table's name. event_time is an ALIAS here:
-- a Distributed table computes MATERIALIZED columns itself and then cannot send them to the shards (18.16: Code 44).
CREATE TABLE IF NOT EXISTS netra_analytics.performance_metrics ON CLUSTER ${cluster}
(
    event_id       UUID,
    user_id        String,
    metric_name    LowCardinality(String),
    value          Float64,
    unit           LowCardinality(String),
    event_time_ms  UInt64,
    event_time     DateTime ALIAS toDateTime(intDiv(event_time_ms, 1000)),
    tag_keys       Array(String),
    tag_values     Array(String),
    received_at_ms UInt64
)
ENGINE = Distributed(${cluster}, netra_analytics, performance_metrics_local, cityHash64(user_id))
