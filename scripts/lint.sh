#!/usr/bin/env bash
# Static checks: ruff (pyflakes, pycodestyle, import order, bugbear, pyupgrade) and the layer
# contracts in pyproject.toml (import-linter). The contracts are checked on the package as it
# installs — a wheel built here — because the repository's folders (kb/, indexer/, ...) become
# askdesk.kb, askdesk.indexer, ... only through the package-dir mapping.
set -euo pipefail
cd "$(dirname "$0")/.."
. .venv/bin/activate
ruff check --quiet .
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! python -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation -w "$tmp/wheel" . \
     >"$tmp/build.log" 2>&1; then
  cat "$tmp/build.log" >&2
  exit 1
fi
python -m zipfile -e "$tmp"/wheel/askdesk-*.whl "$tmp/site"
repo=$PWD
(cd "$tmp/site" && PYTHONPATH="$tmp/site" lint-imports --no-cache "$repo/pyproject.toml")
