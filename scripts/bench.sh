#!/usr/bin/env bash
# Benchmark: the packaged service in the prod profile, loaded from outside by wrk, next to the same work sent straight
# to ClickHouse, on one machine in one run. Writes target/benchmarks/report.md and report.json.
#
#   scripts/bench.sh [jar|native]        (default jar; build first: ./mvnw package -DskipTests, or -Dnative)
#
# Each service scenario runs interleaved with its baseline (A B A B ..., BENCH_REPEAT times), so that ClickHouse's
# background merges, the JIT and the machine's other load fall on both alike; the report gives medians, the spread
# (min-max) and the ratio of medians. Every run also reads the CPU time (utime + stime, /proc/<pid>/stat) of the
# service and of ClickHouse before and after it: CPU seconds per 1,000,000 events stored (counted in ClickHouse)
# and per 1,000 answers (2xx) are what a shared machine's noise moves least. Ingest sends realistic events (unit,
# timestamp, 3-5 tags) with ids no other event of the benchmark has; the raw baseline inserts the same rows.
#
#   BENCH_SECONDS     length of each wrk run (default 8)
#   BENCH_REPEAT      how many times each group of scenarios runs, interleaved (default 3)
#   BENCH_BULK_BATCH  events per request of the bulk ingest (default 1000, netra.ingest.max-events-per-request)
#   HARNESS_PORT, HARNESS_CLICKHOUSE_PORT, HARNESS_REDIS_PORT   ports (scripts/lib/harness.sh; defaults 28080, 28123, 26379)
#
# The service runs with the memory settings of its image and the Deployment: the JVM with Dockerfile.jvm's
# MaxRAMPercentage of the jvm component's limit (-XX:MaxRAM stands for the container's limit), the native executable
# with the base Deployment's arguments and limit.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-jar}
seconds=${BENCH_SECONDS:-8}
repeat=${BENCH_REPEAT:-3}
bulk_batch=${BENCH_BULK_BATCH:-1000}
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
# (N gives each question its own marker: with one, the summary's query could be taken for the grouped one's when both
# were logged in the same second, and the grouped baseline measured the plain summary)
service_sql() { # PATH_QUERY N
  local marker=$((now - week + 424242 * $2))
  curl -sf -H "$auth" "$url$1&from=$marker" > /dev/null
  sql "SYSTEM FLUSH LOGS" > /dev/null
  sql "SELECT query FROM system.query_log WHERE type = 2 AND query LIKE '%$marker%' ORDER BY event_time DESC LIMIT 1 FORMAT TSVRaw" |
    python3 -c "import re, sys; m = sys.argv[1]; q = re.sub(r'\s*FORMAT\s+\w+\s*$', '', sys.stdin.read().strip()); print(q.replace('toDateTime(' + str(int(m) // 1000) + ')', 'toDateTime(intDiv({FROM}, 1000))').replace(m, '{FROM}'))" "$marker"
}

say "warming up (JIT compiles the hot paths for about a minute; the raw ClickHouse baselines need none)"
curl -sf -H "$auth" "$url$cached" > /dev/null
wrk -t2 -c16 -d5s -H "$auth" "$url$cached" > /dev/null
# new questions for a minute: on 2 busy cores C2 is still compiling the miss path after that (the report shows its share)
TOKEN=$(token $user) PATH_QUERY=$summary FROM=$((now - 2 * week)) wrk -t2 -c16 -d60s -s scripts/load/unique-get.lua "$url" > /dev/null
# run 0 is the warm-up's: the measured runs count from 1
TOKEN=$(token bench-warm) BATCH=500 RUN=0 wrk -t2 -c16 -d10s -s scripts/load/ingest.lua "$url" > /dev/null
java -cp 'target/quarkus-app/lib/main/*' scripts/load/OtlpBodies.java "$work/otlp-gauge" gauge 500 32
java -cp 'target/quarkus-app/lib/main/*' scripts/load/OtlpBodies.java "$work/otlp-histogram" histogram 50 32
TOKEN=$(token bench-warm) BODY_DIR=$work/otlp-gauge BODIES=32 POINTS=500 RUN=0 wrk -t2 -c16 -d5s -s scripts/load/otlp.lua "$url" > /dev/null

