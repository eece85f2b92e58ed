#!/usr/bin/env bash
# How well `askdesk gaps` recovers intents held out of a knowledge base (askdesk eval-gaps, evaluation/gap_recovery.py):
# CLINC150, where the clustering distance was chosen, and Banking77 as a check. One table per set.
#   ENCODER=use  DATASETS=../shared/datasets  SEED=7  HELD_OUT=12  DISTANCES="0.35 0.4 0.45"
#   extra arguments go to both runs, e.g. --json
set -euo pipefail
cd "$(dirname "$0")/.."
. .venv/bin/activate
DATASETS=${DATASETS:-../shared/datasets}
args=(--encoder "${ENCODER:-use}" --seed "${SEED:-7}" --held-out "${HELD_OUT:-12}")
for distance in ${DISTANCES:-0.35 0.4 0.45}; do args+=(--distance "$distance"); done
args+=("$@")
askdesk eval-gaps --kb "$DATASETS/clinc150/kb.jsonl" \
  --queries "$DATASETS/clinc150/queries-dev.jsonl" "${args[@]}"
askdesk eval-gaps --kb "$DATASETS/banking77/kb.jsonl" \
  --queries "$DATASETS/banking77/queries-test.jsonl" "${args[@]}"
