-- One row per OpenTelemetry data point, of every type: gauge and sum (value, int_value), histogram (count, sum, min,
-- max, bucket_counts by explicit_bounds), exponential histogram (scale, zero bucket, positive and negative buckets),
-- summary (quantiles). A metric has one type, so a query by metric reads only its type's columns; the others hold
-- their defaults, which cost next to nothing in a column store.
-- point_id is derived from what identifies the point (user, metric, type, unit, temporality, resource, scope and
-- point attributes, start and end time) and series_id from the same without the times: a resent export collapses
-- into its first copy (ReplacingMergeTree, read with FINAL), and a counter's points line up by series.
-- Attribute values are stored as text: strings as sent, other kinds in their OTLP JSON form.
-- The sorting key puts one user's metric in time order (by hour), so a time range is a narrow read.
CREATE TABLE IF NOT EXISTS netra_analytics.otel_points
(
    point_id               UUID,
    user_id                String,
    metric_name            LowCardinality(String),
    metric_type            Enum8('gauge' = 1, 'sum' = 2, 'histogram' = 3, 'exponential_histogram' = 4, 'summary' = 5),
    description            String,
    unit                   LowCardinality(String),
    metadata_keys          Array(String),
    metadata_values        Array(String),
    series_id              UInt64,
    service_name           LowCardinality(String),
    resource_keys          Array(String),
    resource_values        Array(String),
    scope_name             LowCardinality(String),
    scope_version          LowCardinality(String),
    scope_keys             Array(String),
    scope_values           Array(String),
    tag_keys               Array(String),
    tag_values             Array(String),
    start_time_unix_nano   UInt64,
    time_unix_nano         UInt64,
    event_time_ms          UInt64 MATERIALIZED intDiv(time_unix_nano, 1000000),
    event_time             DateTime MATERIALIZED toDateTime(intDiv(time_unix_nano, 1000000000)),
    temporality            Int8,
    monotonic              UInt8,
    flags                  UInt32,
    value                  Float64,
    int_value              Int64,
    is_int                 UInt8,
    count                  UInt64,
    sum                    Nullable(Float64),
    min                    Nullable(Float64),
    max                    Nullable(Float64),
    bucket_counts          Array(UInt64),
    explicit_bounds        Array(Float64),
    scale                  Int32,
    zero_count             UInt64,
    zero_threshold         Float64,
    positive_offset        Int32,
    positive_bucket_counts Array(UInt64),
    negative_offset        Int32,
    negative_bucket_counts Array(UInt64),
    quantiles              Array(Float64),
    quantile_values        Array(Float64),
    exemplar_times         Array(UInt64),
    exemplar_values        Array(Float64),
    exemplar_trace_ids     Array(String),
    exemplar_span_ids      Array(String),
    exemplar_attr_keys     Array(Array(String)),
    exemplar_attr_values   Array(Array(String)),
    received_at_ms         UInt64
)
ENGINE = ReplacingMergeTree(received_at_ms)
PARTITION BY toYYYYMM(event_time)
ORDER BY (user_id, metric_name, toStartOfHour(event_time), point_id)
