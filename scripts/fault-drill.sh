#!/usr/bin/env bash
# Fault drill: the packaged service in the prod profile under load from wrk, while its dependencies are wiped,
# killed, hung, misconfigured; then counts by event id what was stored. Prints a table and exits non-zero when an
# acknowledged event is missing or counted twice.
#
#   scripts/fault-drill.sh [jar|native]      (default jar; build first: ./mvnw package, or -Dnative)
#
# Phases, each with its own user and wrk run (4 connections, 50 events per request):
#   wiped     ClickHouse stopped, its data deleted, started empty while clients send
#   killed    ClickHouse killed (SIGKILL) mid-load, restarted
#   hung      ClickHouse frozen (SIGSTOP) mid-load, resumed
#   rotated   ClickHouse's password for the service changed mid-load, then restored
#   redis     Redis killed (SIGKILL) mid-load, restarted
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-jar}
phase_seconds=${DRILL_PHASE_SECONDS:-20}
work=$(mktemp -d /tmp/netra-drill-XXXXXX)
ch_http=${DRILL_CLICKHOUSE_PORT:-28123}; ch_tcp=$((ch_http + 1)); redis_port=${DRILL_REDIS_PORT:-26379}; port=${DRILL_PORT:-28080}
password=drill-$RANDOM$RANDOM
issuer=https://issuer.drill.invalid
pids=()
say() { printf '%s  %s\n' "$(date +%T)" "$*"; }
cleanup() { [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true; }
stop() { kill "$1"; while kill -0 "$1" 2>/dev/null; do sleep 0.1; done; }   # the servers are not this shell's children
trap cleanup EXIT

scripts/servers.sh install
command -v wrk >/dev/null || { [ "$(id -u)" -eq 0 ] && apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
case $kind in
  jar) app=(java -jar target/quarkus-app/quarkus-run.jar); [ -f target/quarkus-app/quarkus-run.jar ] || { echo "build first: ./mvnw package" >&2; exit 2; } ;;
  native) app=("$(ls target/*-runner)") ;;
  *) echo "usage: scripts/fault-drill.sh [jar|native]" >&2; exit 2 ;;
esac

openssl genrsa -out "$work/issuer.pem" 2048 2>/dev/null
openssl rsa -in "$work/issuer.pem" -pubout -out "$work/issuer.pub" 2>/dev/null
token() { TOKEN_KEY=$work/issuer.pem TOKEN_ISSUER=$issuer TOKEN_AUDIENCE=netra-analytics scripts/dev-token.sh "$@"; }
sql() { curl -sS --data-binary "$1" "http://127.0.0.1:$ch_http/?user=default"; }

start_clickhouse() { ch_pid=$(scripts/servers.sh clickhouse "$work/clickhouse" $ch_http $ch_tcp "$password"); pids+=("$ch_pid"); }
start_redis() { redis_pid=$(scripts/servers.sh redis "$work/redis" $redis_port); pids+=("$redis_pid"); }
start_clickhouse
start_redis

say "starting the service ($kind, prod profile) on :$port"
NETRA_CLICKHOUSE_URL=http://127.0.0.1:$ch_http NETRA_CLICKHOUSE_USERNAME=netra NETRA_CLICKHOUSE_PASSWORD=$password \
QUARKUS_REDIS_HOSTS=redis://127.0.0.1:$redis_port QUARKUS_HTTP_PORT=$port \
MP_JWT_VERIFY_PUBLICKEY_LOCATION=$work/issuer.pub MP_JWT_VERIFY_ISSUER=$issuer MP_JWT_VERIFY_AUDIENCES=netra-analytics \
  "${app[@]}" > "$work/service.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null && break; sleep 0.2; done
admin=$(token drill-operator admin)

# load USER: wrk in the background for the phase; acknowledged ids go to $work/USER.acked.*
load() {
  TOKEN=$(token "$1") ACKED_FILE=$work/$1.acked METRIC=drill wrk -t2 -c4 -d${phase_seconds}s -s scripts/load/ingest.lua \
    "http://127.0.0.1:$port" > "$work/$1.wrk" 2>&1 &
  wrk_pid=$!
}
at() { sleep "$1"; }

