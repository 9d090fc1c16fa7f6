#!/usr/bin/env bash
# A PostgreSQL cluster for taleforge's job records (and the Prefect server's), on loopback.
#
#   infra/postgres.sh start           # initdb on first use, start, create the databases
#   infra/postgres.sh stop
#   infra/postgres.sh status          # exit 0 when running, 3 when not
#   infra/postgres.sh url [DATABASE]  # the SQLAlchemy URL (psycopg driver) of DATABASE (default taleforge)
#
# Databases: `taleforge` (TALEFORGE_DATABASE_URL) and `prefect` (a Prefect server's own), both owned by
# the role `taleforge`. TCP connections come from 127.0.0.1 only and need the role's password; the
# superuser `postgres` is reachable only through the Unix socket in a directory only the server's user
# can open.
#
# Environment (all optional):
#   TALEFORGE_STACK_DIR    state directory (default ~/.taleforge/stack); the cluster is in postgres/data,
#                          its log in postgres/postgres.log, the role's password in postgres.password
#   TALEFORGE_PG_PORT      TCP port on 127.0.0.1 (default 5432)
#   TALEFORGE_PG_PASSWORD  the role's password (default: generated on first start and kept)
#   TALEFORGE_PG_BIN       directory of initdb/pg_ctl/psql (default: initdb on PATH, else the newest
#                          /usr/lib/postgresql/*/bin, Debian's layout)
#
# Run as root, the server runs as the `postgres` user, which must be able to reach the state directory.
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/common.bash"

usage() {  # usage [CODE]: the help text, on stderr unless CODE is 0
  (( ${1:-2} == 0 )) || exec >&2
  cat <<EOF
usage: infra/postgres.sh start|stop|status|url [DATABASE]

  start   create the cluster on first use, start it on 127.0.0.1:\${TALEFORGE_PG_PORT:-5432},
          create the databases taleforge and prefect
  stop    stop the server (the data stays)
  status  say whether it runs (exit 0) or not (exit 3)
  url     print the SQLAlchemy URL of DATABASE (default taleforge)

State lives under \${TALEFORGE_STACK_DIR:-~/.taleforge/stack}/postgres.
EOF
  exit "${1:-2}"
}

DATABASES=(taleforge prefect)
ROLE=taleforge

pg_bin() {
  local dir="${TALEFORGE_PG_BIN:-}"
  if [[ -z "$dir" ]]; then
    if command -v initdb >/dev/null 2>&1; then
      dir="$(dirname "$(readlink -f "$(command -v initdb)")")"
    else
      dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    fi
  fi
  if [[ -z "$dir" || ! -x "$dir/initdb" || ! -x "$dir/pg_ctl" || ! -x "$dir/psql" ]]; then
    die 2 "PostgreSQL binaries (initdb, pg_ctl, psql) not found; install PostgreSQL (Debian: apt-get install postgresql) or set TALEFORGE_PG_BIN"
  fi
  echo "$dir"
}

setup() {
  stack="$(stack_dir)"
  pg_home="$stack/postgres"
  data="$pg_home/data"
  sockets="$pg_home/run"
  log="$pg_home/postgres.log"
  password_file="$stack/postgres.password"
  server_user=""
  if (( EUID == 0 )); then
    # PostgreSQL refuses to run as root.
    id postgres >/dev/null 2>&1 || die 2 "running as root, but there is no 'postgres' user to run the server as"
    server_user=postgres
  fi
}

as_server() {  # run a PostgreSQL tool as the server's user, from a directory that user can read
  if [[ -n "$server_user" ]]; then
    (cd "$pg_home" && runuser -u "$server_user" -- "$@")
  else
    (cd "$pg_home" && "$@")
  fi
}

running() {
  [[ -d "$data" ]] && as_server "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1
}

running_port() {  # the port in postmaster.pid (its 4th line) while the server runs
  sed -n 4p "$data/postmaster.pid" 2>/dev/null || true
}

wanted_port() {
  local port="${TALEFORGE_PG_PORT:-5432}"
  check_port TALEFORGE_PG_PORT "$port"
  echo "$port"
}

password() {  # TALEFORGE_PG_PASSWORD, else the kept one, else a new one; kept for the next call
  local pw="${TALEFORGE_PG_PASSWORD:-}" kept=""
  [[ -s "$password_file" ]] && kept="$(<"$password_file")"
  [[ -n "$pw" ]] || pw="$kept"
  [[ -n "$pw" ]] || pw="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  # It goes into a URL and an SQL literal unescaped.
  [[ "$pw" =~ ^[A-Za-z0-9._~-]+$ ]] || die 2 "TALEFORGE_PG_PASSWORD may hold only letters, digits and . _ ~ -"
  [[ "$pw" == "$kept" ]] || (umask 077 && printf '%s\n' "$pw" >"$password_file")
  echo "$pw"
}

