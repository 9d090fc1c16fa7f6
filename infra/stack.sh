#!/usr/bin/env bash
# The whole taleforge stack on one machine, on loopback: S3 (SeaweedFS), PostgreSQL, a Prefect server
# and a Ray head.
#
#   infra/stack.sh up               # start whatever is not running yet; create the bucket
#   eval "$(infra/stack.sh env)"    # point this shell's taleforge at the stack
#   infra/stack.sh status           # exit 0 when every part runs, 3 otherwise
#   infra/stack.sh down             # stop everything (the data stays)
#
# Environment (all optional):
#   TALEFORGE_STACK_DIR        state, logs and pid files of every part (default ~/.taleforge/stack)
#   TALEFORGE_S3_PORT          S3 port (default 8333; SeaweedFS also takes the next 8 ports and +10008)
#   TALEFORGE_STACK_BUCKET     the bucket `up` creates (default taleforge)
#   TALEFORGE_PG_PORT          PostgreSQL port (default 5432)
#   PREFECT_PORT               Prefect API port (default 4200)
#   TALEFORGE_RAY_PORT         Ray GCS port (default 6379); TALEFORGE_RAY_CLIENT_PORT (default 10001)
#   TALEFORGE_RAY_ARGS         more `ray start` options, e.g. "--num-cpus 8 --num-gpus 1"
#   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
#                              credentials for the local S3 (default taleforge / taleforge-secret;
#                              SeaweedFS without identities accepts any)
# The Prefect server keeps its own records in the stack's PostgreSQL (database `prefect`) unless
# PREFECT_SERVER_DATABASE_CONNECTION_URL says otherwise.
set -euo pipefail

source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/common.bash"

usage() {  # usage [CODE]: the help text, on stderr unless CODE is 0
  (( ${1:-2} == 0 )) || exec >&2
  cat <<EOF
usage: infra/stack.sh up|down|status|env

  up      start S3 (SeaweedFS), PostgreSQL, a Prefect server and a Ray head on 127.0.0.1
          (each one only if it is not running yet) and create the bucket \${TALEFORGE_STACK_BUCKET:-taleforge}
  down    stop them all (the data stays)
  status  say what runs (exit 0 when all of it does, 3 otherwise)
  env     print 'export ...' lines for TALEFORGE_HOME, TALEFORGE_DATABASE_URL, TALEFORGE_NARRATORS,
          PREFECT_API_URL, RAY_ADDRESS (with Ray's token settings) and the AWS variables:
            eval "\$(infra/stack.sh env)"

State lives under \${TALEFORGE_STACK_DIR:-~/.taleforge/stack}.
EOF
  exit "${1:-2}"
}

setup() {
  stack="$(stack_dir)"
  export TALEFORGE_STACK_DIR="$stack"
  s3_pidfile="$stack/seaweedfs.pid"
  s3_portfile="$stack/seaweedfs.port"
  s3_log="$stack/seaweedfs.log"
  access_key="${AWS_ACCESS_KEY_ID:-taleforge}"
  secret_key="${AWS_SECRET_ACCESS_KEY:-taleforge-secret}"
  bucket="${TALEFORGE_STACK_BUCKET:-taleforge}"
}

s3_port() {
  if group_alive "$s3_pidfile" && [[ -s "$s3_portfile" ]]; then
    cat "$s3_portfile"
  else
    local port="${TALEFORGE_S3_PORT:-8333}"
    check_port TALEFORGE_S3_PORT "$port"
    echo "$port"
  fi
}

s3_answers() {  # any HTTP answer on the S3 port (an error for anonymous requests is fine)
  curl -s -o /dev/null --max-time 3 "http://127.0.0.1:$1/"
}

s3_start() {
  local port
  port="$(s3_port)"
  if group_alive "$s3_pidfile"; then
    echo "seaweedfs: already running (log in $s3_log)"
    return 0
  fi
  port_open "$port" && die 1 "127.0.0.1:$port is in use by something else; set TALEFORGE_S3_PORT to a free port"
  echo "$port" >"$s3_portfile"
  echo "--- $(date -u +%FT%TZ) infra/seaweedfs.sh on 127.0.0.1:$port" >>"$s3_log"
  TALEFORGE_S3_PORT="$port" AWS_ACCESS_KEY_ID="$access_key" AWS_SECRET_ACCESS_KEY="$secret_key" \
    spawn "$s3_pidfile" "$s3_log" "$infra_dir/seaweedfs.sh" "$stack/seaweedfs"
  wait_until 120 "$s3_pidfile" "$s3_log" seaweedfs s3_answers "$port"
  echo "seaweedfs: started, S3 on http://127.0.0.1:$port (data in $stack/seaweedfs, log in $s3_log)"
}

s3_status() {
  local port
  port="$(s3_port)"
  if group_alive "$s3_pidfile" && s3_answers "$port"; then
    echo "seaweedfs: running, S3 on http://127.0.0.1:$port (data in $stack/seaweedfs, log in $s3_log)"
  elif group_alive "$s3_pidfile"; then
    echo "seaweedfs: running but S3 does not answer on port $port (log in $s3_log)"
    return 1
  else
    echo "seaweedfs: not running"
    return 3
  fi
}

make_bucket() {  # the filer may take a few seconds after S3 answers before it accepts a bucket
  local port python
  port="$(s3_port)"
  python="$(venv_tool python)"
  AWS_ENDPOINT_URL_S3="http://127.0.0.1:$port" AWS_ACCESS_KEY_ID="$access_key" \
    AWS_SECRET_ACCESS_KEY="$secret_key" AWS_DEFAULT_REGION=us-east-1 \
    "$python" - "$bucket" <<'EOF'
import sys
import time

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

bucket = sys.argv[1]
s3 = boto3.client("s3", config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))
deadline = time.monotonic() + 60
while True:
    try:
        s3.head_bucket(Bucket=bucket)
        print(f"seaweedfs: bucket s3://{bucket} is there")
        break
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchBucket"):
            try:
                s3.create_bucket(Bucket=bucket)
                print(f"seaweedfs: created bucket s3://{bucket}")
                break
            except (BotoCoreError, ClientError) as create_exc:
                error: Exception = create_exc
        else:
            error = exc
    except BotoCoreError as exc:
        error = exc
    if time.monotonic() > deadline:
        sys.exit(f"stack.sh: could not create bucket {bucket}: {error}")
    time.sleep(1)
EOF
}