say "phase wiped: ClickHouse stopped and its data deleted; clients send; it comes back empty"
stop "$ch_pid"
rm -rf "$work/clickhouse/data"
load wiped; at 5; start_clickhouse; say "  ClickHouse started empty"; wait $wrk_pid

say "phase killed: ClickHouse killed mid-load, restarted"
load killed; at 5; kill -9 "$ch_pid"; say "  ClickHouse killed"; at 5; start_clickhouse; say "  ClickHouse restarted"; wait $wrk_pid

say "phase hung: ClickHouse frozen mid-load, resumed"
load hung; at 5; kill -STOP "$ch_pid"; say "  ClickHouse frozen (SIGSTOP)"; at 8; kill -CONT "$ch_pid"; say "  ClickHouse resumed"; wait $wrk_pid

say "phase rotated: the service's ClickHouse password changed mid-load, then restored"
load rotated; at 5; scripts/servers.sh clickhouse-password "$work/clickhouse" "$password-rotated"; say "  password rotated"
at 8; scripts/servers.sh clickhouse-password "$work/clickhouse" "$password"; say "  password restored"; wait $wrk_pid

say "phase redis: Redis killed mid-load, restarted"
load redis; at 5; kill -9 "$redis_pid"; say "  Redis killed"; at 3; start_redis; say "  Redis restarted"; wait $wrk_pid

say "waiting for the outage queue to drain"
depth=
for _ in $(seq 1 300); do
  depth=$(curl -sf -H "Authorization: Bearer $admin" "http://127.0.0.1:$port/api/v1/admin/resilience" | grep -o '"depth":[0-9]*' | cut -d: -f2 || true)
  [ "$depth" = "0" ] && break; sleep 1
done
dead=$(curl -sf -H "Authorization: Bearer $admin" "http://127.0.0.1:$port/api/v1/admin/dead-letters" | grep -o '"total":[0-9]*' | cut -d: -f2)

failed=0
printf '\n%-8s %9s %10s %9s %8s %10s %8s\n' phase requests acked stored missing duplicates non-2xx
for user in wiped killed hung rotated redis; do
  cat "$work/$user".acked.* 2>/dev/null | sort -u > "$work/$user.acked"
  sql "SELECT toString(event_id) FROM netra_analytics.performance_metrics FINAL WHERE user_id = '$user' FORMAT TSV" | sort -u > "$work/$user.stored"
  requests=$(grep -o '[0-9]* requests in' "$work/$user.wrk" | cut -d' ' -f1)
  non2xx=$(grep -o 'Non-2xx or 3xx responses: [0-9]*' "$work/$user.wrk" | grep -o '[0-9]*$' || echo 0)
  acked=$(wc -l < "$work/$user.acked"); stored=$(wc -l < "$work/$user.stored")
  missing=$(comm -23 "$work/$user.acked" "$work/$user.stored" | wc -l)
  twice=$(sql "SELECT count() - uniqExact(event_id) FROM netra_analytics.performance_metrics FINAL WHERE user_id = '$user'")
  printf '%-8s %9s %10s %9s %8s %10s %8s\n' "$user" "$requests" "$acked" "$stored" "$missing" "$twice" "$non2xx"
  [ "$missing" -eq 0 ] && [ "$twice" -eq 0 ] && [ "$acked" -gt 0 ] || failed=1
done
printf '\nqueue depth at the end: %s, dead letters: %s, service log: %s\n' "${depth:-?}" "${dead:-?}" "$work/service.log"
grep -E "WARN|ERROR" "$work/service.log" | sed 's/^/  /' | cut -c1-200 | head -40
[ "$failed" -eq 0 ] && [ "${dead:-1}" = "0" ] && say "drill passed: every acknowledged event stored exactly once" || { say "drill FAILED"; exit 1; }
