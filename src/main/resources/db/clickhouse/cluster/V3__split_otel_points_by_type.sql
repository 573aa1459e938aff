-- The cluster form of ../V3__split_otel_points_by_type.sql (same tables, columns, sorting keys and views), read
-- that file for why. Each node holds a replica of its shard's rows in the _local tables; the Distributed tables
-- under the single-node names send every row of a user to one shard (cityHash64(user_id), as V1 and V2 do), so a
-- series and its points, and a resent point and its first copy, always meet (queries join them on the user's shard:
-- distributed_product_mode = 'local'). The views watch each node's otel_points_local, which the Distributed
-- otel_points fills, and write to that node's _local tables.

CREATE TABLE IF NOT EXISTS netra_analytics.otel_series_local ON CLUSTER ${cluster}
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/netra_analytics/otel_series_local', '{replica}', received_at_ms)
PARTITION BY toYYYYMM(event_time)
ORDER BY (user_id, metric_name, event_time, series_id);

CREATE TABLE IF NOT EXISTS netra_analytics.otel_series ON CLUSTER ${cluster}
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
ENGINE = Distributed(${cluster}, netra_analytics, otel_series_local, cityHash64(user_id));

CREATE TABLE IF NOT EXISTS netra_analytics.otel_gauge_local ON CLUSTER ${cluster}
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/netra_analytics/otel_gauge_local', '{replica}', received_at_ms)
PARTITION BY toYYYYMM(event_time)
ORDER BY (user_id, metric_name, toStartOfHour(event_time), point_id);

CREATE TABLE IF NOT EXISTS netra_analytics.otel_gauge ON CLUSTER ${cluster}
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
ENGINE = Distributed(${cluster}, netra_analytics, otel_gauge_local, cityHash64(user_id));

CREATE TABLE IF NOT EXISTS netra_analytics.otel_sum_local ON CLUSTER ${cluster}
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/netra_analytics/otel_sum_local', '{replica}', received_at_ms)
PARTITION BY toYYYYMM(event_time)
ORDER BY (user_id, metric_name, toStartOfHour(event_time), point_id);

CREATE TABLE IF NOT EXISTS netra_analytics.otel_sum ON CLUSTER ${cluster}
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
ENGINE = Distributed(${cluster}, netra_analytics, otel_sum_local, cityHash64(user_id));

CREATE TABLE IF NOT EXISTS netra_analytics.otel_histogram_local ON CLUSTER ${cluster}
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/netra_analytics/otel_histogram_local', '{replica}', received_at_ms)
PARTITION BY toYYYYMM(event_time)
ORDER BY (user_id, metric_name, toStartOfHour(event_time), point_id);

CREATE TABLE IF NOT EXISTS netra_analytics.otel_histogram ON CLUSTER ${cluster}
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
ENGINE = Distributed(${cluster}, netra_analytics, otel_histogram_local, cityHash64(user_id));

CREATE TABLE IF NOT EXISTS netra_analytics.otel_exponential_histogram_local ON CLUSTER ${cluster}
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/netra_analytics/otel_exponential_histogram_local', '{replica}', received_at_ms)
PARTITION BY toYYYYMM(event_time)
ORDER BY (user_id, metric_name, toStartOfHour(event_time), point_id);

CREATE TABLE IF NOT EXISTS netra_analytics.otel_exponential_histogram ON CLUSTER ${cluster}
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
ENGINE = Distributed(${cluster}, netra_analytics, otel_exponential_histogram_local, cityHash64(user_id));

CREATE TABLE IF NOT EXISTS netra_analytics.otel_summary_local ON CLUSTER ${cluster}
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/netra_analytics/otel_summary_local', '{replica}', received_at_ms)
PARTITION BY toYYYYMM(event_time)
ORDER BY (user_id, metric_name, toStartOfHour(event_time), point_id);

CREATE TABLE IF NOT EXISTS netra_analytics.otel_summary ON CLUSTER ${cluster}
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
ENGINE = Distributed(${cluster}, netra_analytics, otel_summary_local, cityHash64(user_id));

