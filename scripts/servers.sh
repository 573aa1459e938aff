#!/usr/bin/env bash
# Starts the real ClickHouse and Redis servers the service needs, without Docker or systemd.
# Used by scripts/run.sh and by the test harness (src/test/.../LocalServers.java).
#
#   servers.sh install [zookeeper|node|prometheus]  install clickhouse-server and redis-server (and zookeeper, Node and npm,
#                                                   or Prometheus and promtool) if missing
#   servers.sh otel-js DIR                          install the OpenTelemetry JavaScript SDK client (src/test/js/otel-sdk-client)
#                                                   in DIR, at the versions its package-lock.json pins
#   servers.sh otel-java DIR                        fetch the OpenTelemetry Java SDK client (src/test/java-client/otel-sdk-client)
#                                                   and the SDK at the version its pom.xml pins into DIR
#   servers.sh clickhouse DIR HTTP_PORT TCP_PORT PW start ClickHouse with data in DIR, wait for /ping
#   servers.sh redis DIR PORT [MASTER_PORT]         start Redis with data in DIR (a replica of MASTER_PORT), wait for PING
#   servers.sh tls-certificates DIR                 make a CA (ca.crt) and, as NAME.crt + NAME.key: server (localhost,
#                                                   127.0.0.1), wrong-host (wrong.example), other-ca-server (localhost,
#                                                   from other-ca.crt), client (for mutual TLS); and dhparam.pem
#   servers.sh clickhouse-tls DIR HTTP_PORT HTTPS_PORT TCP_PORT PW CERTS NAME
#                                                   ClickHouse as above, also serving HTTPS with CERTS/NAME.crt,
#                                                   asking clients for a certificate of CERTS/ca.crt (mutual TLS)
#   servers.sh redis-tls DIR TLS_PORT CERTS NAME    Redis serving TLS only, with CERTS/NAME.crt, asking clients for a
#                                                   certificate of CERTS/ca.crt (as managed Redis with mutual TLS does)
#   servers.sh sentinel DIR PORT MASTER MASTER_PORT QUORUM
#                                                   start a Redis Sentinel watching the master named MASTER
#   servers.sh clickhouse-password DIR PW            change the password ClickHouse in DIR expects from user netra
#                                                   (it reloads users.xml by itself within seconds)
#   servers.sh redis-cluster DIR PORT...             start a Redis Cluster of these masters (3 or more, no replicas), wait for cluster_state:ok
#   servers.sh zookeeper DIR PORT                   start a standalone ZooKeeper with data in DIR, wait until it serves
#   servers.sh clickhouse-replica DIR HTTP_PORT TCP_PORT INTERSERVER_PORT PW ZOOKEEPER_PORT SHARD REPLICA TOPOLOGY
#                                                   start one replica of the cluster "netra"; TOPOLOGY lists every
#                                                   replica's TCP port, shards split by '/', replicas by ',' ("9001,9002/9003,9004")
#   servers.sh prometheus DIR PORT TARGET RULES     start Prometheus scraping the service at TARGET (host:port) every second
#                                                   and evaluating the rules file RULES, wait until it is ready
#   servers.sh cluster DIR PW BASE_PORT             ZooKeeper on BASE_PORT and 2 shards x 2 replicas of ClickHouse
#                                                   (replica n: HTTP BASE_PORT+10n, TCP +1, interserver +2)
#
# Each start prints the server's pid on stdout once it answers, and leaves it running in the background.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
CLICKHOUSE=/usr/sbin/clickhouse-server
REDIS=/usr/bin/redis-server
ZOOKEEPER_JARS=/usr/share/java/zookeeper.jar:/usr/share/java/zookeeper-jute.jar:/usr/share/java/slf4j-api.jar:/usr/share/java/slf4j-simple.jar

die() { echo "servers.sh: $*" >&2; exit 1; }

