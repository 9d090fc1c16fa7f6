#!/usr/bin/env bash
# A one-machine Ray cluster (a head node) on loopback that taleforge joins through RAY_ADDRESS.
#
#   infra/ray-head.sh start [RAY START OPTIONS...]   # e.g. --num-cpus 8 --num-gpus 1
#   infra/ray-head.sh stop
#   infra/ray-head.sh status    # exit 0 when running, 3 when not
#   infra/ray-head.sh address   # the RAY_ADDRESS to use
#
# It runs `ray start --head --block` in a session of its own and stops exactly that session's
# processes. (`ray stop` would stop every Ray process of this user on the machine, other clusters
# and test runs included.)
#
# Environment (all optional):
#   TALEFORGE_STACK_DIR        state directory (default ~/.taleforge/stack): Ray's temp dir is ray/ there
#                              (or under /tmp when the path is too long for Ray's Unix sockets),
#                              the log ray-head.log, the pid file ray-head.pid
#   TALEFORGE_RAY_PORT         the GCS port, which RAY_ADDRESS names (default 6379)
#   TALEFORGE_RAY_CLIENT_PORT  the Ray Client port, for ray://127.0.0.1:PORT (default 10001)
#
# Ray listens on every interface whatever address it is given (it swaps 127.0.0.1 for the machine's
# address), so the head requires Ray's token authentication: the token is generated into
# ray-auth-token under the state directory, and a driver needs RAY_AUTH_MODE=token and
# RAY_AUTH_TOKEN_PATH pointing at that file (`infra/ray-head.sh env` prints them).
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/common.bash"

usage() {  # usage [CODE]: the help text, on stderr unless CODE is 0
  (( ${1:-2} == 0 )) || exec >&2
  cat <<EOF
usage: infra/ray-head.sh start [RAY START OPTIONS...] | stop | status | address | env

  start    start a Ray head on 127.0.0.1:\${TALEFORGE_RAY_PORT:-6379} (dashboard and usage stats off)
           in the background; options after 'start' go to 'ray start' (e.g. --num-cpus 8 --num-gpus 1);
           print the RAY_ADDRESS
  stop     stop this head and every process it started
  status   say whether it runs (exit 0) or not (exit 3)
  address  print the RAY_ADDRESS
  env      print export lines for RAY_ADDRESS and the token authentication a driver needs

State lives under \${TALEFORGE_STACK_DIR:-~/.taleforge/stack} (ray/, ray-head.log).
EOF
  exit "${1:-2}"
}

setup() {
  stack="$(stack_dir)"
  pidfile="$stack/ray-head.pid"
  portfile="$stack/ray-head.port"
  log="$stack/ray-head.log"
  token="$stack/ray-auth-token"
  temp="$stack/ray"
  # Ray puts Unix sockets at TEMP/session_<date>_<pid>/sockets/...; a socket path holds at most 107 bytes.
  if (( ${#temp} > 40 )); then
    temp="${TMPDIR:-/tmp}/taleforge-ray-$(printf '%s' "$stack" | cksum | cut -d' ' -f1)"
  fi
}

port() {  # the GCS port of the running head, else the one asked for
  if group_alive "$pidfile" && [[ -s "$portfile" ]]; then
    cat "$portfile"
  else
    local port="${TALEFORGE_RAY_PORT:-6379}"
    check_port TALEFORGE_RAY_PORT "$port"
    echo "$port"
  fi
}

address() {
  local port
  port="$(port)"
  group_alive "$pidfile" || note "the head is not running (infra/ray-head.sh start)"
  echo "127.0.0.1:$port"
}

env() {
  local address
  address="$(address)"
  printf 'export RAY_ADDRESS=%q\nexport RAY_AUTH_MODE=token\nexport RAY_AUTH_TOKEN_PATH=%q\n' "$address" "$token"
}

make_token() {
  [[ -s "$token" ]] && return 0
  (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$token")
}

started() {  # `ray start` has written its banner since byte $1 of the log
  tail -c "+$(($1 + 1))" "$log" | grep -q "Ray runtime started"
}

start() {
  local port client_port offset ray
  port="$(port)"
  if group_alive "$pidfile"; then
    echo "ray-head: already running (log in $log)"
  else
    client_port="${TALEFORGE_RAY_CLIENT_PORT:-10001}"
    check_port TALEFORGE_RAY_CLIENT_PORT "$client_port"
    port_open "$port" && die 1 "127.0.0.1:$port is in use by something else; set TALEFORGE_RAY_PORT to a free port"
    port_open "$client_port" \
      && die 1 "127.0.0.1:$client_port is in use by something else; set TALEFORGE_RAY_CLIENT_PORT to a free port"
    ray="$(venv_tool ray)"
    mkdir -p "$temp"
    echo "$port" >"$portfile"
    touch "$log"
    offset="$(stat -c %s "$log")"
    echo "--- $(date -u +%FT%TZ) ray start --head on 127.0.0.1:$port" >>"$log"
    make_token
    # No drain on SIGTERM: it waits for every worker lease to return, and taleforge's actors hold theirs
    # for as long as they live.
    RAY_GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT_S=0 RAY_USAGE_STATS_ENABLED=0 RAY_AUTH_MODE=token RAY_AUTH_TOKEN_PATH="$token" spawn "$pidfile" "$log" "$ray" start --head --block \
      --node-ip-address=127.0.0.1 --port="$port" --ray-client-server-port="$client_port" \
      --include-dashboard=false --disable-usage-stats --temp-dir="$temp" "$@"
    wait_until 120 "$pidfile" "$log" "ray start" started "$offset"
    echo "ray-head: started on 127.0.0.1:$port (Ray Client on ray://127.0.0.1:$client_port, temp dir $temp, log in $log)"
  fi
  echo "RAY_ADDRESS=127.0.0.1:$port RAY_AUTH_MODE=token RAY_AUTH_TOKEN_PATH=$token"
}

status() {
  local port
  port="$(port)"
  if group_alive "$pidfile" && port_open "$port"; then
    echo "ray-head: running, RAY_ADDRESS=127.0.0.1:$port (temp dir $temp, log in $log)"
  elif group_alive "$pidfile"; then
    echo "ray-head: starting, or its GCS does not answer on port $port (log in $log)"
    return 1
  else
    echo "ray-head: not running"
    return 3
  fi
}

stop() {
  stop_group "$pidfile" ray-head 30
}

[[ $# -ge 1 ]] || usage
command="$1"
shift
case "$command" in
  start) ;;
  stop | status | address | env) [[ $# -eq 0 ]] || usage ;;
  -h | --help | help) usage 0 ;;
  *) usage ;;
esac
setup
"$command" "$@"
