#!/usr/bin/env bash
# Best effort before `make test` (`infra/ensure-postgres.sh install`): make PostgreSQL's server binaries
# available for the tests' throw-away server. Installs Debian's postgresql package when they are missing
# and apt-get can run as root; otherwise says so, and the PostgreSQL tests skip with that reason.
# Never fails the build.
set -u
if [ "$#" -ne 1 ] || [ "$1" != "install" ]; then
  echo "usage: $0 install   (best effort: Debian's postgresql package, for the tests)" >&2
  exit 2
fi
found() {
  command -v initdb >/dev/null 2>&1 && return 0
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null 2>&1
}
found && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "PostgreSQL server binaries not found: installing Debian's postgresql package for the tests"
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 apt-get update -qq >/dev/null 2>&1
  timeout 600 apt-get install -y -qq postgresql >/dev/null 2>&1
fi
found || echo "PostgreSQL server binaries not found and not installable here: the PostgreSQL tests will skip"
exit 0
