#!/usr/bin/env bash
# Set up askdesk with its test tools and run every test (unit tests, real-model tests, both
# encoder backends, the widget in headless Chromium). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev 2>&1 | grep -v "Location 'file:" || true
# The browser tests drive Debian's Chromium (no browser is downloaded by a test tool).
if ! command -v chromium >/dev/null 2>&1 && [ "${ASKDESK_SKIP_BROWSER:-}" != "1" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Chromium: run 'sudo apt-get install chromium' (or set ASKDESK_SKIP_BROWSER=1)" >&2
    exit 1
  fi
fi
. .venv/bin/activate
exec python -m pytest -p no:cacheprovider "$@"
