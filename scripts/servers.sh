#!/usr/bin/env bash
# Starts the real ClickHouse and Redis servers the service needs, without Docker or systemd.
# Used by scripts/run.sh and by the test harness (src/test/.../LocalServers.java).
#
#   servers.sh install                              install clickhouse-server and redis-server if missing
#   servers.sh clickhouse DIR HTTP_PORT TCP_PORT PW start ClickHouse with data in DIR, wait for /ping
#   servers.sh redis DIR PORT [MASTER_PORT]         start Redis with data in DIR (a replica of MASTER_PORT), wait for PING
#   servers.sh sentinel DIR PORT MASTER MASTER_PORT QUORUM
#                                                   start a Redis Sentinel watching the master named MASTER
#   servers.sh clickhouse-password DIR PW            change the password ClickHouse in DIR expects from user netra
#                                                   (it reloads users.xml by itself within seconds)
#
# Each start prints the server's pid on stdout once it answers, and leaves it running in the background.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
CLICKHOUSE=/usr/sbin/clickhouse-server
REDIS=/usr/bin/redis-server

die() { echo "servers.sh: $*" >&2; exit 1; }

install() {
  local missing=()
  [ -x "$CLICKHOUSE" ] || missing+=(clickhouse-server clickhouse-client)
  [ -x "$REDIS" ] || missing+=(redis-server)
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
  mkdir -p "$dir"/{log,data,tmp,user_files,format_schemas}
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

cmd=${1:-}; shift || true
case "$cmd" in
  install) install ;;
  clickhouse) [ $# -eq 4 ] || die "usage: servers.sh clickhouse DIR HTTP_PORT TCP_PORT PASSWORD"; clickhouse "$@" ;;
  redis) [ $# -eq 2 ] || [ $# -eq 3 ] || die "usage: servers.sh redis DIR PORT [MASTER_PORT]"; redis "$@" ;;
  sentinel) [ $# -eq 5 ] || die "usage: servers.sh sentinel DIR PORT MASTER MASTER_PORT QUORUM"; sentinel "$@" ;;
  clickhouse-password) [ $# -eq 2 ] || die "usage: servers.sh clickhouse-password DIR PASSWORD"; clickhouse_password "$@" ;;
  *) die "usage: servers.sh install | clickhouse DIR HTTP_PORT TCP_PORT PASSWORD | redis DIR PORT [MASTER_PORT] | sentinel DIR PORT MASTER MASTER_PORT QUORUM | clickhouse-password DIR PASSWORD" ;;
esac
