#!/usr/bin/env bash
# Create .venv and install askdesk into it. Idempotent; safe to run again.
#   scripts/setup.sh          runtime only (multilingual USE encoder, no torch)
#   scripts/setup.sh --dev    plus test tools, torch (CPU) and sentence-transformers
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
. .venv/bin/activate
python -m pip install --quiet --disable-pip-version-check --upgrade pip
if [ "${1:-}" = "--dev" ]; then
  # torch first, pinned: any other spec pulls a multi-GB CUDA build (see README)
  python -m pip install --quiet --disable-pip-version-check "torch==2.13.0"
  python -m pip install --quiet --disable-pip-version-check -e '.[sbert,test]'
else
  python -m pip install --quiet --disable-pip-version-check -e .
fi