summary_sql=$(service_sql "$summary" 1)
grouped_sql=$(service_sql "$grouped" 2)
grep -q '{FROM}' <<< "$grouped_sql" || { echo "bench.sh: could not read the service's SQL from the query log" >&2; exit 1; }

clk_tck=$(getconf CLK_TCK)
admin_token=$(token bench-operator admin)
# utime + stime of process PID and all its threads, in clock ticks: fields 14 and 15 of /proc/PID/stat, counted
# after the command name, which may hold spaces
cpu_ticks() {
  local stat fields
  stat=$(< "/proc/$1/stat")
  read -ra fields <<< "${stat##*) }"
  echo $(( fields[11] + fields[12] ))
}
# the same, of the JVM's JIT compiler threads only (none in the native executable): compiling is a cost of the first
# minutes, not of each answer, and it is still going on during the first runs. A compiler thread the JVM stops takes
# its ticks along, so a run's difference can come out below zero: it is counted as none.
jit_ticks() {
  local task comm stat fields ticks=0
  for task in /proc/"$1"/task/*; do
    { read -r comm < "$task/comm"; } 2>/dev/null || continue
    case "$comm" in
      C[12]\ CompilerThre*)
        { stat=$(< "$task/stat"); } 2>/dev/null || continue
        read -ra fields <<< "${stat##*) }"; ticks=$(( ticks + fields[11] + fields[12] )) ;;
    esac
  done
  echo "$ticks"
}
rows_of() { sql "SELECT count() FROM netra_analytics.$1 WHERE user_id = '$2'"; }
merges() { sql "SELECT count() FROM system.merges"; }
queue_depth() { curl -sf -H "Authorization: Bearer $admin_token" "$url/api/v1/admin/resilience" | grep -o '"depth":[0-9]*' | cut -d: -f2 || true; }
# before a run, let the merges of the one before finish (at most 10 s), so that their cost does not fall on this one
# (not in the hang, when ClickHouse cannot answer)
quiesce() { for _ in $(seq 1 20); do [ "$(merges)" = 0 ] && return; sleep 0.5; done; }
# after an ingest run the requests wrk cut off may still be stored, the outage queue replayed and the new parts merged:
# wait until the outage queue is empty, the row count holds still and no merge runs (at most 10 s more for the merges),
# so that the CPU read after it covers the work of the rows counted
settle() { # TABLE USER
  local last=-1 rows
  for _ in $(seq 1 60); do [ "$(queue_depth)" = 0 ] && break; sleep 0.5; done
  for _ in $(seq 1 60); do rows=$(rows_of "$1" "$2"); [ "$rows" = "$last" ] && break; last=$rows; sleep 0.5; done
  for _ in $(seq 1 20); do [ "$(merges)" = 0 ] && break; sleep 0.5; done
}

# Every wrk run has a number of its own, RUN for the Lua scripts: it is in every event id they make and in the
# users the ingest runs write as, so that no id repeats across runs and each run's rows are counted by user.
run_no=0
next_run() { run_no=$((run_no + 1)); }
# One wrk run of scenario NAME, repetition $rep: wrk's output (NAME.REP.wrk), wrk's own CPU (NAME.REP.times, from
# the subshell's `times`) and NAME.REP.json: the CPU ticks the service and ClickHouse used from the run's start to
# its end (settled), and for ingest (the caller's locals table, user, id_column, per_request) the rows stored and
# their distinct ids.
measure() { # NAME CONNECTIONS URL [wrk args...]
  local name=$1 connections=$2 target=$3 file service0 jit0 jit ch0 start rows=0 distinct=0; shift 3
  file=$results/$name.$rep
  say "  $name ($rep/${of:-1}): $connections connections, ${seconds}s"
  [ -n "${hung_phase:-}" ] || quiesce
  service0=$(cpu_ticks "$service_pid"); jit0=$(jit_ticks "$service_pid"); ch0=$(cpu_ticks "$ch_pid"); start=$(date +%s%N)
  ( RUN=$run_no wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" "$target" > "$file.wrk" 2>&1; times > "$file.times" )
  [ -z "${table:-}" ] || settle "$table" "$user"
  jit=$(( $(jit_ticks "$service_pid") - jit0 ))
  printf '{"service_s": %s, "service_jit_s": %s, "clickhouse_s": %s, "wall_s": %s' "$(ticks_to_s $(( $(cpu_ticks "$service_pid") - service0 )))" \
    "$(ticks_to_s $(( jit < 0 ? 0 : jit )))" \
    "$(ticks_to_s $(( $(cpu_ticks "$ch_pid") - ch0 )))" "$(( ($(date +%s%N) - start) / 1000000 ))e-3" > "$file.json"
  if [ -n "${table:-}" ]; then
    # as text: ClickHouse 18.16 hashes a UUID by one of its halves, quadratic for ids that share one (ours do, by request)
    read -r rows distinct < <(sql "SELECT count(), uniqExact(toString($id_column)) FROM netra_analytics.$table WHERE user_id = '$user' FORMAT TSV")
    printf ', "rows": %d, "distinct": %d, "per_request": %d' "$rows" "$distinct" "$per_request" >> "$file.json"
  fi
  echo '}' >> "$file.json"
}
ticks_to_s() { printf '%d.%02d' $(( $1 / clk_tck )) $(( $1 % clk_tck * 100 / clk_tck )); }
# Runs the scenarios in turn, BENCH_REPEAT times: A B A B ...
interleave() { local of=$repeat; for rep in $(seq 1 "$repeat"); do for scenario in "$@"; do "scenario_$scenario"; done; done; }

ch_url="http://127.0.0.1:$ch_http/?user=default"
insert_url="$ch_url&query=INSERT%20INTO%20netra_analytics.performance_metrics%20FORMAT%20JSONEachRow"
# the query scenarios ask questions no earlier run asked (unique-get.lua adds its thread's offset and a counter):
# runs 100,000 ms apart
from_of_run() { echo $((now - week + run_no * 100000)); }
scenario_floor() { next_run; measure floor 128 "$url/q/health/live"; }
scenario_cached() { next_run; measure cached 128 "$url$cached" -H "$auth"; }
scenario_clickhouse_backed() {
  next_run; TOKEN=$(token $user) PATH_QUERY=$summary FROM=$(from_of_run) measure clickhouse_backed 16 "$url" -s scripts/load/unique-get.lua
}
scenario_raw_query() {
  next_run; SQL="$summary_sql FORMAT JSONEachRow" FROM=$(from_of_run) measure raw_query 16 "$ch_url" -s scripts/load/clickhouse-query.lua
}
scenario_grouped_backed() {
  next_run; TOKEN=$(token $user) PATH_QUERY=$grouped FROM=$(from_of_run) measure grouped_backed 16 "$url" -s scripts/load/unique-get.lua
}
scenario_raw_grouped_query() {
  next_run; SQL="$grouped_sql FORMAT JSONEachRow" FROM=$(from_of_run) measure raw_grouped_query 16 "$ch_url" -s scripts/load/clickhouse-query.lua
}
ingest_run() { # NAME CONNECTIONS EVENTS_PER_REQUEST
  next_run
  local table=performance_metrics user=bench-in-r$run_no id_column=event_id per_request=$3
  TOKEN=$(token "$user") BATCH=$3 measure "$1" "$2" "$url" -s scripts/load/ingest.lua
}
raw_insert_run() { # NAME CONNECTIONS ROWS_PER_INSERT
  next_run
  local table=performance_metrics user=bench-raw-r$run_no id_column=event_id per_request=$3
  USER_ID=$user ROWS=$3 measure "$1" "$2" "$insert_url" -s scripts/load/clickhouse-insert.lua
}
otlp_run() { # NAME KIND POINTS_PER_REQUEST
  next_run
  local table=otel_$2 user=bench-otlp-r$run_no id_column=point_id per_request=$3
  TOKEN=$(token "$user") BODY_DIR=$work/otlp-$2 BODIES=32 POINTS=$3 measure "$1" 16 "$url" -s scripts/load/otlp.lua
}
scenario_ingest_500() { ingest_run ingest_500 16 500; }
scenario_raw_insert_500() { raw_insert_run raw_insert_500 16 500; }
scenario_otlp_gauge_500() { otlp_run otlp_gauge_500 gauge 500; }
scenario_otlp_histogram_50() { otlp_run otlp_histogram_50 histogram 50; }
scenario_ingest_bulk() { ingest_run ingest_bulk 16 "$bulk_batch"; }
scenario_raw_insert_bulk() { raw_insert_run raw_insert_bulk 2 50000; }

say "healthy: each group of scenarios $repeat times, interleaved"
interleave floor cached
interleave clickhouse_backed raw_query
interleave grouped_backed raw_grouped_query
interleave ingest_500 raw_insert_500 otlp_gauge_500 otlp_histogram_50
interleave ingest_bulk raw_insert_bulk
record rss_after_load_kib "$(rss)"
# ids are counted unique within each run, and each carries its run's number; once more across all the runs (by a
# 64-bit hash: a collision among some 10^7 ids is a chance of 10^-5)
read -r ids ids_distinct < <(sql "SELECT count(), uniqExact(cityHash64(toString(event_id))) FROM netra_analytics.performance_metrics
  WHERE user_id LIKE 'bench-in-r%' OR user_id LIKE 'bench-raw-r%' FORMAT TSV")
record event_ids "$ids"; record event_ids_distinct "$ids_distinct"

say "ClickHouse hung (SIGSTOP), measured from the first second"
rep=1 hung_phase=1
# wrk starts as ClickHouse stops: the requests in flight and those of the first second count, as a client sees them
next_run
TOKEN=$(token bench-hung) BATCH=500 measure hung_ingest 16 "$url" -s scripts/load/ingest.lua &
hung=$!
kill -STOP "$ch_pid"
wait "$hung"
next_run
measure hung_cached 128 "$url$cached" -H "$auth"
kill -CONT "$ch_pid"
hung_phase=

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

python3 - "$results" "$out" "$kind" "$seconds" "$memory_limit_mib" "$repeat" "$bulk_batch" <<'PY'
import json, os, re, sys, datetime, platform, statistics
results, out, kind = sys.argv[1], sys.argv[2], sys.argv[3]
seconds, limit, repeat, bulk_batch = (int(a) for a in sys.argv[4:8])

def ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

def wrk(path):
    text = open(path).read()
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", text, re.M))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    row = {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
           "requests": int(re.search(r"(\d+) requests in", text).group(1)),
           "p50_ms": ms(latency["50"]), "p99_ms": ms(latency["99"]),
           "max_ms": ms(re.search(r"^\s+Latency\s+\S+\s+\S+\s+(\S+)", text, re.M).group(1)),
           "non_2xx": int(non2xx.group(1)) if non2xx else 0, "socket_errors": errors}
    row["answers"] = row["requests"] - row["non_2xx"]
    return row

def wrk_cpu(path):
    # `times` in the subshell: its own line, then its children's (wrk): user and system time as 0m1.234s
    children = open(path).read().splitlines()[1]
    return round(sum(int(m) * 60 + float(s) for m, s in re.findall(r"(\d+)m([\d.]+)s", children)), 2)

def run(name, rep):
    base = os.path.join(results, f"{name}.{rep}")
    row = wrk(base + ".wrk")
    row.update(json.load(open(base + ".json")))
    row["wrk_cpu_s"] = wrk_cpu(base + ".times")
    # of wrk's two threads' time: near 1 would mean the load generator, not the service, sets the pace
    row["wrk_cpu_share"] = round(row["wrk_cpu_s"] / (2 * seconds), 3)
    if "rows" in row:
        row["events_acked"] = row["answers"] * row["per_request"]
        row["events_per_s"] = row["requests_per_s"] * row["per_request"] * row["answers"] / max(row["requests"], 1)
        per = max(row["rows"], 1) / 1e6
    else:
        per = max(row["answers"], 1) / 1e3
    row["service_cpu_per_unit"] = row["service_s"] / per
    row["service_jit_cpu_per_unit"] = row["service_jit_s"] / per
    row["service_compiled_cpu_per_unit"] = (row["service_s"] - row["service_jit_s"]) / per
    row["clickhouse_cpu_per_unit"] = row["clickhouse_s"] / per
    return row

# name: (label, unit of the CPU figures); the groups ran interleaved, in this order
groups = [["floor", "cached"], ["clickhouse_backed", "raw_query"], ["grouped_backed", "raw_grouped_query"],
          ["ingest_500", "raw_insert_500", "otlp_gauge_500", "otlp_histogram_50"], ["ingest_bulk", "raw_insert_bulk"]]
labels = {"floor": "`/q/health/live` (the framework's floor), 128 connections",
          "cached": "summary, cache hit (same question, explicit from/to), 128",
          "clickhouse_backed": "summary, every request a new question (ClickHouse-backed), 16",
          "raw_query": "the same summary SQL straight to ClickHouse, 16",
          "grouped_backed": "summary for one endpoint of 20, grouped by host (50), top 10 and other; each a new question, 16",
          "raw_grouped_query": "the same grouped SQL straight to ClickHouse, 16",
          "ingest_500": "ingest, 500 events per request, 16",
          "raw_insert_500": "the same 500 rows straight into ClickHouse (JSONEachRow), 16",
          "otlp_gauge_500": "OTLP/HTTP protobuf, 500 gauge points per request (10 metrics x 50 series), 16",
          "otlp_histogram_50": "OTLP/HTTP protobuf, 50 histogram points (16 buckets) per request, 16",
          "ingest_bulk": f"ingest, {bulk_batch:,} events per request, 16",
          "raw_insert_bulk": "50,000 rows per insert straight into ClickHouse (JSONEachRow), 2",
          "hung_ingest": "ingest with ClickHouse hung, from the hang's first second, 16",
          "hung_cached": "summary cache hit with ClickHouse hung, 128",
          "mixed": "mixed (cached, new question, ingest of 50) with ClickHouse hung, stopped, Redis killed, 32"}

def summary(runs):
    def spread(key):
        values = [r[key] for r in runs]
        return {"median": statistics.median(values), "min": min(values), "max": max(values)}
    s = {key: spread(key) for key in ["requests_per_s", "p99_ms", "service_cpu_per_unit", "service_jit_cpu_per_unit",
                                              "service_compiled_cpu_per_unit", "clickhouse_cpu_per_unit"]}
    s["max_ms"] = max(r["max_ms"] for r in runs)
    s["non_2xx"] = sum(r["non_2xx"] for r in runs)
    s["socket_errors"] = sum(r["socket_errors"] for r in runs)
    s["wrk_cpu_share_max"] = max(r["wrk_cpu_share"] for r in runs)
    if "rows" in runs[0]:
        s["events_per_s"] = spread("events_per_s")
        for key in ["events_acked", "rows", "distinct"]:
            s[key] = sum(r[key] for r in runs)
        s["cpu_unit"] = "s per 1,000,000 events stored"
    else:
        s["cpu_unit"] = "s per 1,000 answers"
    s["runs"] = runs
    return s

scenarios = {name: summary([run(name, rep) for rep in range(1, repeat + 1)]) for group in groups for name in group}
single = {name: run(name, 1) for name in ["hung_ingest", "hung_cached"]}
single["mixed"] = wrk(os.path.join(results, "mixed.wrk"))
rest = os.path.join(results, "mixed_rest.wrk")
single["mixed"]["requests_with_healthy_rest"] = single["mixed"]["requests"] + (int(re.search(r"(\d+) requests in", open(rest).read()).group(1)) if os.path.exists(rest) else 0)

med = lambda name, key: scenarios[name][key]["median"]
r = lambda a, b: round(a / b, 2) if b else None
# (goal, value, target, met): the issue's goals (#21), each a ratio of medians
goals = []
def goal(text, value, target, met):
    goals.append({"goal": text, "value": value, "target": target, "met": bool(met)})
v = r(med("cached", "requests_per_s"), med("floor", "requests_per_s")); goal("cached / floor throughput", v, ">= 0.5", v >= 0.5)
v = r(med("cached", "p99_ms"), med("floor", "p99_ms")); goal("cached p99 / floor p99", v, "<= 2", v <= 2)
for backed, raw, what in [("clickhouse_backed", "raw_query", "summary"), ("grouped_backed", "raw_grouped_query", "grouped summary")]:
    v = r(med(backed, "requests_per_s"), med(raw, "requests_per_s")); goal(f"ClickHouse-backed {what} / its raw SQL throughput", v, ">= 0.8", v >= 0.8)
    # the service's CPU per answer against ClickHouse's for the same query when asked straight (its baseline run)
    v = r(med(backed, "service_cpu_per_unit"), med(raw, "clickhouse_cpu_per_unit"))
    goal(f"{what}: service CPU per answer / ClickHouse CPU per raw query", v, "< 0.25", v < 0.25)
    if kind == "jar":
        # not one of the issue's goals: what the jar's answers cost without the compiler threads' CPU (code that still
        # runs interpreted or C1-compiled is counted), the cost they tend to as the process runs
        v = r(med(backed, "service_compiled_cpu_per_unit"), med(raw, "clickhouse_cpu_per_unit"))
        goal(f"(diagnostic) {what}: service CPU per answer without the JIT compiler's / ClickHouse CPU per raw query", v, "< 0.25", v < 0.25)
v = r(med("ingest_500", "service_cpu_per_unit"), med("raw_insert_500", "clickhouse_cpu_per_unit"))
goal("ingest: service CPU per million events / ClickHouse CPU per million raw 500-row JSONEachRow", v, "<= 1", v <= 1)
v = r(med("ingest_500", "clickhouse_cpu_per_unit"), med("raw_insert_500", "clickhouse_cpu_per_unit"))
goal("ingest: ClickHouse CPU per million events fed by the service / fed raw 500-row JSONEachRow", v, "< 1", v < 1)
v = r(med("ingest_500", "events_per_s"), med("raw_insert_500", "events_per_s")); goal("ingest / raw 500-row inserts, events/s", v, ">= 1.0", v >= 1.0)
v = r(med("ingest_bulk", "events_per_s"), med("raw_insert_bulk", "events_per_s")); goal(f"bulk ingest ({bulk_batch:,} per request) / raw 50,000-row inserts, events/s", v, ">= 0.5", v >= 0.5)
v = r(med("otlp_gauge_500", "events_per_s"), med("ingest_500", "events_per_s")); goal("OTLP/protobuf gauge points / JSON ingest events, per s", v, ">= 1", v >= 1)
# the hang's first requests wait for ClickHouse until their latency budget (netra.ingest.latency-budget, 1 s) ends
v = r(single["hung_ingest"]["max_ms"], 1000); goal("hung ingest slowest answer / the 1 s latency budget, from the hang's first second", v, "<= 1.2", v <= 1.2)
v = r(single["hung_cached"]["p99_ms"], med("cached", "p99_ms")); goal("hung cached p99 / healthy cached p99 (median)", v, "<= 2", v <= 2)

def number(name):
    text = open(os.path.join(results, name)).read().strip()
    return int(text) if text else None
memory = {name: number(name) for name in ["rss_idle_kib", "rss_after_load_kib", "rss_end_kib", "heap_idle_kib",
                                          "heap_after_faults_kib", "connections_idle", "connections_after_faults"]}
memory["memory_limit_mib"] = limit
machine = {"cores": os.cpu_count(), "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
           "kernel": platform.release(), "service": kind, "seconds_per_run": seconds, "repetitions": repeat,
           "clock_ticks_per_s": os.sysconf("SC_CLK_TCK")}
ids = {"rows": number("event_ids"), "distinct": number("event_ids_distinct")}
report = {"date": datetime.date.today().isoformat(), "machine": machine, "scenarios": scenarios, "single_runs": single,
          "goals": goals, "event_ids_across_runs": ids, "memory": memory}
json.dump(report, open(os.path.join(out, "report.json"), "w"), indent=2)

spread = lambda s, fmt="{:.0f}": f"{fmt.format(s['median'])} ({fmt.format(s['min'])}–{fmt.format(s['max'])})"
cpu = lambda x: f"{x:.3g}"
lines = [f"Measured {report['date']} on {machine['cores']} cores, {machine['memory_gib']} GiB, the {kind} service, ClickHouse 18.16, "
         f"Redis and wrk on the same machine; {seconds} s per run, each group of scenarios {repeat} times interleaved "
         f"(A B A B ...): medians, and (min–max) over the runs; 1,000,000 stored events.", "",
         "CPU is the process's utime + stime over the run, until the rows it sent are stored and merged: seconds per "
         "1,000,000 events stored (counted in ClickHouse) or per 1,000 answers (2xx). wrk is its CPU over its two "
         "threads' time (the most of any run; near 100 % it would be the bottleneck), the body templates it makes "
         "once per run before the load starts included. \"Of it, the JIT's\" is the part the JVM's compiler threads "
         "used (0 for the native executable).", "",
         "| scenario | req/s | events (points)/s | p99 ms | max ms | non-2xx | socket errors | service CPU s | of it, the JIT's | ClickHouse CPU s | per | wrk |",
         "|---|---|---|---|---|---|---|---|---|---|---|---|"]
for name, s in scenarios.items():
    events = spread(s["events_per_s"]) if "events_per_s" in s else ""
    per = "1M events" if "rows" in s else "1k answers"
    lines.append(f"| {labels[name]} | {spread(s['requests_per_s'])} | {events} | {spread(s['p99_ms'], '{:.1f}')} | {s['max_ms']:.0f} | "
                 f"{s['non_2xx']} | {s['socket_errors']} | {cpu(s['service_cpu_per_unit']['median'])} | {cpu(s['service_jit_cpu_per_unit']['median'])} | "
                 f"{cpu(s['clickhouse_cpu_per_unit']['median'])} | {per} | {s['wrk_cpu_share_max']:.0%} |")
lines += ["", "| events, all runs | acked (2xx x batch) | rows stored | distinct ids | stored - acked (cut off by wrk's end: at most connections x batch per run) |",
          "|---|---|---|---|---|"]
for name, s in scenarios.items():
    if "rows" in s:
        lines.append(f"| {name} | {s['events_acked']:,} | {s['rows']:,} | {s['distinct']:,} | {s['rows'] - s['events_acked']:,} |")
lines.append(f"| all the runs' JSON events and raw rows, ids across runs | | {ids['rows']:,} | {ids['distinct']:,} | |")
lines += ["", "| goal (issue #21), ratio of medians | target | value | met |", "|---|---|---|---|"]
lines += [f"| {g['goal']} | {g['target']} | {g['value']} | {'yes' if g['met'] else '**no**'} |" for g in goals]
lines += ["", "| single run | req/s | p50 ms | p99 ms | max ms | non-2xx | socket errors |", "|---|---|---|---|---|---|---|"]
for name, row in single.items():
    lines.append(f"| {labels[name]} | {row['requests_per_s']:.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | {row['max_ms']:.0f} | "
                 f"{row['non_2xx']} | {row['socket_errors']} |")
mib = lambda kib: "n/a" if kib is None else f"{kib / 1024:.0f} MiB"
lines += ["", "| memory and connections | value |", "|---|---|",
          f"| RSS idle, after the load, at the end | {mib(memory['rss_idle_kib'])}, {mib(memory['rss_after_load_kib'])}, {mib(memory['rss_end_kib'])} (limit {limit} MiB) |",
          f"| heap after GC, idle vs after the mixed run with faults | {mib(memory['heap_idle_kib'])} vs {mib(memory['heap_after_faults_kib'])} |",
          f"| connections to ClickHouse and Redis, idle vs after | {memory['connections_idle']} vs {memory['connections_after_faults']} |",
          f"| mixed requests before the heap and connection counts (with faults, then healthy) | {single['mixed']['requests_with_healthy_rest']:,} |"]
open(os.path.join(out, "report.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
say "report: $out/report.md, $out/report.json"
