#!/usr/bin/env bash
# Benchmark: the packaged service in the prod profile, loaded from outside by wrk, next to the same work sent straight
# to ClickHouse, on one machine in one run. Writes target/benchmarks/report.md and report.json.
#
#   scripts/bench.sh [jar|native]        (default jar; build first: ./mvnw package -DskipTests, or -Dnative)
#
# BENCH_SECONDS (default 15) is the length of each wrk run. The service runs with the memory settings of its image
# and the Deployment: the JVM with Dockerfile.jvm's MaxRAMPercentage of the jvm component's limit (-XX:MaxRAM stands
# for the container's limit), the native executable with the base Deployment's arguments and limit.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-jar}
seconds=${BENCH_SECONDS:-15}
out=target/benchmarks
mkdir -p "$out"
limit_of() { grep -o 'limits: {memory: [0-9]*Mi}' "$1" | tr -dc 0-9; }
if [ "$kind" = jar ]; then
  memory_limit_mib=$(limit_of k8s/components/jvm/kustomization.yaml)
  export HARNESS_JAVA_OPTS="-XX:MaxRAM=${memory_limit_mib}m -XX:$(grep -o 'MaxRAMPercentage=[0-9]*' src/main/docker/Dockerfile.jvm) -XX:+ExitOnOutOfMemoryError"
else
  memory_limit_mib=$(limit_of k8s/base/deployment.yaml)
  export HARNESS_NATIVE_ARGS=$(sed -n 's/^ *args: \["\(.*\)"\]$/\1/p' k8s/base/deployment.yaml)
fi
. scripts/lib/harness.sh
# the hung phase queues millions of events in a few seconds: the bounds are raised so that it measures queueing, not
# the 503s the default bound (1,000,000 events) gives once reached (the harness lifts the per-tenant limits)
export NETRA_OUTAGE_QUEUE_MAX_EVENTS=10000000 NETRA_OUTAGE_QUEUE_MAX_BYTES=$((4 * 1024 * 1024 * 1024))
harness_start "$kind"
results=$work/results
mkdir -p "$results"
url=http://127.0.0.1:$port
rss() { ps -o rss= -p "$service_pid" | tr -d ' '; }
record() { echo "$2" > "$results/$1"; }

say "seeding 1,000,000 events: 100 users x 5 metrics x 7 days, tagged with 20 endpoints and 50 hosts"
now=$(( $(date +%s) / 3600 * 3600 * 1000 ))
week=$(( 7 * 24 * 3600 * 1000 ))
sql "INSERT INTO netra_analytics.performance_metrics (event_id, user_id, metric_name, value, unit, event_time_ms, tag_keys, tag_values, received_at_ms)
     SELECT generateUUIDv4(), concat('bench-', toString(number % 100)), concat('latency.', toString(intDiv(number, 100) % 5)),
            (number * 7919) % 100000 / 100., 'ms', $now - intDiv(number, 500) * 302400, ['endpoint', 'host'],
            [concat('/api/', toString(intDiv(number, 500) % 20)), concat('host-', toString(intDiv(number, 7) % 50))], $now FROM numbers(1000000)"
record rss_idle_kib "$(rss)"

user=bench-7
auth="Authorization: Bearer $(token $user)"
summary="/api/v1/metrics/summary?metric=latency.3&interval=1h&to=$now"
cached="$summary&from=$((now - week))"
grouped="/api/v1/metrics/summary?metric=latency.3&interval=1h&to=$now&tag.endpoint=/api/3&groupBy=host&limit=10"
# the SQL the service sends for a question, as ClickHouse's query log has it, with {FROM} for its start: asked once
# with a marker start, which is then replaced in both places it appears (milliseconds, and seconds for partitions);
# the FORMAT the gateway appends is taken off, the baseline adds its own
service_sql() { # PATH_QUERY
  local marker=$((now - week + 424242))
  curl -sf -H "$auth" "$url$1&from=$marker" > /dev/null
  sql "SYSTEM FLUSH LOGS" > /dev/null
  sql "SELECT query FROM system.query_log WHERE type = 2 AND query LIKE '%$marker%' ORDER BY event_time DESC LIMIT 1 FORMAT TSVRaw" |
    python3 -c "import re, sys; m = sys.argv[1]; q = re.sub(r'\s*FORMAT\s+\w+\s*$', '', sys.stdin.read().strip()); print(q.replace('toDateTime(' + str(int(m) // 1000) + ')', 'toDateTime(intDiv({FROM}, 1000))').replace(m, '{FROM}'))" "$marker"
}