CREATE TABLE IF NOT EXISTS netra_analytics.otel_exemplars_local ON CLUSTER ${cluster}
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/netra_analytics/otel_exemplars_local', '{replica}', received_at_ms)
PARTITION BY toYYYYMM(event_time)
ORDER BY (user_id, metric_name, toStartOfHour(event_time), point_id);

CREATE TABLE IF NOT EXISTS netra_analytics.otel_exemplars ON CLUSTER ${cluster}
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
ENGINE = Distributed(${cluster}, netra_analytics, otel_exemplars_local, cityHash64(user_id));

CREATE MATERIALIZED VIEW IF NOT EXISTS netra_analytics.otel_points_to_series ON CLUSTER ${cluster} TO netra_analytics.otel_series_local AS
SELECT series_id, user_id, metric_name, metric_type, description, unit, metadata_keys, metadata_values, temporality, monotonic,
       service_name, resource_keys, resource_values, scope_name, scope_version, scope_keys, scope_values, tag_keys, tag_values,
       toDateTime(intDiv(time_unix_nano, 3600000000000) * 3600) AS event_time,
       received_at_ms
FROM netra_analytics.otel_points_local;

CREATE MATERIALIZED VIEW IF NOT EXISTS netra_analytics.otel_points_to_gauge ON CLUSTER ${cluster} TO netra_analytics.otel_gauge_local AS
SELECT point_id, user_id, metric_name, series_id, start_time_unix_nano, time_unix_nano, event_time, flags, value, int_value, is_int,
       received_at_ms
FROM netra_analytics.otel_points_local WHERE metric_type = 'gauge';

CREATE MATERIALIZED VIEW IF NOT EXISTS netra_analytics.otel_points_to_sum ON CLUSTER ${cluster} TO netra_analytics.otel_sum_local AS
SELECT point_id, user_id, metric_name, series_id, start_time_unix_nano, time_unix_nano, event_time, flags, temporality, value, int_value,
       is_int, received_at_ms
FROM netra_analytics.otel_points_local WHERE metric_type = 'sum';

CREATE MATERIALIZED VIEW IF NOT EXISTS netra_analytics.otel_points_to_histogram ON CLUSTER ${cluster} TO netra_analytics.otel_histogram_local AS
SELECT point_id, user_id, metric_name, series_id, start_time_unix_nano, time_unix_nano, event_time, flags, temporality, count, sum, min,
       max, bucket_counts, explicit_bounds, received_at_ms
FROM netra_analytics.otel_points_local WHERE metric_type = 'histogram';

CREATE MATERIALIZED VIEW IF NOT EXISTS netra_analytics.otel_points_to_exponential_histogram ON CLUSTER ${cluster} TO netra_analytics.otel_exponential_histogram_local AS
SELECT point_id, user_id, metric_name, series_id, start_time_unix_nano, time_unix_nano, event_time, flags, temporality, count, sum, min,
       max, scale, zero_count, zero_threshold, positive_offset, positive_bucket_counts, negative_offset, negative_bucket_counts,
       received_at_ms
FROM netra_analytics.otel_points_local WHERE metric_type = 'exponential_histogram';

CREATE MATERIALIZED VIEW IF NOT EXISTS netra_analytics.otel_points_to_summary ON CLUSTER ${cluster} TO netra_analytics.otel_summary_local AS
SELECT point_id, user_id, metric_name, series_id, start_time_unix_nano, time_unix_nano, event_time, flags, count, ifNull(sum, 0) AS sum,
       quantiles, quantile_values, received_at_ms
FROM netra_analytics.otel_points_local WHERE metric_type = 'summary';

CREATE MATERIALIZED VIEW IF NOT EXISTS netra_analytics.otel_points_to_exemplars ON CLUSTER ${cluster} TO netra_analytics.otel_exemplars_local AS
SELECT point_id, user_id, metric_name, series_id, time_unix_nano, event_time, exemplar_times, exemplar_values, exemplar_trace_ids,
       exemplar_span_ids, exemplar_attr_keys, exemplar_attr_values, received_at_ms
FROM netra_analytics.otel_points_local WHERE notEmpty(exemplar_times)
