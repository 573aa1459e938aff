#!/usr/bin/env bash
# Container smoke test: builds the image with podman and runs it as the Deployment runs it (read-only root
# filesystem, non-root user, no capabilities, the prod overlay's ConfigMap and env, the JWT public key mounted as a
# file, an in-memory /tmp as the emptyDir, the Deployment's memory limit) against ClickHouse and Redis from
# servers.sh. Checks the three probes, an authenticated ingest and query, and SIGTERM under load (exit within the
# grace period, every acknowledged event stored once); prints start time, image size and RSS.
#
#   scripts/container-smoke.sh [native|jvm]       (default native)
#
# native: builds the executable when target/ has none, with GRAALVM_HOME when set, else with the native-image
# stand-in of ../shared/native-image (set up on first use). No registry is reachable here, so the base image is
# built locally from this machine's files (FROM scratch: the executable's libraries, or a Java runtime) and passed
# as BASE_IMAGE; the shipped Dockerfiles default to their usual bases.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-native}
case $kind in native|jvm) ;; *) echo "usage: $0 [native|jvm]" >&2; exit 2 ;; esac
podman=(podman --storage-driver vfs --runtime runc)
image=localhost/netra-analytics:$kind
container=netra-smoke-$kind

need() { # COMMAND PACKAGE
  command -v "$1" >/dev/null && return
  [ "$(id -u)" -eq 0 ] || { echo "$1 is missing: apt-get install $2" >&2; exit 2; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}
need podman podman; need buildah buildah; need runc runc; need kubectl kubectl
python3 -c 'import yaml' 2>/dev/null || need python3-yaml-missing python3-yaml

. scripts/lib/harness.sh
cleanup_container() { "${podman[@]}" rm -f "$container" >/dev/null 2>&1 || true; }
trap 'cleanup_container; cleanup' EXIT

build_native() {
  local graal=${GRAALVM_HOME:-}
  if [ -z "$graal" ]; then
    graal=${NATIVE_IMAGE_HOME:-/opt/native-image-25}
    say "setting up the native-image stand-in in $graal (../shared/native-image)"
    ../shared/native-image/setup.sh "$graal" > "$work/native-setup.log" 2>&1 || { cat "$work/native-setup.log"; exit 1; }
    export JAVA_HOME=${NI_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
  fi
  say "building the native executable (3-4 minutes on 2 cores)"
  ./mvnw -B -q package -Dnative -DskipTests -Djacoco.skip=true -Dquarkus.native.graalvm-home="$graal"
}

# copies FILES and the shared libraries they load into the root filesystem DIR, at the same paths, links resolved
copy_with_libraries() {
  local root=$1; shift
  for file in "$@"; do
    for copy in "$file" $(ldd "$file" 2>/dev/null | grep -o '/[^ ]*'); do
      [ -e "$root$copy" ] || { mkdir -p "$root$(dirname "$copy")"; cp -L "$copy" "$root$copy"; }
    done
  done
}

build_base() {
  local base=target/container-base/$kind root
  root=$base/rootfs
  rm -rf "$base"; mkdir -p "$root/etc" "$root/tmp" "$root/usr/bin"
  chmod 1777 "$root/tmp"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnetra:x:1001:0:netra:/deployments:/sbin/nologin\n' > "$root/etc/passwd"
  printf 'root:x:0:\n' > "$root/etc/group"
  if [ "$kind" = native ]; then
    local runner runpath
    runner=$(ls target/*-runner)
    copy_with_libraries "$root" "$runner"
    rm -rf "$root/$(dirname "$runner")"
    # the stand-in toolchain links the JDK's shared libraries from its home at run time; a real GraalVM does not
    runpath=$(readelf -d "$runner" | sed -n 's/.*R\(UN\)\{0,1\}PATH.*\[\(.*\)\]/\2/p' | tr ':' ' ')
    for dir in $runpath; do [ -d "$dir" ] && copy_with_libraries "$root" "$dir"/*.so*; done
  else
    local java_home
    java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    mkdir -p "$root$java_home"
    # links resolved (Debian links configuration in from /etc); dangling ones, such as src.zip, left out
    { tar -C "$java_home" --dereference -cf - . 2>/dev/null || true; } | tar -C "$root$java_home" -xf -
    copy_with_libraries "$root" "$java_home/bin/java" $(find "$java_home/lib" -name '*.so')
    ln -sf "$java_home/bin/java" "$root/usr/bin/java"
  fi
  printf 'FROM scratch\nCOPY rootfs/ /\n' > "$base/Containerfile"
  "${podman[@]}" build -q -t "localhost/netra-base-$kind" -f "$base/Containerfile" "$base" > /dev/null
}

if [ "$kind" = native ]; then
  ls target/*-runner >/dev/null 2>&1 || build_native
else
  [ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests -Djacoco.skip=true
fi
say "building the local base image and the $kind image"
build_base
"${podman[@]}" build -q -f "src/main/docker/Dockerfile.$kind" --build-arg BASE_IMAGE="localhost/netra-base-$kind" -t "$image" . > /dev/null
image_mib=$(( $("${podman[@]}" image inspect --format '{{.Size}}' "$image") / 1048576 ))

harness_servers
# what the Deployment runs: the prod overlay (the jvm component for the JVM image), rendered by Kustomize
overlay=k8s/overlays/prod; [ "$kind" = jvm ] && overlay=k8s/overlays/prod-jvm
kubectl kustomize "$overlay" > "$work/rendered.yaml"
python3 - "$work/rendered.yaml" "$work" <<'PY'
import sys, yaml, shlex
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
deployment = next(d for d in docs if d["kind"] == "Deployment")
pod = deployment["spec"]["template"]["spec"]
container = pod["containers"][0]
config_name = container["envFrom"][0]["configMapRef"]["name"]
config = next(d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"] == config_name)
env = dict(config["data"])
secrets = {}
for entry in container.get("env", []):
    if "value" in entry:
        env[entry["name"]] = entry["value"]
    else:
        secrets[entry["name"]] = entry["valueFrom"]["secretKeyRef"]["key"]
with open(sys.argv[2] + "/deployment.env", "w") as out:
    for name, value in env.items():
        out.write(f"{name}={value}\n")
mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
key_volume = next(v for v in pod["volumes"] if "secret" in v)
probes = {p: container[p + "Probe"]["httpGet"]["path"] for p in ("startup", "liveness", "readiness")}
facts = {
    "args": " ".join(container.get("args", [])),
    "user": pod["securityContext"]["runAsUser"],
    "grace": pod["terminationGracePeriodSeconds"],
    "limit": container["resources"]["limits"]["memory"].removesuffix("Mi"),
    "key_dir": mounts[key_volume["name"]],
    "key_file": key_volume["secret"]["items"][0]["path"],
    "tmp_dir": mounts["tmp"],
    "startup_path": probes["startup"], "liveness_path": probes["liveness"], "readiness_path": probes["readiness"],
    "secret_envs": " ".join(f"{name}:{key}" for name, key in secrets.items()),
}
with open(sys.argv[2] + "/deployment.facts", "w") as out:
    for name, value in facts.items():
        out.write(f"{name}={shlex.quote(str(value))}\n")
PY
. "$work/deployment.facts"
mkdir -p "$work/jwt" && cp "$work/issuer.pub" "$work/jwt/$key_file"
{
  # where this machine's servers and issuer are, instead of the overlay's cluster addresses
  grep -v -E '^(NETRA_CLICKHOUSE_URL|QUARKUS_REDIS_HOSTS|MP_JWT_VERIFY_ISSUER)=' "$work/deployment.env"
  echo "NETRA_CLICKHOUSE_URL=http://127.0.0.1:$ch_http"
  echo "QUARKUS_REDIS_HOSTS=redis://127.0.0.1:$redis_port"
  echo "MP_JWT_VERIFY_ISSUER=$issuer"
  echo "QUARKUS_HTTP_PORT=$port"
  # the throughput figure comes from one tenant: its fair-share limits would measure themselves, not the image
  echo "NETRA_TENANTS_INGEST_RATE=100000000"
  echo "NETRA_TENANTS_INGEST_BURST=100000000"
  for pair in $secret_envs; do
    case ${pair#*:} in clickhouse-password) echo "${pair%%:*}=$password" ;; *) echo "${pair%%:*}=" ;; esac
  done
} > "$work/container.env"

failures=0
check() { # DESCRIPTION COMMAND...
  if "${@:2}" > "$work/check.out" 2>&1; then say "  ok    $1"; else say "  FAIL  $1: $(head -c 300 "$work/check.out")"; failures=$((failures + 1)); fi
}
url=http://127.0.0.1:$port
millis() { date +%s%3N; }

run_container() {
  cleanup_container
  started_at=$(millis)
  # --read-only-tmpfs=false: nothing writable but the /tmp the Deployment mounts, as with readOnlyRootFilesystem
  "${podman[@]}" run -d --name "$container" --network host --read-only --read-only-tmpfs=false \
    --tmpfs "$tmp_dir:rw,size=16m,mode=1777" --user "$user:0" --cap-drop ALL --security-opt no-new-privileges \
    --memory "${limit}m" --ulimit nofile=20000:20000 --ulimit nproc=4096:4096 \
    --env-file "$work/container.env" -v "$work/jwt:$key_dir:ro" "$image" $args > /dev/null
  for _ in $(seq 1 600); do curl -sf "$url$startup_path" > /dev/null && break; sleep 0.05; done
  first_served_ms=$(( $(millis) - started_at ))
  container_pid=$("${podman[@]}" inspect --format '{{.State.Pid}}' "$container")
}
rss_mib() { echo $(( $(ps -o rss= -p "$container_pid" | tr -d ' ') / 1024 )); }

say "running the $kind image as the Deployment does: user $user, read-only root, memory limit ${limit}Mi, args '$args'"
run_container
say "  first request served ${first_served_ms} ms after podman run"
sleep 2
rss_idle=$(rss_mib)
check "startup probe $startup_path" curl -sf "$url$startup_path"
check "liveness probe $liveness_path" curl -sf "$url$liveness_path"
check "readiness probe $readiness_path" curl -sf "$url$readiness_path"
auth="Authorization: Bearer $(token smoke)"
event=$(cat /proc/sys/kernel/random/uuid)
check "authenticated ingest is acknowledged (202)" \
  sh -c "curl -sf -o /dev/null -w '%{http_code}' -H '$auth' -H 'Content-Type: application/json' \
    -d '{\"eventId\":\"$event\",\"metric\":\"smoke\",\"value\":42}' $url/api/v1/metrics | grep -qx 202"
check "the query answers with the event" \
  sh -c "curl -sS -H '$auth' '$url/api/v1/metrics/summary?metric=smoke&interval=1h' | tee /dev/stderr | grep -q '\"count\":1'"
check "no token: 401" sh -c "curl -s -o /dev/null -w '%{http_code}' '$url/api/v1/metrics/summary?metric=smoke&interval=1h' | grep -qx 401"
check "the root filesystem is read-only" sh -c "${podman[*]} inspect --format '{{.HostConfig.ReadonlyRootfs}}' $container | grep -qx true"
check "the memory limit is the Deployment's (${limit} MiB)" sh -c "${podman[*]} inspect --format '{{.HostConfig.Memory}}' $container | grep -qx $((limit * 1048576))"

say "load: ingest (16 connections, 500 events per request) and cached queries (64 connections), 15 s"
TOKEN=$(token smoke-load) BATCH=500 BODIES=32 wrk -t1 -c16 -d15s -s scripts/load/ingest.lua "$url" > "$work/ingest.wrk" 2>&1 &
wrk -t1 -c64 -d15s -H "$auth" "$url/api/v1/metrics/summary?metric=smoke&interval=1h" > "$work/query.wrk" 2>&1
wait
rss_load=$(rss_mib)
ingest_rate=$(awk '/Requests\/sec/ {printf "%d", $2 * 500}' "$work/ingest.wrk")
query_rate=$(awk '/Requests\/sec/ {printf "%d", $2}' "$work/query.wrk")

say "SIGTERM under ingest load: the container must exit within its ${grace}s grace period, every acknowledged event stored"
TOKEN=$(token sigterm) ACKED_FILE=$work/sigterm.acked BATCH=50 wrk -t1 -c8 -d8s -s scripts/load/ingest.lua "$url" > "$work/sigterm.wrk" 2>&1 &
wrk_pid=$!
sleep 4
stop_at=$(millis)
"${podman[@]}" stop -t "$grace" "$container" > /dev/null
stop_ms=$(( $(millis) - stop_at ))
exit_code=$("${podman[@]}" inspect --format '{{.State.ExitCode}}' "$container")
wait $wrk_pid || true
# 143: the JVM's and the native executable's exit on SIGTERM after the shutdown hooks ran; 137 would be SIGKILL
check "exited by itself within the grace period (${stop_ms} ms, exit code $exit_code)" \
  sh -c "[ $stop_ms -lt $((grace * 1000)) ] && { [ $exit_code -eq 0 ] || [ $exit_code -eq 143 ]; }"
tally_header
tally sigterm "$work/sigterm.wrk"
[ -n "$tally_ok" ] || { say "  FAIL  acknowledged events are missing or stored twice"; failures=$((failures + 1)); }
"${podman[@]}" logs "$container" > "$work/container.log" 2>&1 || true
started_in=$(sed -n 's/.*started in \([0-9.]*s\).*/\1/p' "$work/container.log" | head -1)

cat <<EOF

| $kind image | value |
|---|---|
| image size | ${image_mib} MiB (local base: this machine's libraries$( [ "$kind" = jvm ] && echo " and JDK" )) |
| first request served after \`podman run\` (Quarkus's own "started in") | ${first_served_ms} ms (${started_in}) |
| RSS idle / after 15 s of load (limit ${limit} MiB) | ${rss_idle} MiB / ${rss_load} MiB |
| under that load | ${ingest_rate} events/s ingested, ${query_rate} cached queries/s |
| SIGTERM under load to exit | ${stop_ms} ms (grace ${grace} s) |

EOF
say "container log: $work/container.log"
[ "$failures" -eq 0 ] && say "container smoke passed ($kind)" || { say "container smoke FAILED ($kind): $failures checks"; exit 1; }
