#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what the tests drive for real (poppler renders the PDF
# report's pages), then runs every test project. Extra arguments go to `dotnet test` (e.g. -c Release).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v pdftoppm >/dev/null; then
  echo "test.sh: installing poppler-utils (pdftoppm, pdfinfo, pdffonts, pdftotext) for the PDF report tests"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq poppler-utils
fi
dotnet test "$@"
