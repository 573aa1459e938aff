-- One row per performance event. Written to run unchanged on ClickHouse 18.16 and current releases:
-- no DateTime64 (event_time_ms carries the millisecond instant), no Map (tags are two parallel arrays), no TTL
-- here (retention is applied separately where the server supports it).
-- ReplacingMergeTree collapses re-deliveries of one event: the sorting key ends in event_id and holds no
-- timestamp, so a resend of the same id for the same user and metric collapses even if its time differs;
-- queries read with FINAL to count such an event once before background merges have run.
CREATE TABLE IF NOT EXISTS netra_analytics.performance_metrics
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
ENGINE = ReplacingMergeTree(received_at_ms)
PARTITION BY toYYYYMM(event_time)
ORDER BY (user_id, metric_name, event_id)
