#!/usr/bin/env bash
# Create .venv and install askdesk into it. Idempotent, and quick when nothing changed: a step is
# skipped when what it installs is there already.
#   scripts/setup.sh          runtime only (multilingual USE encoder, no torch)
#   scripts/setup.sh --test   plus the test tools (pytest, psycopg, aiosmtpd, playwright), no torch
#   scripts/setup.sh --dev    plus torch (CPU) and sentence-transformers
# What is installed is remembered in .venv/.askdesk-<mode> (the hash of pyproject.toml it was
# installed from); a changed pyproject.toml, a missing editable install or a broken requirement
# (`pip check`) installs again.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  "")     modes="runtime test dev"; extras="" ;;   # a mode is satisfied by itself or a larger one
  --test) modes="test dev";         extras="[test]" ;;
  --dev)  modes="dev";              extras="[sbert,test]" ;;
  *) echo "usage: scripts/setup.sh [--test|--dev]" >&2; exit 2 ;;
esac
mode=${modes%% *}
TORCH=2.13.0   # pinned, CPU build: any other spec pulls a multi-GB CUDA build (see README)
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
. .venv/bin/activate
pip_install() { python -m pip install --quiet --disable-pip-version-check "$@"; }
hash=$(python -c 'import hashlib, sys; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest())')

installed() {   # this checkout is installed editable, with every requirement met, for one of $modes
  local m
  for m in $modes; do
    if [ "$(cat ".venv/.askdesk-$m" 2>/dev/null)" = "$hash" ]; then
      # -I: read the venv's metadata, not ./askdesk.egg-info
      python -I - "$PWD" <<'PY' 2>/dev/null && python -m pip check --disable-pip-version-check >/dev/null 2>&1 && return 0
import importlib.metadata, json, pathlib, sys
url = json.loads(importlib.metadata.distribution("askdesk").read_text("direct_url.json"))
assert url["dir_info"].get("editable") and pathlib.Path(url["url"].removeprefix("file://")) == pathlib.Path(sys.argv[1])
PY
    fi
  done
  return 1
}

torch_ok() {
  python -c "import sys, torch; sys.exit(torch.__version__.split('+')[0] != '$TORCH')" 2>/dev/null
}

if [ "$mode" = dev ] && ! torch_ok; then
  pip_install --upgrade pip
  pip_install "torch==$TORCH"   # first, so that sentence-transformers finds it
fi
if ! installed; then
  # setuptools>=68 as pyproject.toml's build-system asks: scripts/lint.sh builds the wheel without
  # build isolation, and a new venv of Python 3.11 brings 65
  pip_install --upgrade pip "setuptools>=68"
  pip_install -e ".$extras"
  rm -f .venv/.askdesk-*
  echo "$hash" > ".venv/.askdesk-$mode"
fi