run() { # NAME CONNECTIONS URL [wrk args...]
  local name=$1 connections=$2 target=$3; shift 3
  say "  $name: $connections connections, ${seconds}s"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" "$target" > "$results/$name.wrk" 2>&1
}

say "warming up (JIT compiles the hot paths for about a minute; the raw ClickHouse baselines need none)"
curl -sf -H "$auth" "$url$cached" > /dev/null
wrk -t2 -c16 -d5s -H "$auth" "$url$cached" > /dev/null
TOKEN=$(token $user) PATH_QUERY=$summary FROM=$((now - 2 * week)) wrk -t2 -c16 -d15s -s scripts/load/unique-get.lua "$url" > /dev/null
TOKEN=$(token bench-ingest) BATCH=500 BODIES=32 wrk -t2 -c16 -d10s -s scripts/load/ingest.lua "$url" > /dev/null

summary_sql=$(service_sql "$summary")
grouped_sql=$(service_sql "$grouped")
grep -q '{FROM}' <<< "$grouped_sql" || { echo "bench.sh: could not read the service's SQL from the query log" >&2; exit 1; }

say "healthy"
run floor 128 "$url/q/health/live"
run cached 128 "$url$cached" -H "$auth"
TOKEN=$(token $user) PATH_QUERY=$summary FROM=$((now - week)) run clickhouse_backed 16 "$url" -s scripts/load/unique-get.lua
SQL="$summary_sql FORMAT JSONEachRow" FROM=$((now - week)) run raw_query 16 "http://127.0.0.1:$ch_http/?user=default" -s scripts/load/clickhouse-query.lua
TOKEN=$(token $user) PATH_QUERY=$grouped FROM=$((now - week)) run grouped_backed 16 "$url" -s scripts/load/unique-get.lua
SQL="$grouped_sql FORMAT JSONEachRow" FROM=$((now - week)) run raw_grouped_query 16 "http://127.0.0.1:$ch_http/?user=default" -s scripts/load/clickhouse-query.lua
TOKEN=$(token bench-ingest) BATCH=500 BODIES=32 run ingest 16 "$url" -s scripts/load/ingest.lua
java -cp 'target/quarkus-app/lib/main/*' scripts/load/OtlpBodies.java "$work/otlp-gauge" gauge 500 32
java -cp 'target/quarkus-app/lib/main/*' scripts/load/OtlpBodies.java "$work/otlp-histogram" histogram 50 32
TOKEN=$(token bench-otlp) BODY_DIR=$work/otlp-gauge BODIES=32 run otlp_gauge_500 16 "$url" -s scripts/load/otlp.lua
TOKEN=$(token bench-otlp) BODY_DIR=$work/otlp-histogram BODIES=32 run otlp_histogram_50 16 "$url" -s scripts/load/otlp.lua
ROWS=500 BODIES=32 run raw_insert_500 16 "http://127.0.0.1:$ch_http/?user=default&query=INSERT%20INTO%20netra_analytics.performance_metrics%20FORMAT%20JSONEachRow" \
  -s scripts/load/clickhouse-insert.lua
awk -v now="$now" 'BEGIN { for (i = 0; i < 50000; i++) printf "{\"event_id\":\"%08x-0000-4000-8000-%012x\",\"user_id\":\"bulk\",\"metric_name\":\"bulk\",\"value\":%d,\"unit\":\"ms\",\"event_time_ms\":%d,\"tag_keys\":[],\"tag_values\":[],\"received_at_ms\":%d}\n", i, i, i, now, now }' > "$work/bulk.jsonl"
BODY_FILE=$work/bulk.jsonl run raw_insert_bulk 2 "http://127.0.0.1:$ch_http/?user=default&query=INSERT%20INTO%20netra_analytics.performance_metrics%20FORMAT%20JSONEachRow" \
  -s scripts/load/clickhouse-insert.lua
record rss_after_load_kib "$(rss)"

say "ClickHouse hung (SIGSTOP), measured from the first second"
# wrk starts as ClickHouse stops: the requests in flight and those of the first second count, as a client sees them
TOKEN=$(token bench-hung) BATCH=500 BODIES=32 run hung_ingest 16 "$url" -s scripts/load/ingest.lua &
hung=$!
kill -STOP "$ch_pid"
wait "$hung"
run hung_cached 128 "$url$cached" -H "$auth"
kill -CONT "$ch_pid"

