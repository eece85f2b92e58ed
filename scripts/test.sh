#!/usr/bin/env bash
# Set up askdesk with its test tools and run every test (unit tests, real-model tests, both
# encoder backends). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev 2>&1 | grep -v "Location 'file:" || true
. .venv/bin/activate
exec python -m pytest -p no:cacheprovider "$@"
