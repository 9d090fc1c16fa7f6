# Helpers shared by the infra/*.sh scripts; sourced, never run.
#
# Every part of the one-machine stack keeps its state, log and pid file under one directory,
# $TALEFORGE_STACK_DIR (default ~/.taleforge/stack), and listens on 127.0.0.1 (Ray cannot: see ray-head.sh).

infra_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_dir="$(dirname "$infra_dir")"

die() {  # die CODE MESSAGE
  local code="$1"
  shift
  echo "$(basename "$0"): $*" >&2
  exit "$code"
}

note() {
  echo "$(basename "$0"): $*" >&2
}

stack_dir() {
  local dir="${TALEFORGE_STACK_DIR:-$HOME/.taleforge/stack}"
  mkdir -p "$dir"
  (cd "$dir" && pwd)
}

venv_tool() {  # venv_tool NAME: the repo venv's NAME, else NAME from PATH
  if [[ -x "$repo_dir/.venv/bin/$1" ]]; then
    echo "$repo_dir/.venv/bin/$1"
  elif command -v "$1" >/dev/null 2>&1; then
    command -v "$1"
  else
    die 2 "$1 not found in $repo_dir/.venv/bin or PATH; run: make install"
  fi
}

check_port() {  # check_port VARIABLE VALUE
  if ! [[ "$2" =~ ^[0-9]+$ ]] || (( $2 < 1024 || $2 > 65535 )); then
    die 2 "$1 must be a port number between 1024 and 65535 (got '$2')"
  fi
}

port_open() {  # port_open PORT: something accepts TCP connections on 127.0.0.1:PORT
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Background services run in a session of their own, so that stopping one signals every process it
# started (some, like Ray's workers, move to process groups of their own but stay in the session) and
# nothing else on the machine.

spawn() {  # spawn PIDFILE LOGFILE COMMAND...: start COMMAND in a new session, detached
  local pidfile="$1" logfile="$2"
  shift 2
  rm -f "$pidfile"
  setsid bash -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null &
  local deadline=$((SECONDS + 10))
  while ((SECONDS < deadline)); do
    [[ -s "$pidfile" ]] && return 0
    sleep 0.1
  done
  die 1 "could not start $1 (see $logfile)"
}

session_pids() {  # session_pids PIDFILE: the live processes of the session started by spawn
  local sid
  [[ -s "$1" ]] || return 0
  sid="$(<"$1")"
  [[ "$sid" =~ ^[0-9]+$ ]] || return 0
  # Exited processes wait as zombies until their (new) parent reaps them: they do not count.
  ps -e -o pid=,sid=,stat= | awk -v s="$sid" '$2 == s && $3 !~ /^Z/ { print $1 }'
}

group_alive() {  # group_alive PIDFILE: the session started by spawn still has live processes
  [[ -n "$(session_pids "$1")" ]]
}

wait_session() {  # wait_session PIDFILE SECONDS: until the session has no live process; false on time-out
  local deadline=$((SECONDS + $2))
  while group_alive "$1"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

stop_group() {  # stop_group PIDFILE NAME [GRACE_SECONDS]: stop the session started by spawn
  local pidfile="$1" name="$2" grace="${3:-30}" pids
  if ! group_alive "$pidfile"; then
    rm -f "$pidfile"
    echo "$name: not running"
    return 0
  fi
  # The leader shuts its own children down in order; what outlives GRACE gets SIGTERM, then SIGKILL.
  kill -TERM "$(<"$pidfile")" 2>/dev/null || true
  if ! wait_session "$pidfile" "$grace"; then
    pids="$(session_pids "$pidfile")"
    note "$name did not stop within ${grace}s; terminating" $pids
    # shellcheck disable=SC2086 # one pid per word
    kill -TERM $pids 2>/dev/null || true
    if ! wait_session "$pidfile" 10; then
      pids="$(session_pids "$pidfile")"
      note "killing" $pids
      # shellcheck disable=SC2086
      kill -KILL $pids 2>/dev/null || true
      wait_session "$pidfile" 5 || true
    fi
  fi
  rm -f "$pidfile"
  echo "$name: stopped"
}

wait_until() {  # wait_until SECONDS PIDFILE LOGFILE NAME COMMAND...: poll COMMAND while the service lives
  local seconds="$1" pidfile="$2" logfile="$3" name="$4" deadline
  shift 4
  deadline=$((SECONDS + seconds))
  while ((SECONDS < deadline)); do
    "$@" && return 0
    if ! group_alive "$pidfile"; then
      tail -n 20 "$logfile" >&2 || true
      die 1 "$name exited during start-up (log: $logfile)"
    fi
    sleep 0.5
  done
  tail -n 20 "$logfile" >&2 || true
  die 1 "$name did not answer within ${seconds}s (log: $logfile; it is still running: stop it with '$(basename "$0") stop')"
}