say "100,000 mixed requests with faults, then back to idle"
connections() { ss -tnp state established "( dport = :$ch_http or dport = :$redis_port )" 2>/dev/null | grep -c "pid=$service_pid," || true; }
heap_after_gc() { [ "$kind" = jar ] && { jcmd "$service_pid" GC.run >/dev/null; jcmd "$service_pid" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | tr -dc 0-9; } || echo; }
sleep 5
record heap_idle_kib "$(heap_after_gc)"
record connections_idle "$(connections)"
TOKEN=$(token bench-mixed) CACHED=$cached MISS=$summary FROM=$((now - week)) \
  wrk -t2 -c32 -d60s --latency -s scripts/load/mixed.lua "$url" > "$results/mixed.wrk" 2>&1 &
mixed=$!
sleep 10; kill -STOP "$ch_pid"; sleep 8; kill -CONT "$ch_pid"
sleep 10; stop "$ch_pid"; sleep 8; start_clickhouse
sleep 10; kill -9 "$redis_pid"; sleep 4; start_redis
wait $mixed
# then mixed load on healthy dependencies until 100,000 mixed requests in all (the rate of the faulty run predicts how long)
done_requests=$(grep -o '[0-9]* requests in' "$results/mixed.wrk" | cut -d' ' -f1)
rate=$(grep -o 'Requests/sec: *[0-9.]*' "$results/mixed.wrk" | grep -o '[0-9.]*$' | cut -d. -f1)
rest_seconds=$(( done_requests >= 100000 ? 0 : (100000 - done_requests) / (rate > 0 ? rate : 1) + 1 ))
say "  $done_requests mixed requests with faults; $rest_seconds s more to pass 100,000"
if [ "$rest_seconds" -gt 0 ]; then
  TOKEN=$(token bench-mixed) CACHED=$cached MISS=$summary FROM=$((now - week)) \
    wrk -t2 -c32 -d"${rest_seconds}s" -s scripts/load/mixed.lua "$url" > "$results/mixed_rest.wrk" 2>&1
fi
for _ in $(seq 1 120); do
  depth=$(curl -sf -H "Authorization: Bearer $(token bench-operator admin)" "$url/api/v1/admin/resilience" | grep -o '"depth":[0-9]*' | cut -d: -f2 || true)
  [ "$depth" = 0 ] && break; sleep 1
done
sleep 15
record heap_after_faults_kib "$(heap_after_gc)"
record connections_after_faults "$(connections)"
record rss_end_kib "$(rss)"

python3 - "$results" "$out" "$kind" "$seconds" "$memory_limit_mib" <<'PY'
import json, os, re, sys, datetime, platform
results, out, kind, seconds, limit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
def ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
def wrk(name):
    text = open(os.path.join(results, name + ".wrk")).read()
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", text, re.M))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
            "requests": int(re.search(r"(\d+) requests in", text).group(1)),
            "p50_ms": ms(latency["50"]), "p99_ms": ms(latency["99"]),
            "max_ms": ms(re.search(r"^\s+Latency\s+\S+\s+\S+\s+(\S+)", text, re.M).group(1)),
            "non_2xx": int(non2xx.group(1)) if non2xx else 0, "socket_errors": errors}
def number(name):
    text = open(os.path.join(results, name)).read().strip()
    return int(text) if text else None
rows = {name: wrk(name) for name in ["floor", "cached", "clickhouse_backed", "raw_query", "grouped_backed", "raw_grouped_query", "ingest", "otlp_gauge_500", "otlp_histogram_50", "raw_insert_500",
                                      "raw_insert_bulk", "hung_ingest", "hung_cached", "mixed"]}
events = {"ingest": 500, "otlp_gauge_500": 500, "otlp_histogram_50": 50, "raw_insert_500": 500, "raw_insert_bulk": 50000, "hung_ingest": 500}
for name, per in events.items():
    rows[name]["events_per_s"] = rows[name]["requests_per_s"] * per
r = lambda a, b: round(a / b, 2)
ratios = {
    "cached / floor throughput (goal >= 0.5)": r(rows["cached"]["requests_per_s"], rows["floor"]["requests_per_s"]),
    "cached p99 / floor p99 (goal <= 3)": r(rows["cached"]["p99_ms"], rows["floor"]["p99_ms"]),
    "ClickHouse-backed / raw query throughput (goal >= 0.8)": r(rows["clickhouse_backed"]["requests_per_s"], rows["raw_query"]["requests_per_s"]),
    "filtered, grouped / raw SQL throughput (goal >= 0.8)": r(rows["grouped_backed"]["requests_per_s"], rows["raw_grouped_query"]["requests_per_s"]),
    "ingest / raw 500-row inserts, events (goal >= 0.8)": r(rows["ingest"]["events_per_s"], rows["raw_insert_500"]["events_per_s"]),
    "OTLP/protobuf gauge points / JSON ingest events (goal >= 1)": r(rows["otlp_gauge_500"]["events_per_s"], rows["ingest"]["events_per_s"]),
    "ingest / raw bulk inserts, events (goal >= 0.5)": r(rows["ingest"]["events_per_s"], rows["raw_insert_bulk"]["events_per_s"]),
    # the hang's first requests wait for ClickHouse until their latency budget (netra.ingest.latency-budget, 1 s) ends
    "hung ingest slowest answer / the 1 s latency budget, from the hang's first second (goal <= 1.2)": r(rows["hung_ingest"]["max_ms"], 1000),
    "hung cached p99 / healthy cached p99 (goal <= 2)": r(rows["hung_cached"]["p99_ms"], rows["cached"]["p99_ms"]),
}
rest = os.path.join(results, "mixed_rest.wrk")
rows["mixed"]["requests_with_healthy_rest"] = rows["mixed"]["requests"] + (
    int(re.search(r"(\d+) requests in", open(rest).read()).group(1)) if os.path.exists(rest) else 0)
