# Shared by scripts/fault-drill.sh and scripts/bench.sh (sourced, not run): ClickHouse and Redis from servers.sh,
# an issuer of its own, and the packaged service in the prod profile, all on loopback, stopped on exit.
#   harness_servers           ClickHouse, Redis and the issuer's key pair only; sets work, ch_http, redis_port, ch_pid, redis_pid
#                             (HARNESS_CLUSTER=1: ZooKeeper and 2 shards x 2 replicas from servers.sh cluster instead
#                             of one ClickHouse; ch_http is the first node's, zk_pid and node_pid[s1r1..s2r2] are set)
#   harness_start KIND        KIND: jar or native; harness_servers, then the service on port; sets port, service_pid
#                             (HARNESS_JAVA_OPTS: JVM options for the jar; HARNESS_NATIVE_ARGS: arguments of the executable)
#   token USER [ROLE...]      a token from this run's issuer
#   sql QUERY                 ClickHouse as its local admin user
#   drain_queue ADMIN_TOKEN   waits up to 5 minutes for the service's outage queue to empty; sets depth and dead
#                             (the dead-letter count)
#   tally USER WRK_OUTPUT     one table row for a load run of USER (ids acked by scripts/load/ingest.lua in
#                             $work/USER.acked.*): requests, acked, stored, missing, stored twice, non-2xx;
#                             clears tally_ok when an acked event is missing or stored twice
#   service_warnings          the service log's first 40 warnings and errors, one short line each (the prod
#                             profile logs JSON: time, level, logger and message are shown)
work=$(mktemp -d /tmp/netra-run-XXXXXX)
ch_http=${HARNESS_CLICKHOUSE_PORT:-28123}; ch_tcp=$((ch_http + 1)); redis_port=${HARNESS_REDIS_PORT:-26379}; port=${HARNESS_PORT:-28080}
password=run-$RANDOM$RANDOM
issuer=https://issuer.run.invalid
pids=()
say() { printf '%s  %s\n' "$(date +%T)" "$*"; }
service_warnings() {
  python3 - "$work/service.log" <<'PY'
import json, sys
shown = 0
for line in open(sys.argv[1], errors="replace"):
    try:
        r = json.loads(line)
        text = f"{r['timestamp'][11:23]} {r['level']:5} [{r['loggerName'].rsplit('.', 1)[-1]}] {r['message']}"
        level = r["level"]
    except (ValueError, KeyError):
        text, level = line.rstrip(), ("WARN" if "WARN" in line else "ERROR" if "ERROR" in line else "")
    if level in ("WARN", "WARNING", "ERROR") and shown < 40:
        print("  " + text[:200])
        shown += 1
PY
}
# on exit the servers stop and their data goes (gigabytes after a drill); logs and tallies stay in $work
cleanup() {
  [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
  for pid in "${pids[@]}"; do stop "$pid"; done
  rm -rf "$work/clickhouse" "$work/cluster" "$work/redis"
}
trap cleanup EXIT
# the servers are not this shell's children, so wait for them by pid
# (a dead server nobody reaps stays a zombie, which kill -0 still finds)
stop() { kill "$1" 2>/dev/null || true; while kill -0 "$1" 2>/dev/null && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; do sleep 0.1; done; }
token() { TOKEN_KEY=$work/issuer.pem TOKEN_ISSUER=$issuer TOKEN_AUDIENCE=netra-analytics scripts/dev-token.sh "$@"; }
sql() { curl -sS --fail-with-body --data-binary "$1" "http://127.0.0.1:$ch_http/?user=default"; }
start_clickhouse() { ch_pid=$(scripts/servers.sh clickhouse "$work/clickhouse" "$ch_http" "$ch_tcp" "$password"); pids+=("$ch_pid"); }
cluster_base=$ch_http
cluster_topology() { echo "$((cluster_base + 11)),$((cluster_base + 21))/$((cluster_base + 31)),$((cluster_base + 41))"; }
start_node() { # NAME: s1r1 .. s2r2; ZooKeeper has the base port, node n BASE+10n (as servers.sh cluster)
  local n=$(( (${1:1:1} - 1) * 2 + ${1:3:1} )) http
  http=$((cluster_base + 10 * n))
  node_pid[$1]=$(scripts/servers.sh clickhouse-replica "$work/cluster/$1" "$http" $((http + 1)) $((http + 2)) "$password" \
    "$cluster_base" "${1:1:1}" "$1" "$(cluster_topology)")
  pids+=("${node_pid[$1]}")
}
start_zookeeper() { zk_pid=$(scripts/servers.sh zookeeper "$work/cluster/zookeeper" "$cluster_base"); pids+=("$zk_pid"); }
start_redis() { redis_pid=$(scripts/servers.sh redis "$work/redis" "$redis_port"); pids+=("$redis_pid"); }

drain_queue() {
  say "waiting for the outage queue to drain"
  depth=
  for _ in $(seq 1 300); do
    depth=$(curl -sf -H "Authorization: Bearer $1" "http://127.0.0.1:$port/api/v1/admin/resilience" | grep -o '"depth":[0-9]*' | cut -d: -f2 || true)
    [ "$depth" = "0" ] && break; sleep 1
  done
  dead=$(curl -sf -H "Authorization: Bearer $1" "http://127.0.0.1:$port/api/v1/admin/dead-letters" | grep -o '"total":[0-9]*' | cut -d: -f2)
}

tally_ok=1
tally() {
  local user=$1 output=$2 requests non2xx acked stored missing twice
  cat "$work/$user".acked.* 2>/dev/null | sort -u > "$work/$user.acked"
  sql "SELECT toString(event_id) FROM netra_analytics.performance_metrics FINAL WHERE user_id = '$user' FORMAT TSV" | sort -u > "$work/$user.stored"
  requests=$(grep -o '[0-9]* requests in' "$output" | cut -d' ' -f1)
  non2xx=$(grep -o 'Non-2xx or 3xx responses: [0-9]*' "$output" | grep -o '[0-9]*$' || echo 0)
  acked=$(wc -l < "$work/$user.acked"); stored=$(wc -l < "$work/$user.stored")
  missing=$(comm -23 "$work/$user.acked" "$work/$user.stored" | wc -l)
  twice=$(sql "SELECT count() - uniqExact(event_id) FROM netra_analytics.performance_metrics FINAL WHERE user_id = '$user'")
  printf '%-8s %9s %10s %9s %8s %10s %8s\n' "$user" "$requests" "$acked" "$stored" "$missing" "$twice" "$non2xx"
  [ "$missing" -eq 0 ] && [ "$twice" -eq 0 ] && [ "$acked" -gt 0 ] || tally_ok=
}
tally_header() { printf '\n%-8s %9s %10s %9s %8s %10s %8s\n' user requests acked stored missing "twice" non-2xx; }

harness_servers() {
  scripts/servers.sh install
  command -v wrk >/dev/null || { [ "$(id -u)" -eq 0 ] && apt-get install -y -qq --no-install-recommends wrk >/dev/null; } \
    || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
  openssl genrsa -out "$work/issuer.pem" 2048 2>/dev/null
  openssl rsa -in "$work/issuer.pem" -pubout -out "$work/issuer.pub" 2>/dev/null
  if [ -n "${HARNESS_CLUSTER:-}" ]; then
    scripts/servers.sh install zookeeper
    declare -gA node_pid
    start_zookeeper
    for node in s1r1 s1r2 s2r1 s2r2; do start_node "$node"; done
    # the service and tally talk to the first node
    ch_pid=${node_pid[s1r1]}; ch_http=$((cluster_base + 10))
  else
    start_clickhouse
  fi
  start_redis
}

harness_start() {
  local kind=$1 app
  case $kind in
    jar) [ -f target/quarkus-app/quarkus-run.jar ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 2; }
         app=(java ${HARNESS_JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar) ;;
    native) app=("$(ls target/*-runner 2>/dev/null || { echo "build first: ./mvnw package -Dnative" >&2; exit 2; })" ${HARNESS_NATIVE_ARGS:-}) ;;
    *) echo "KIND must be jar or native" >&2; exit 2 ;;
  esac
  harness_servers
  say "starting the service ($kind, prod profile) on :$port"
  # the drills and the benchmark load one tenant per phase: lift its fair-share limits (unless the caller set them),
  # which protect tenants from each other, something these runs do not measure
  env ${HARNESS_CLUSTER:+NETRA_CLICKHOUSE_CLUSTER=netra} \
  NETRA_TENANTS_INGEST_RATE=${NETRA_TENANTS_INGEST_RATE:-100000000} NETRA_TENANTS_INGEST_BURST=${NETRA_TENANTS_INGEST_BURST:-100000000} \
  NETRA_TENANTS_QUEUE_SHARE=${NETRA_TENANTS_QUEUE_SHARE:-1} \
  NETRA_CLICKHOUSE_URL=http://127.0.0.1:$ch_http NETRA_CLICKHOUSE_USERNAME=netra NETRA_CLICKHOUSE_PASSWORD=$password \
  QUARKUS_REDIS_HOSTS=redis://127.0.0.1:$redis_port QUARKUS_HTTP_PORT=$port \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION=$work/issuer.pub MP_JWT_VERIFY_ISSUER=$issuer MP_JWT_VERIFY_AUDIENCES=netra-analytics \
    "${app[@]}" > "$work/service.log" 2>&1 &
  service_pid=$!
  pids+=("$service_pid")
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null && return 0; sleep 0.2; done
  echo "the service did not become ready; its log: $work/service.log" >&2; exit 1
}
