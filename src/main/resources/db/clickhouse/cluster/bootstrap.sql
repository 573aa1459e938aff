-- The cluster form of ../bootstrap.sql: run on every node through the distributed DDL queue. The ledger is one
-- replicated table across all nodes (its ZooKeeper path has no {shard}), so any node the service reaches knows
-- which migrations the cluster has.
CREATE DATABASE IF NOT EXISTS netra_analytics ON CLUSTER ${cluster};

CREATE TABLE IF NOT EXISTS netra_analytics.schema_migrations ON CLUSTER ${cluster}
(
    version     UInt32,
    description String,
    checksum    String,
    applied_at  DateTime,
    applied_by  String
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/netra_analytics/schema_migrations', '{replica}', applied_at)
ORDER BY version
