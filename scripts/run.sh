#!/usr/bin/env bash
# Runs netra-analytics on :8080 with its own ClickHouse and Redis (installed when missing; data kept in .run/).
# Ctrl-C stops the service and both servers.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/servers.sh install
data=${NETRA_DATA_DIR:-$PWD/.run}
ch_http=${CLICKHOUSE_HTTP_PORT:-18123}
ch_tcp=${CLICKHOUSE_TCP_PORT:-19000}
redis_port=${REDIS_PORT:-16379}

pids=()
cleanup() { [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
pids+=("$(scripts/servers.sh clickhouse "$data/clickhouse" "$ch_http" "$ch_tcp" netra-dev)")
pids+=("$(scripts/servers.sh redis "$data/redis" "$redis_port")")

cat <<INFO

  ClickHouse http://127.0.0.1:$ch_http (user netra), Redis 127.0.0.1:$redis_port, data in $data
  netra-analytics is starting on http://localhost:8080 (dev mode). Try:

    TOKEN=\$(scripts/dev-token.sh alice user)
    curl -i -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
         -d '{"metric":"http.latency","value":12.5,"unit":"ms"}' http://localhost:8080/api/v1/metrics
    curl -s -H "Authorization: Bearer \$TOKEN" 'http://localhost:8080/api/v1/metrics/names'
    curl -s http://localhost:8080/q/health/ready

INFO
CLICKHOUSE_HTTP_PORT=$ch_http REDIS_PORT=$redis_port ./mvnw -B quarkus:dev -Dquarkus.http.port=8080 \
  -Dquarkus.console.enabled=false -Ddebug=false
