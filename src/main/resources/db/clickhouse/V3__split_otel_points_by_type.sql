-- OpenTelemetry points in a table per type, and what a series shares in a table of its own. V2 kept everything in
-- one row per point: the resource's and scope's attributes, the point's own and every type's columns. On 18.16 a
-- gauge point cost ClickHouse twice to three times an event to insert and merge (27.5-30 s of CPU per million against
-- 10-14); without what the series shares and the other types' columns, 6.2-8.7 s (docs/benchmarks.md, "Where the
-- time goes").
--
-- otel_series holds a series' identity: its metric's type, unit, description and metadata, temporality and
-- monotonicity, the resource and scope it came from, its own attributes (tag_keys, tag_values). series_id is derived
-- from the same (Identity.java), so a point finds its series by (user_id, metric_name, series_id). A series gets a row
-- for every hour it has points in (event_time: the hour's start): a query over a time range reads the series of
-- that range, and the retention, which drops by event_time, never takes the series of points it keeps.
-- Resent rows collapse (ReplacingMergeTree); queries join a series' rows DISTINCT, or ANY, one of several.
CREATE TABLE IF NOT EXISTS netra_analytics.otel_series
(
    series_id       UInt64,
    user_id         String,
    metric_name     LowCardinality(String),
    metric_type     Enum8('gauge' = 1, 'sum' = 2, 'histogram' = 3, 'exponential_histogram' = 4, 'summary' = 5),
    description     String,
    unit            LowCardinality(String),
    metadata_keys   Array(String),
    metadata_values Array(String),
    temporality     Int8,
    monotonic       UInt8,
    service_name    LowCardinality(String),
    resource_keys   Array(String),
    resource_values Array(String),
    scope_name      LowCardinality(String),
    scope_version   LowCardinality(String),
    scope_keys      Array(String),
    scope_values    Array(String),
    tag_keys        Array(String),
    tag_values      Array(String),
    event_time      DateTime,
    received_at_ms  UInt64
)
ENGINE = ReplacingMergeTree(received_at_ms)
PARTITION BY toYYYYMM(event_time)
ORDER BY (user_id, metric_name, event_time, series_id);

-- The point tables. point_id is derived from the series and the point's start and end time: a resent export
-- collapses into its first copy (read with FINAL). The sorting key puts one user's metric in time order (by hour),
-- so a time range is a narrow read. The service writes event_time (the second of time_unix_nano) itself: a view
-- cannot fill a MATERIALIZED column on every version (18.16 wants it given, current releases refuse it), and
-- event_time_ms is computed when read, a column less to write for every point.
CREATE TABLE IF NOT EXISTS netra_analytics.otel_gauge
(
    point_id             UUID,
    user_id              String,
    metric_name          LowCardinality(String),
    series_id            UInt64,
    start_time_unix_nano UInt64,
    time_unix_nano       UInt64,
    event_time           DateTime,
    event_time_ms        UInt64 ALIAS intDiv(time_unix_nano, 1000000),
    flags                UInt32,
    value                Float64,
    int_value            Int64,
    is_int               UInt8,
    received_at_ms       UInt64
)
ENGINE = ReplacingMergeTree(received_at_ms)
PARTITION BY toYYYYMM(event_time)
ORDER BY (user_id, metric_name, toStartOfHour(event_time), point_id);

CREATE TABLE IF NOT EXISTS netra_analytics.otel_sum
(
    point_id             UUID,
    user_id              String,
    metric_name          LowCardinality(String),
    series_id            UInt64,
    start_time_unix_nano UInt64,
    time_unix_nano       UInt64,
    event_time           DateTime,
    event_time_ms        UInt64 ALIAS intDiv(time_unix_nano, 1000000),
    flags                UInt32,
    temporality          Int8,
    value                Float64,
    int_value            Int64,
    is_int               UInt8,
    received_at_ms       UInt64
)
ENGINE = ReplacingMergeTree(received_at_ms)
PARTITION BY toYYYYMM(event_time)
ORDER BY (user_id, metric_name, toStartOfHour(event_time), point_id);

CREATE TABLE IF NOT EXISTS netra_analytics.otel_histogram
(
    point_id             UUID,
    user_id              String,
    metric_name          LowCardinality(String),
    series_id            UInt64,
    start_time_unix_nano UInt64,
    time_unix_nano       UInt64,
    event_time           DateTime,
    event_time_ms        UInt64 ALIAS intDiv(time_unix_nano, 1000000),
    flags                UInt32,
    temporality          Int8,
    count                UInt64,
    sum                  Nullable(Float64),
    min                  Nullable(Float64),
    max                  Nullable(Float64),
    bucket_counts        Array(UInt64),
    explicit_bounds      Array(Float64),
    received_at_ms       UInt64
)
ENGINE = ReplacingMergeTree(received_at_ms)
PARTITION BY toYYYYMM(event_time)
ORDER BY (user_id, metric_name, toStartOfHour(event_time), point_id);

CREATE TABLE IF NOT EXISTS netra_analytics.otel_exponential_histogram
(
    point_id               UUID,
    user_id                String,
    metric_name            LowCardinality(String),
    series_id              UInt64,
    start_time_unix_nano   UInt64,
    time_unix_nano         UInt64,
    event_time             DateTime,
    event_time_ms          UInt64 ALIAS intDiv(time_unix_nano, 1000000),
    flags                  UInt32,
    temporality            Int8,
    count                  UInt64,
    sum                    Nullable(Float64),
    min                    Nullable(Float64),
    max                    Nullable(Float64),
    scale                  Int32,
    zero_count             UInt64,
    zero_threshold         Float64,
    positive_offset        Int32,
    positive_bucket_counts Array(UInt64),
    negative_offset        Int32,
    negative_bucket_counts Array(UInt64),
    received_at_ms         UInt64
)
ENGINE = ReplacingMergeTree(received_at_ms)
PARTITION BY toYYYYMM(event_time)
ORDER BY (user_id, metric_name, toStartOfHour(event_time), point_id);

CREATE TABLE IF NOT EXISTS netra_analytics.otel_summary
(
    point_id             UUID,
    user_id              String,
    metric_name          LowCardinality(String),
    series_id            UInt64,
    start_time_unix_nano UInt64,
    time_unix_nano       UInt64,
    event_time           DateTime,
    event_time_ms        UInt64 ALIAS intDiv(time_unix_nano, 1000000),
    flags                UInt32,
    count                UInt64,
    sum                  Float64,
    quantiles            Array(Float64),
    quantile_values      Array(Float64),
    received_at_ms       UInt64
)
ENGINE = ReplacingMergeTree(received_at_ms)
PARTITION BY toYYYYMM(event_time)
ORDER BY (user_id, metric_name, toStartOfHour(event_time), point_id);

-- A point's exemplars, for the points that have any (most have none): parallel arrays of time, value, trace and span
-- id in hex, and attributes.
CREATE TABLE IF NOT EXISTS netra_analytics.otel_exemplars
(
    point_id             UUID,
    user_id              String,
    metric_name          LowCardinality(String),
    series_id            UInt64,
    time_unix_nano       UInt64,
    event_time           DateTime,
    exemplar_times       Array(UInt64),
    exemplar_values      Array(Float64),
    exemplar_trace_ids   Array(String),
    exemplar_span_ids    Array(String),
    exemplar_attr_keys   Array(Array(String)),
    exemplar_attr_values Array(Array(String)),
    received_at_ms       UInt64
)
ENGINE = ReplacingMergeTree(received_at_ms)
PARTITION BY toYYYYMM(event_time)
ORDER BY (user_id, metric_name, toStartOfHour(event_time), point_id);

-- otel_points stays for the rows releases before V3 queued during an outage: whatever is inserted into it (the
-- replayer's inserts of such rows, and the copy of V2's points docs/operations.md gives, "Upgrading"), the views
-- split into the tables above. The service writes nothing else to it and reads nothing from it.
CREATE MATERIALIZED VIEW IF NOT EXISTS netra_analytics.otel_points_to_series TO netra_analytics.otel_series AS
SELECT series_id, user_id, metric_name, metric_type, description, unit, metadata_keys, metadata_values, temporality, monotonic,
       service_name, resource_keys, resource_values, scope_name, scope_version, scope_keys, scope_values, tag_keys, tag_values,
       toDateTime(intDiv(time_unix_nano, 3600000000000) * 3600) AS event_time,
       received_at_ms
FROM netra_analytics.otel_points;

CREATE MATERIALIZED VIEW IF NOT EXISTS netra_analytics.otel_points_to_gauge TO netra_analytics.otel_gauge AS
SELECT point_id, user_id, metric_name, series_id, start_time_unix_nano, time_unix_nano, event_time, flags, value, int_value, is_int,
       received_at_ms
FROM netra_analytics.otel_points WHERE metric_type = 'gauge';

CREATE MATERIALIZED VIEW IF NOT EXISTS netra_analytics.otel_points_to_sum TO netra_analytics.otel_sum AS
SELECT point_id, user_id, metric_name, series_id, start_time_unix_nano, time_unix_nano, event_time, flags, temporality, value, int_value,
       is_int, received_at_ms
FROM netra_analytics.otel_points WHERE metric_type = 'sum';

CREATE MATERIALIZED VIEW IF NOT EXISTS netra_analytics.otel_points_to_histogram TO netra_analytics.otel_histogram AS
SELECT point_id, user_id, metric_name, series_id, start_time_unix_nano, time_unix_nano, event_time, flags, temporality, count, sum, min,
       max, bucket_counts, explicit_bounds, received_at_ms
FROM netra_analytics.otel_points WHERE metric_type = 'histogram';

CREATE MATERIALIZED VIEW IF NOT EXISTS netra_analytics.otel_points_to_exponential_histogram TO netra_analytics.otel_exponential_histogram AS
SELECT point_id, user_id, metric_name, series_id, start_time_unix_nano, time_unix_nano, event_time, flags, temporality, count, sum, min,
       max, scale, zero_count, zero_threshold, positive_offset, positive_bucket_counts, negative_offset, negative_bucket_counts,
       received_at_ms
FROM netra_analytics.otel_points WHERE metric_type = 'exponential_histogram';

CREATE MATERIALIZED VIEW IF NOT EXISTS netra_analytics.otel_points_to_summary TO netra_analytics.otel_summary AS
SELECT point_id, user_id, metric_name, series_id, start_time_unix_nano, time_unix_nano, event_time, flags, count, ifNull(sum, 0) AS sum,
       quantiles, quantile_values, received_at_ms
FROM netra_analytics.otel_points WHERE metric_type = 'summary';

CREATE MATERIALIZED VIEW IF NOT EXISTS netra_analytics.otel_points_to_exemplars TO netra_analytics.otel_exemplars AS
SELECT point_id, user_id, metric_name, series_id, time_unix_nano, event_time, exemplar_times, exemplar_values, exemplar_trace_ids,
       exemplar_span_ids, exemplar_attr_keys, exemplar_attr_values, received_at_ms
FROM netra_analytics.otel_points WHERE notEmpty(exemplar_times)
