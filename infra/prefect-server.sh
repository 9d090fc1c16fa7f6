#!/usr/bin/env bash
# A Prefect server on loopback: the API that `taleforge serve` registers its schedule with and that
# records every flow run.
#
#   infra/prefect-server.sh start     # start in the background, wait until /api/health answers
#   infra/prefect-server.sh stop
#   infra/prefect-server.sh status    # exit 0 when it answers, 3 when it is not running
#   infra/prefect-server.sh url       # the PREFECT_API_URL to use
#
# Environment (all optional):
#   TALEFORGE_STACK_DIR    state directory (default ~/.taleforge/stack): PREFECT_HOME is prefect/ there,
#                          the log prefect-server.log, the pid file prefect-server.pid
#   PREFECT_PORT           API port on 127.0.0.1 (default 4200)
#   PREFECT_SERVER_DATABASE_CONNECTION_URL
#                          the server's database (default: SQLite in its PREFECT_HOME); PostgreSQL
#                          through asyncpg, e.g. postgresql+asyncpg://taleforge:PW@127.0.0.1:5432/prefect
#                          (infra/stack.sh points it at infra/postgres.sh's `prefect` database)
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/common.bash"

usage() {  # usage [CODE]: the help text, on stderr unless CODE is 0
  (( ${1:-2} == 0 )) || exec >&2
  cat <<EOF
usage: infra/prefect-server.sh start|stop|status|url

  start   start 'prefect server start' on 127.0.0.1:\${PREFECT_PORT:-4200} (UI and analytics off) in the
          background and wait until /api/health answers; print the PREFECT_API_URL
  stop    stop it (its database stays)
  status  say whether it answers (exit 0) or is not running (exit 3)
  url     print the PREFECT_API_URL

State lives under \${TALEFORGE_STACK_DIR:-~/.taleforge/stack} (prefect/, prefect-server.log).
EOF
  exit "${1:-2}"
}

setup() {
  stack="$(stack_dir)"
  home="$stack/prefect"
  pidfile="$stack/prefect-server.pid"
  portfile="$stack/prefect-server.port"
  log="$stack/prefect-server.log"
}

port() {  # the port of the running server, else the one asked for
  if group_alive "$pidfile" && [[ -s "$portfile" ]]; then
    cat "$portfile"
  else
    local port="${PREFECT_PORT:-4200}"
    check_port PREFECT_PORT "$port"
    echo "$port"
  fi
}

healthy() {
  curl -fsS --max-time 5 "http://127.0.0.1:$1/api/health" >/dev/null 2>&1
}

url() {
  local port
  port="$(port)"
  group_alive "$pidfile" || note "the server is not running (infra/prefect-server.sh start)"
  echo "http://127.0.0.1:$port/api"
}

start() {
  local port
  port="$(port)"
  if group_alive "$pidfile"; then
    echo "prefect-server: already running (log in $log)"
  else
    port_open "$port" && die 1 "127.0.0.1:$port is in use by something else; set PREFECT_PORT to a free port"
    local prefect
    prefect="$(venv_tool prefect)"
    mkdir -p "$home"
    echo "$port" >"$portfile"
    echo "--- $(date -u +%FT%TZ) prefect server start on 127.0.0.1:$port" >>"$log"
    PREFECT_HOME="$home" \
      PREFECT_API_URL="http://127.0.0.1:$port/api" \
      PREFECT_SERVER_ANALYTICS_ENABLED=false \
      PREFECT_SERVER_UI_ENABLED=false \
      PREFECT_SERVER_API_HOST=127.0.0.1 \
      PREFECT_SERVER_API_PORT="$port" \
      spawn "$pidfile" "$log" "$prefect" server start --host 127.0.0.1 --port "$port" \
      --analytics-off --no-ui
    # The first start migrates the database: tens of seconds on a small machine.
    wait_until 240 "$pidfile" "$log" "prefect server" healthy "$port"
    echo "prefect-server: started on 127.0.0.1:$port (PREFECT_HOME $home, log in $log)"
  fi
  echo "PREFECT_API_URL=http://127.0.0.1:$port/api"
}

status() {
  local port
  port="$(port)"
  if ! group_alive "$pidfile"; then
    echo "prefect-server: not running"
    return 3
  fi
  if healthy "$port"; then
    echo "prefect-server: running, PREFECT_API_URL=http://127.0.0.1:$port/api (log in $log)"
  else
    echo "prefect-server: running but /api/health does not answer on port $port (log in $log)"
    return 1
  fi
}

stop() {
  stop_group "$pidfile" prefect-server 30
}

[[ $# -eq 1 ]] || usage
case "$1" in
  start | stop | status | url) ;;
  -h | --help | help) usage 0 ;;
  *) usage ;;
esac
setup
"$1"