psql_super() {  # psql_super SQL: run SQL as the superuser through the socket, print tuples only
  local port
  port="$(running_port)"
  # On stdin, not the command line, where other users could read the password in it.
  printf '%s\n' "$1" | as_server "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$sockets" -p "$port" \
    -U postgres -d postgres -tA -f -
}

own_log() {  # the server's user writes the log
  touch "$log"
  [[ -z "$server_user" ]] || chown "$server_user:" "$log"
}

init_cluster() {
  [[ -f "$data/PG_VERSION" ]] && return 0
  mkdir -p "$pg_home"
  chmod 700 "$pg_home"  # the log can hold statements
  if [[ -n "$server_user" ]]; then
    chown "$server_user:" "$pg_home"
    if ! runuser -u "$server_user" -- test -x "$pg_home" -a -w "$pg_home"; then
      die 2 "the '$server_user' user cannot reach $pg_home (a parent directory is not searchable by it); set TALEFORGE_STACK_DIR to a directory it can reach, e.g. /var/lib/taleforge/stack"
    fi
  fi
  own_log
  local partial="$pg_home/data.partial"
  rm -rf "$partial"
  echo "postgres: creating the cluster in $data"
  # trust on the socket is safe: its directory (below) is open to the server's user only.
  as_server "$bin/initdb" -D "$partial" -U postgres -E UTF8 --no-locale \
    --auth-local=trust --auth-host=scram-sha-256 --no-instructions >>"$log" 2>&1 \
    || { tail -n 20 "$log" >&2; die 1 "initdb failed (log: $log)"; }
  as_server bash -c 'printf "\ninclude_if_exists = '"'"'taleforge.conf'"'"'\n" >> "$0/postgresql.conf"' "$partial"
  mv "$partial" "$data"
}

start() {
  local port pw
  port="$(wanted_port)"
  pw="$(password)"
  init_cluster
  if running; then
    echo "postgres: already running on 127.0.0.1:$(running_port) (data in $data)"
  else
    [[ -z "$server_user" ]] || chown "$server_user:" "$pg_home"
    own_log
    as_server mkdir -p "$sockets"
    as_server chmod 700 "$sockets"
    # Rewritten at every start, so a new TALEFORGE_PG_PORT takes effect.
    as_server bash -c 'cat > "$0/taleforge.conf"' "$data" <<EOF
# Written by infra/postgres.sh at every start.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '${sockets//\'/\'\'}'
EOF
    if port_open "$port"; then
      die 1 "127.0.0.1:$port is in use by something else; set TALEFORGE_PG_PORT to a free port"
    fi
    as_server "$bin/pg_ctl" start -D "$data" -l "$log" -w -t 120 -s \
      || { tail -n 20 "$log" >&2; die 1 "the server did not start (log: $log)"; }
    echo "postgres: started on 127.0.0.1:$port (data in $data, log in $log)"
  fi
  psql_super "DO \$\$BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
        CREATE ROLE $ROLE LOGIN PASSWORD '$pw';
      ELSE
        ALTER ROLE $ROLE LOGIN PASSWORD '$pw';
      END IF;
    END\$\$;" >/dev/null
  local db
  for db in "${DATABASES[@]}"; do
    if [[ -z "$(psql_super "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]]; then
      psql_super "CREATE DATABASE $db OWNER $ROLE" >/dev/null
      echo "postgres: created database $db"
    fi
  done
  url taleforge
}

url() {
  local db="${1:-taleforge}" port pw
  [[ "$db" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die 2 "not a database name: '$db'"
  if running; then
    port="$(running_port)"
  else
    port="$(wanted_port)"
    note "the server is not running (infra/postgres.sh start)"
  fi
  pw="$(password)"
  echo "postgresql+psycopg://$ROLE:$pw@127.0.0.1:$port/$db"
}

status() {
  if running; then
    echo "postgres: running on 127.0.0.1:$(running_port) (data in $data, log in $log)"
  else
    echo "postgres: not running"
    return 3
  fi
}

stop() {
  if running; then
    as_server "$bin/pg_ctl" stop -D "$data" -m fast -w -t 60 -s
    echo "postgres: stopped"
  else
    echo "postgres: not running"
  fi
}

[[ $# -ge 1 ]] || usage
command="$1"
shift
case "$command" in
  start | stop | status) [[ $# -eq 0 ]] || usage ;;
  url) [[ $# -le 1 ]] || usage ;;
  -h | --help | help) usage 0 ;;
  *) usage ;;
esac
bin="$(pg_bin)"
setup
"$command" "$@"
