-- Run before any migration, on every start; idempotent. The ledger records each applied migration. Two replicas
-- migrating at once may both record a version: ReplacingMergeTree keyed by version keeps one row, read with FINAL.
CREATE DATABASE IF NOT EXISTS netra_analytics;

CREATE TABLE IF NOT EXISTS netra_analytics.schema_migrations
(
    version     UInt32,
    description String,
    checksum    String,
    applied_at  DateTime,
    applied_by  String
)
ENGINE = ReplacingMergeTree(applied_at)
ORDER BY version