memory = {name: number(name) for name in ["rss_idle_kib", "rss_after_load_kib", "rss_end_kib", "heap_idle_kib",
                                          "heap_after_faults_kib", "connections_idle", "connections_after_faults"]}
memory["memory_limit_mib"] = limit
machine = {"cores": os.cpu_count(), "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
           "kernel": platform.release(), "service": kind, "seconds_per_run": seconds}
report = {"date": datetime.date.today().isoformat(), "machine": machine, "scenarios": rows, "ratios": ratios, "memory": memory}
json.dump(report, open(os.path.join(out, "report.json"), "w"), indent=2)
labels = {"floor": "`/q/health/live` (the framework's floor), 128 connections",
          "cached": "summary, cache hit (same question, explicit from/to), 128",
          "clickhouse_backed": "summary, every request a new question (ClickHouse-backed), 16",
          "raw_query": "the same summary SQL straight to ClickHouse, 16",
          "grouped_backed": "summary for one endpoint of 20, grouped by host (50), top 10 and other; each a new question, 16",
          "raw_grouped_query": "the same grouped SQL straight to ClickHouse, 16",
          "ingest": "ingest, 500 events per request, 16",
          "otlp_gauge_500": "OTLP/HTTP protobuf, 500 gauge points per request (10 metrics x 50 series), 16",
          "otlp_histogram_50": "OTLP/HTTP protobuf, 50 histogram points (16 buckets) per request, 16",
          "raw_insert_500": "the same 500 rows straight into ClickHouse (JSONEachRow), 16",
          "raw_insert_bulk": "50,000 rows per insert straight into ClickHouse, 2",
          "hung_ingest": "ingest with ClickHouse hung, from the hang's first second, 16",
          "hung_cached": "summary cache hit with ClickHouse hung, 128",
          "mixed": "mixed (cached, new question, ingest of 50) with ClickHouse hung, stopped, Redis killed, 32"}
lines = [f"Measured {report['date']} on {machine['cores']} cores, {machine['memory_gib']} GiB, the {kind} service, ClickHouse 18.16, "
         f"Redis and wrk on the same machine; {seconds} s per run; 1,000,000 stored events.", "",
         "| scenario | req/s | events (points)/s | p50 ms | p99 ms | max ms | non-2xx | socket errors |", "|---|---|---|---|---|---|---|---|"]
for name, row in rows.items():
    per_event = f"{row['events_per_s']:.0f}" if "events_per_s" in row else ""
    lines.append(f"| {labels[name]} | {row['requests_per_s']:.0f} | {per_event} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | "
                 f"{row['max_ms']:.0f} | {row['non_2xx']} | {row['socket_errors']} |")
lines += ["", "| ratio | value |", "|---|---|"] + [f"| {k} | {v} |" for k, v in ratios.items()]
mib = lambda kib: "n/a" if kib is None else f"{kib / 1024:.0f} MiB"
lines += ["", "| memory and connections | value |", "|---|---|",
          f"| RSS idle, after the load, at the end | {mib(memory['rss_idle_kib'])}, {mib(memory['rss_after_load_kib'])}, {mib(memory['rss_end_kib'])} (limit {limit} MiB) |",
          f"| heap after GC, idle vs after the mixed run with faults | {mib(memory['heap_idle_kib'])} vs {mib(memory['heap_after_faults_kib'])} |",
          f"| connections to ClickHouse and Redis, idle vs after | {memory['connections_idle']} vs {memory['connections_after_faults']} |",
          f"| mixed requests before the heap and connection counts (with faults, then healthy) | {rows['mixed']['requests_with_healthy_rest']:,} |"]
open(os.path.join(out, "report.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
say "report: $out/report.md, $out/report.json"