install() {
  local missing=()
  [ -x "$CLICKHOUSE" ] || missing+=(clickhouse-server clickhouse-client)
  [ -x "$REDIS" ] || missing+=(redis-server)
  [ "${1:-}" != zookeeper ] || [ -f /usr/share/java/zookeeper.jar ] || missing+=(zookeeper)
  [ "${1:-}" != node ] || command -v npm >/dev/null || missing+=(nodejs npm)
  [ "${1:-}" != prometheus ] || command -v promtool >/dev/null || missing+=(prometheus)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "missing ${missing[*]}: run as root: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  fi
  echo "servers.sh: installing ${missing[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

fill() { # template output dir key=value...
  local template=$1 out=$2; shift 2
  local sedargs=()
  for kv in "$@"; do sedargs+=(-e "s|@${kv%%=*}@|${kv#*=}|g"); done
  sed "${sedargs[@]}" "$template" > "$out"
}

wait_until() { # description command...
  local what=$1; shift
  for _ in $(seq 1 150); do
    # each attempt is bounded: a server can accept the connection and not answer (loading, starting)
    if timeout 2 "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  die "$what did not answer within a minute"
}

clickhouse() {
  local dir=$1 http=$2 tcp=$3 password=$4
  [ -x "$CLICKHOUSE" ] || install
  mkdir -p "$dir"/{log,data,tmp,user_files,format_schemas,config.d}
  fill "$here/servers/clickhouse-config.xml" "$dir/config.xml" "DIR=$dir" "HTTP_PORT=$http" "TCP_PORT=$tcp"
  fill "$here/servers/clickhouse-users.xml" "$dir/users.xml" "PASSWORD=$password"
  "$CLICKHOUSE" --config-file="$dir/config.xml" >"$dir/log/stdout.log" 2>&1 &
  local pid=$!
  wait_until "ClickHouse on 127.0.0.1:$http (log: $dir/log)" \
    bash -c "kill -0 $pid && exec 3<>/dev/tcp/127.0.0.1/$http && printf 'GET /ping HTTP/1.0\r\n\r\n' >&3 && grep -q '^Ok' <&3"
  echo "$pid"
}

clickhouse_password() {
  local dir=$1 password=$2
  [ -f "$dir/users.xml" ] || die "no ClickHouse in $dir"
  # ClickHouse notices a changed users.xml by its modification time in whole seconds: write in a later second
  local before; before=$(stat -c %Y "$dir/users.xml")
  while [ "$(date +%s)" -le "$before" ]; do sleep 0.1; done
  fill "$here/servers/clickhouse-users.xml" "$dir/users.xml.new" "PASSWORD=$password"
  mv "$dir/users.xml.new" "$dir/users.xml"
}

redis() {
  local dir=$1 port=$2 master=${3:-}
  [ -x "$REDIS" ] || install
  mkdir -p "$dir"
  fill "$here/servers/redis.conf" "$dir/redis.conf" "DIR=$dir" "PORT=$port"
  [ -z "$master" ] || echo "replicaof 127.0.0.1 $master" >> "$dir/redis.conf"
  "$REDIS" "$dir/redis.conf" >/dev/null 2>&1 &
  local pid=$!
  wait_until "Redis on 127.0.0.1:$port (log: $dir/redis.log)" \
    bash -c "kill -0 $pid && exec 3<>/dev/tcp/127.0.0.1/$port && printf 'PING\r\n' >&3 && head -n 1 <&3 | grep -q PONG"
  echo "$pid"
}

prometheus() {
  local dir=$1 port=$2 target=$3 rules=$4
  command -v prometheus >/dev/null || install prometheus
  mkdir -p "$dir/data"
  fill "$here/servers/prometheus.yml" "$dir/prometheus.yml" "RULES=$(realpath "$rules")" "TARGET=$target"
  command prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:$port" >"$dir/prometheus.log" 2>&1 &
  local pid=$!
  wait_until "Prometheus on 127.0.0.1:$port (log: $dir/prometheus.log)" \
    bash -c "kill -0 $pid && exec 3<>/dev/tcp/127.0.0.1/$port && printf 'GET /-/ready HTTP/1.0\r\n\r\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"
  echo "$pid"
}

tls_certificates() {
  local dir=$1
  mkdir -p "$dir"
  ca() { # name
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/$1.key" -out "$dir/$1.crt" -days 30 -subj "/CN=netra test $1" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  }
  leaf() { # name ca subject-alt-names
    openssl req -newkey rsa:2048 -nodes -keyout "$dir/$1.key" -out "$dir/$1.csr" -subj "/CN=$1" 2>/dev/null
    printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=%s\n' "$3" > "$dir/$1.ext"
    openssl x509 -req -in "$dir/$1.csr" -CA "$dir/$2.crt" -CAkey "$dir/$2.key" -CAcreateserial -out "$dir/$1.crt" -days 30 -sha256 \
      -extfile "$dir/$1.ext" 2>/dev/null
    rm "$dir/$1.csr" "$dir/$1.ext"
  }
  ca ca
  ca other-ca
  leaf server ca "DNS:localhost,IP:127.0.0.1"
  leaf wrong-host ca "DNS:wrong.example"
  leaf other-ca-server other-ca "DNS:localhost,IP:127.0.0.1"
  leaf client ca "DNS:netra-analytics"
  # ClickHouse 18.16 wants DH parameters for its TLS server; the RFC 7919 group needs no generating
  openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 -out "$dir/dhparam.pem" 2>/dev/null
  chmod 644 "$dir"/*.key
}

clickhouse_tls() {
  local dir=$1 http=$2 https=$3 tcp=$4 password=$5 certs=$6 name=$7
  mkdir -p "$dir/config.d"
  fill "$here/servers/clickhouse-tls.xml" "$dir/config.d/tls.xml" "HTTPS_PORT=$https" "CERT=$certs/$name.crt" "KEY=$certs/$name.key" \
    "DHPARAM=$certs/dhparam.pem" "CA=$certs/ca.crt"
  local pid; pid=$(clickhouse "$dir" "$http" "$tcp" "$password")
  wait_until "ClickHouse HTTPS on 127.0.0.1:$https (log: $dir/log)" bash -c "curl -sfk --cert '$certs/client.crt' --key '$certs/client.key' \\
    https://127.0.0.1:$https/ping | grep -q '^Ok'"
  echo "$pid"
}

redis_tls() {
  local dir=$1 port=$2 certs=$3 name=$4
  [ -x "$REDIS" ] || install
  mkdir -p "$dir"
  fill "$here/servers/redis.conf" "$dir/redis.conf" "DIR=$dir" "PORT=0"
  printf 'tls-port %s\ntls-cert-file %s\ntls-key-file %s\ntls-ca-cert-file %s\ntls-auth-clients yes\n' \
    "$port" "$certs/$name.crt" "$certs/$name.key" "$certs/ca.crt" >> "$dir/redis.conf"
  "$REDIS" "$dir/redis.conf" >/dev/null 2>&1 &
  local pid=$!
  wait_until "Redis TLS on 127.0.0.1:$port (log: $dir/redis.log)" bash -c "kill -0 $pid && redis-cli --tls --insecure \
    --cert '$certs/client.crt' --key '$certs/client.key' -p $port PING | grep -q PONG"
  echo "$pid"
}

redis_cluster() {
  local dir=$1; shift
  local addresses=() pids=()
  for port in "$@"; do
    mkdir -p "$dir/$port"
    fill "$here/servers/redis.conf" "$dir/$port/redis.conf" "DIR=$dir/$port" "PORT=$port"
    printf 'cluster-enabled yes\ncluster-config-file %s\ncluster-node-timeout 5000\n' "$dir/$port/nodes.conf" >> "$dir/$port/redis.conf"
    "$REDIS" "$dir/$port/redis.conf" >/dev/null 2>&1 &
    pids+=($!)
    addresses+=("127.0.0.1:$port")
  done
  for port in "$@"; do
    wait_until "Redis on 127.0.0.1:$port (log: $dir/$port/redis.log)" redis-cli -p "$port" PING
  done
  redis-cli --cluster create "${addresses[@]}" --cluster-replicas 0 --cluster-yes >"$dir/create.log" 2>&1 \
    || die "redis-cli --cluster create failed (log: $dir/create.log)"
  wait_until "Redis Cluster on ${addresses[*]}" bash -c "redis-cli -p $1 CLUSTER INFO | grep -q cluster_state:ok"
  echo "${pids[*]}"
}

sentinel() {
  local dir=$1 port=$2 master=$3 master_port=$4 quorum=$5
  [ -x "$REDIS" ] || install
  mkdir -p "$dir"
  # Sentinel rewrites its file as it learns the topology: each one gets its own copy
  fill "$here/servers/sentinel.conf" "$dir/sentinel.conf" "DIR=$dir" "PORT=$port" "MASTER=$master" \
    "MASTER_PORT=$master_port" "QUORUM=$quorum"
  "$REDIS" "$dir/sentinel.conf" --sentinel >/dev/null 2>&1 &
  local pid=$!
  wait_until "Sentinel on 127.0.0.1:$port (log: $dir/sentinel.log)" \
    bash -c "kill -0 $pid && exec 3<>/dev/tcp/127.0.0.1/$port && printf 'PING\r\n' >&3 && head -n 1 <&3 | grep -q PONG"
  echo "$pid"
}

zookeeper() {
  local dir=$1 port=$2
  [ -f /usr/share/java/zookeeper.jar ] || install zookeeper
  mkdir -p "$dir"
  java -Xmx128m -Dzookeeper.admin.enableServer=false -Dzookeeper.4lw.commands.whitelist=srvr \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$ZOOKEEPER_JARS" \
    org.apache.zookeeper.server.ZooKeeperServerMain "$port" "$dir/data" >"$dir/zookeeper.log" 2>&1 &
  local pid=$!
  # serving, not just running ("ruok" says imok before it takes sessions): a ClickHouse 18.16 whose DDL worker
  # found no ZooKeeper at startup crashes (SIGSEGV) on its first ON CLUSTER statement
  wait_until "ZooKeeper on 127.0.0.1:$port (log: $dir/zookeeper.log)" \
    bash -c "kill -0 $pid && exec 3<>/dev/tcp/127.0.0.1/$port && printf srvr >&3 && grep -q '^Mode: standalone' <&3"
  echo "$pid"
}

# One replica of the cluster: the single-node config plus config.d/cluster.xml (macros, ZooKeeper, remote_servers).
# internal_replication: a Distributed insert writes each block to one replica of its shard and replication copies it.
clickhouse_replica() {
  local dir=$1 http=$2 tcp=$3 interserver=$4 password=$5 zookeeper_port=$6 shard=$7 replica=$8 topology=$9
  mkdir -p "$dir/config.d"
  local shards
  shards=$(tr '/' '\n' <<<"$topology" | while read -r ports; do
    echo "            <shard><internal_replication>true</internal_replication>"
    tr ',' '\n' <<<"$ports" | while read -r port; do
      echo "                <replica><host>127.0.0.1</host><port>$port</port></replica>"
    done
    echo "            </shard>"
  done)
  fill "$here/servers/clickhouse-cluster.xml" "$dir/config.d/cluster.xml.tmp" "INTERSERVER_PORT=$interserver" \
    "ZOOKEEPER_PORT=$zookeeper_port" "SHARD=$shard" "REPLICA=$replica"
  awk -v shards="$shards" '/@REMOTE_SERVERS@/ { print shards; next } { print }' "$dir/config.d/cluster.xml.tmp" > "$dir/config.d/cluster.xml"
  rm "$dir/config.d/cluster.xml.tmp"
  clickhouse "$dir" "$http" "$tcp" "$password"
}

cluster() {
  local dir=$1 password=$2 base=$3
  local topology="$((base + 11)),$((base + 21))/$((base + 31)),$((base + 41))"
  echo "zookeeper $(zookeeper "$dir/zookeeper" "$base") 127.0.0.1:$base"
  local n=1
  for shard in 1 2; do
    for replica in 1 2; do
      local http=$((base + 10 * n))
      echo "clickhouse-s${shard}r${replica} $(clickhouse_replica "$dir/s${shard}r${replica}" "$http" $((http + 1)) $((http + 2)) \
        "$password" "$base" "$shard" "s${shard}r${replica}" "$topology") http://127.0.0.1:$http"
      n=$((n + 1))
    done
  done
}

cmd=${1:-}; shift || true
otel_js() {
  local dir=$1 client="$here/../src/test/js/otel-sdk-client"
  command -v npm >/dev/null || install node
  mkdir -p "$dir"
  # npm ci again only when the pinned versions changed
  if ! cmp -s "$client/package-lock.json" "$dir/package-lock.json" || [ ! -d "$dir/node_modules" ]; then
    cp "$client/package.json" "$client/package-lock.json" "$dir/"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
  cp "$client/export.mjs" "$dir/"
  echo "$dir"
}

otel_java() {
  local dir=$1 client="$here/../src/test/java-client/otel-sdk-client"
  mkdir -p "$dir"
  # fetch the SDK's jars again only when the pinned versions changed
  if ! cmp -s "$client/pom.xml" "$dir/pom.xml" || [ ! -d "$dir/lib" ]; then
    rm -rf "$dir/lib"
    "$here/../mvnw" -q -B -f "$client/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dir/lib" >&2
    cp "$client/pom.xml" "$dir/"
  fi
  cp "$client/ExportClient.java" "$dir/"
  echo "$dir"
}

case "$cmd" in
  install) install "$@" ;;
  otel-js) otel_js "$@" ;;
  otel-java) [ $# -eq 1 ] || die "usage: servers.sh otel-java DIR"; otel_java "$@" ;;
  clickhouse) [ $# -eq 4 ] || die "usage: servers.sh clickhouse DIR HTTP_PORT TCP_PORT PASSWORD"; clickhouse "$@" ;;
  redis) [ $# -eq 2 ] || [ $# -eq 3 ] || die "usage: servers.sh redis DIR PORT [MASTER_PORT]"; redis "$@" ;;
  tls-certificates) [ $# -eq 1 ] || die "usage: servers.sh tls-certificates DIR"; tls_certificates "$@" ;;
  clickhouse-tls) [ $# -eq 7 ] || die "usage: servers.sh clickhouse-tls DIR HTTP_PORT HTTPS_PORT TCP_PORT PASSWORD CERTS NAME"; clickhouse_tls "$@" ;;
  redis-tls) [ $# -eq 4 ] || die "usage: servers.sh redis-tls DIR TLS_PORT CERTS NAME"; redis_tls "$@" ;;
  redis-cluster) [ $# -ge 4 ] || die "usage: servers.sh redis-cluster DIR PORT PORT PORT..."; [ -x "$REDIS" ] || install; redis_cluster "$@" ;;
  sentinel) [ $# -eq 5 ] || die "usage: servers.sh sentinel DIR PORT MASTER MASTER_PORT QUORUM"; sentinel "$@" ;;
  clickhouse-password) [ $# -eq 2 ] || die "usage: servers.sh clickhouse-password DIR PASSWORD"; clickhouse_password "$@" ;;
  zookeeper) [ $# -eq 2 ] || die "usage: servers.sh zookeeper DIR PORT"; zookeeper "$@" ;;
  clickhouse-replica) [ $# -eq 9 ] || die "usage: servers.sh clickhouse-replica DIR HTTP_PORT TCP_PORT INTERSERVER_PORT PASSWORD ZOOKEEPER_PORT SHARD REPLICA TOPOLOGY"
    clickhouse_replica "$@" ;;
  prometheus) [ $# -eq 4 ] || die "usage: servers.sh prometheus DIR PORT TARGET RULES"; prometheus "$@" ;;
  cluster) [ $# -eq 3 ] || die "usage: servers.sh cluster DIR PASSWORD BASE_PORT"; cluster "$@" ;;
  *) die "usage: servers.sh install [zookeeper|node|prometheus] | otel-js DIR | otel-java DIR | clickhouse DIR HTTP_PORT TCP_PORT PASSWORD | redis DIR PORT [MASTER_PORT] | tls-certificates DIR | clickhouse-tls DIR HTTP_PORT HTTPS_PORT TCP_PORT PASSWORD CERTS NAME | redis-tls DIR TLS_PORT CERTS NAME | redis-cluster DIR PORT... | sentinel DIR PORT MASTER MASTER_PORT QUORUM | clickhouse-password DIR PASSWORD | zookeeper DIR PORT | clickhouse-replica DIR HTTP_PORT TCP_PORT INTERSERVER_PORT PASSWORD ZOOKEEPER_PORT SHARD REPLICA TOPOLOGY | prometheus DIR PORT TARGET RULES | cluster DIR PASSWORD BASE_PORT" ;;
esac