prefect_db_url() {
  if [[ -n "${PREFECT_SERVER_DATABASE_CONNECTION_URL:-}" ]]; then
    echo "$PREFECT_SERVER_DATABASE_CONNECTION_URL"
  else
    local url
    url="$("$infra_dir/postgres.sh" url prefect)"
    echo "postgresql+asyncpg://${url#*://}"
  fi
}

up() {
  s3_start
  make_bucket
  "$infra_dir/postgres.sh" start >/dev/null
  "$infra_dir/postgres.sh" status
  PREFECT_SERVER_DATABASE_CONNECTION_URL="$(prefect_db_url)" "$infra_dir/prefect-server.sh" start | sed '/^PREFECT_API_URL=/d'
  # shellcheck disable=SC2086 # TALEFORGE_RAY_ARGS is a list of options
  "$infra_dir/ray-head.sh" start ${TALEFORGE_RAY_ARGS:-} | sed '/^RAY_ADDRESS=/d'
  echo
  echo "The stack is up. Point a shell at it with:"
  echo "  eval \"\$(${0} env)\""
}

down() {
  local rc=0
  "$infra_dir/ray-head.sh" stop || rc=1
  "$infra_dir/prefect-server.sh" stop || rc=1
  "$infra_dir/postgres.sh" stop || rc=1
  stop_group "$s3_pidfile" seaweedfs 30 || rc=1
  return "$rc"
}

status() {
  local rc=0
  s3_status || rc=3
  "$infra_dir/postgres.sh" status || rc=3
  "$infra_dir/prefect-server.sh" status || rc=3
  "$infra_dir/ray-head.sh" status || rc=3
  return "$rc"
}

export_line() {
  printf 'export %s=%q\n' "$1" "$2"
}

env() {
  # Every value first, so that a bad setting stops here rather than printing half the lines.
  local database_url prefect_url ray_env s3
  database_url="$("$infra_dir/postgres.sh" url taleforge)"
  prefect_url="$("$infra_dir/prefect-server.sh" url)"
  ray_env="$("$infra_dir/ray-head.sh" env)"
  s3="$(s3_port)"
  export_line TALEFORGE_HOME "${TALEFORGE_HOME:-$HOME/.taleforge}"
  export_line TALEFORGE_DATABASE_URL "$database_url"
  export_line TALEFORGE_NARRATORS "${TALEFORGE_NARRATORS:-0}"
  export_line PREFECT_API_URL "$prefect_url"
  echo "$ray_env"
  export_line AWS_ENDPOINT_URL_S3 "http://127.0.0.1:$s3"
  export_line AWS_ACCESS_KEY_ID "$access_key"
  export_line AWS_SECRET_ACCESS_KEY "$secret_key"
  export_line AWS_DEFAULT_REGION us-east-1
}

[[ $# -eq 1 ]] || usage
case "$1" in
  up | down | status | env) ;;
  -h | --help | help) usage 0 ;;
  *) usage ;;
esac
setup
"$1"
