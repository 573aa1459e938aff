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
phase_seconds=${DRILL_PHASE_SECONDS:-20}
. scripts/lib/harness.sh
harness_start "${1:-jar}"
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

drain_queue "$admin"

tally_header
for user in wiped killed hung rotated redis; do tally "$user" "$work/$user.wrk"; done
printf '\nqueue depth at the end: %s, dead letters: %s, service log: %s\n' "${depth:-?}" "${dead:-?}" "$work/service.log"
service_warnings
[ -n "$tally_ok" ] && [ "${dead:-1}" = "0" ] && say "drill passed: every acknowledged event stored exactly once" || { say "drill FAILED"; exit 1; }
