#!/usr/bin/env bash
# Cluster drill: the packaged service in the prod profile on a ClickHouse cluster (ZooKeeper, 2 shards x 2 replicas,
# netra.clickhouse.cluster set), under load from wrk, while a replica, a whole shard or ZooKeeper is killed or a
# replica hangs; then counts by event id what was stored, checks that the replicas of each shard converged and
# prints the processes' memory. Exits non-zero when an acknowledged event is missing or counted twice.
#
#   scripts/cluster-drill.sh [jar|native]    (default jar; build first: ./mvnw package, or -Dnative)
#
# Phases, each with one user per shard and a wrk run each (2 connections, 50 events per request):
#   replica    the second replica of shard 2 killed (SIGKILL) mid-load, restarted
#   hung       the same replica frozen (SIGSTOP) mid-load, resumed
#   shard      both replicas of shard 2 killed mid-load, restarted
#   zookeeper  ZooKeeper killed mid-load, restarted
# The service talks to the first replica of shard 1, which stays up.
set -euo pipefail
cd "$(dirname "$0")/.."
phase_seconds=${DRILL_PHASE_SECONDS:-20}
export HARNESS_CLUSTER=1
. scripts/lib/harness.sh
harness_start "${1:-jar}"
admin=$(token drill-operator admin)
users=()

# user_on_shard PHASE SHARD: a user name whose events the Distributed table sends to SHARD
user_on_shard() {
  local i=0
  while [ "$(sql "SELECT cityHash64('$1-$i') % 2")" != "$(($2 - 1))" ]; do i=$((i + 1)); done
  echo "$1-$i"
}
# load PHASE: one wrk per shard in the background for the phase
load() {
  wrk_pids=()
  for shard in 1 2; do
    local user; user=$(user_on_shard "$1" "$shard"); users+=("$user")
    TOKEN=$(token "$user") ACKED_FILE=$work/$user.acked METRIC=drill wrk -t1 -c2 -d${phase_seconds}s -s scripts/load/ingest.lua \
      "http://127.0.0.1:$port" > "$work/$user.wrk" 2>&1 &
    wrk_pids+=($!)
  done
}
at() { sleep "$1"; }
finish() { wait "${wrk_pids[@]}"; }

say "phase replica: s2r2 killed mid-load, restarted"
load replica; at 5; kill -9 "${node_pid[s2r2]}"; say "  s2r2 killed"; at 8; start_node s2r2; say "  s2r2 restarted"; finish

say "phase hung: s2r2 frozen mid-load, resumed"
load hung; at 5; kill -STOP "${node_pid[s2r2]}"; say "  s2r2 frozen (SIGSTOP)"; at 8; kill -CONT "${node_pid[s2r2]}"; say "  s2r2 resumed"; finish

say "phase shard: both replicas of shard 2 killed mid-load, restarted"
load shard; at 5; kill -9 "${node_pid[s2r1]}" "${node_pid[s2r2]}"; say "  shard 2 killed"; at 8
start_node s2r1; start_node s2r2; say "  shard 2 restarted"; finish

say "phase zookeeper: ZooKeeper killed mid-load, restarted"
load zookeeper; at 5; kill -9 "$zk_pid"; say "  ZooKeeper killed"; at 8; start_zookeeper; say "  ZooKeeper restarted"; finish

drain_queue "$admin"

# a read through the Distributed table may meet a replica still fetching: tally once both replicas of each shard agree
node_rows() { curl -sS --data-binary "SELECT count() FROM netra_analytics.performance_metrics_local" "http://127.0.0.1:$1/?user=default"; }
converged=
for _ in $(seq 1 ${DRILL_CONVERGE_SECONDS:-300}); do
  a=$(node_rows $((cluster_base + 10))); b=$(node_rows $((cluster_base + 20)))
  c=$(node_rows $((cluster_base + 30))); d=$(node_rows $((cluster_base + 40)))
  [ "$a" = "$b" ] && [ "$c" = "$d" ] && converged=1 && break; sleep 1
done
say "rows per replica: shard 1 $a / $b, shard 2 $c / $d${converged:+ (converged)}"
if [ -z "$converged" ]; then
  for n in 1 2 3 4; do
    say "  node $n replication queue: $(curl -sS --data-binary "SELECT type, new_part_name, num_tries, last_exception FROM system.replication_queue FORMAT TSV" \
      "http://127.0.0.1:$((cluster_base + 10 * n))/?user=default" | head -3 | cut -c1-200)"
  done
fi

tally_header
for user in "${users[@]}"; do tally "$user" "$work/$user.wrk"; done
printf '\nqueue depth at the end: %s, dead letters: %s, service log: %s\n' "${depth:-?}" "${dead:-?}" "$work/service.log"
rss() { awk '/VmRSS/ { printf "%d MiB", $2 / 1024 }' "/proc/$1/status"; }
printf 'RSS: service %s, ZooKeeper %s, s1r1 %s, s1r2 %s, s2r1 %s, s2r2 %s\n' "$(rss "$service_pid")" "$(rss "$zk_pid")" \
  "$(rss "${node_pid[s1r1]}")" "$(rss "${node_pid[s1r2]}")" "$(rss "${node_pid[s2r1]}")" "$(rss "${node_pid[s2r2]}")"
service_warnings
[ -n "$tally_ok" ] && [ -n "$converged" ] && [ "${dead:-1}" = "0" ] && say "drill passed: every acknowledged event stored exactly once" \
  || { say "drill FAILED"; exit 1; }
