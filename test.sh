#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs the real programs the tests drive (Debian packages), then runs
# every test project. The tests start and stop their own servers on loopback. Extra arguments go to `dotnet test`
# (e.g. -c Release).
set -euo pipefail
cd "$(dirname "$0")"

missing=()
need() { # need COMMAND PACKAGE WHY
  if ! command -v "$1" >/dev/null && [ ! -x "$1" ]; then
    echo "test.sh: installing $2 ($3)"
    missing+=("$2")
  fi
}
need pdftoppm poppler-utils "renders the PDF report's pages"
need /usr/bin/chromium chromium "the dashboard's browser tests"
need /usr/lib/postgresql/15/bin/pg_ctl postgresql "the shared ledger's tests run a real server"

if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
dotnet test "$@"
