#!/usr/bin/env bash
# Proves the package as users get it: build the wheel, install it into a new, empty virtual
# environment (nothing from this checkout on the path), run `askdesk --help`, index the sample
# content and answer a question with it — from another folder, so only the wheel can answer.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log="$tmp/log"
quiet() { "$@" >>"$log" 2>&1 || { cat "$log" >&2; echo "check-wheel: failed: $*" >&2; exit 1; }; }
quiet .venv/bin/python -m pip wheel --disable-pip-version-check --no-deps -w "$tmp/wheel" .
quiet "$PYTHON" -m venv "$tmp/venv"
quiet "$tmp/venv/bin/python" -m pip install --disable-pip-version-check "$tmp"/wheel/askdesk-*.whl
cd "$tmp"
unzip -l "$tmp"/wheel/askdesk-*.whl | grep -E ' (kb|api|store|bot|indexer)/' && { echo "check-wheel: a top-level package other than askdesk is in the wheel" >&2; exit 1; }
"$tmp/venv/bin/askdesk" --help >/dev/null
"$tmp/venv/bin/askdesk" index --content "$repo/content" --index "$tmp/index" >>"$log" 2>&1 || { cat "$log" >&2; exit 1; }
"$tmp/venv/bin/askdesk" ask "how do I reset my password" --index "$tmp/index" --json | grep -q '"decision"'
echo "check-wheel: the wheel installs into a new venv as askdesk.* only, runs askdesk --help, indexes content/ and answers"
