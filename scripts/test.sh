#!/usr/bin/env bash
# The gate: set up askdesk with its test tools and run every test (unit tests, real-model tests,
# both encoder backends, PostgreSQL and Redis, the widget in headless Chromium). A test whose
# service is missing fails with the fix; ASKDESK_SKIP_BROWSER=1 skips the browser tests.
#   scripts/test.sh [pytest args]          everything (CI: .ci/run)
#   scripts/test.sh --fast [pytest args]   the fast tier (pytest -m fast): no PostgreSQL, Redis,
#                                          Chromium, real model or slow test; seconds, and no torch
# One tier: scripts/test.sh -m postgres (or redis, browser, model, sbert, slow); see tests/conftest.py.
set -euo pipefail
cd "$(dirname "$0")/.."
fast=0
if [ "${1:-}" = "--fast" ]; then
  fast=1
  shift
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
quiet() {   # run a setup step; its output is shown only when it fails
  if ! "$@" >>"$log" 2>&1; then
    cat "$log" >&2
    echo "scripts/test.sh: setup failed: $*" >&2
    exit 1
  fi
}

# -- setup: only what is missing (scripts/setup.sh skips what is installed) ---------------------
if [ "$fast" = 1 ]; then
  quiet scripts/setup.sh --test
else
  quiet scripts/setup.sh --dev
  # The browser tests drive Debian's Chromium (no browser is downloaded by a test tool).
  chromium=${ASKDESK_CHROMIUM:-/usr/bin/chromium}
  if [ ! -x "$chromium" ] && [ "${ASKDESK_SKIP_BROWSER:-}" != "1" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      quiet apt-get update -qq
      quiet env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
    else
      echo "The browser tests need Chromium at $chromium: run 'sudo apt-get install chromium'" \
           "(or set ASKDESK_CHROMIUM, or ASKDESK_SKIP_BROWSER=1 to skip them)" >&2
      exit 1
    fi
  fi
fi
rm -f "$log"
trap - EXIT
. .venv/bin/activate

# -- lint (static checks before any test runs) ---------------------------------------------------
scripts/lint.sh                     # ruff and the layer contracts; both tiers
if [ "$fast" = 0 ]; then
  scripts/check-wheel.sh            # the wheel in a new venv: askdesk.* only, --help, index, ask
fi

# -- tests -----------------------------------------------------------------------------------------
if [ "$fast" = 1 ]; then
  exec python -m pytest -p no:cacheprovider -m fast "$@"
fi
exec python -m pytest -p no:cacheprovider "$@"
