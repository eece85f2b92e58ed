#!/usr/bin/env bash
# Set up askdesk, index the sample help center in content/ and serve it.
# Everything is embedded: files on disk under var/, nothing else to start.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh 2>&1 | grep -v "Location 'file:" || true
. .venv/bin/activate
askdesk check --content content
askdesk index --content content --index var/index
echo "Open http://${ASKDESK_HOST:-127.0.0.1}:${ASKDESK_PORT:-8080}/help  (API: /api/v1/search?q=..., /api/v1/ask)"
exec askdesk serve --index var/index
