#!/usr/bin/env bash
# Quality on the public benchmark sets in ../shared/datasets: import each FAQ set, index it,
# tune thresholds on its labelled questions and evaluate. Prints one JSON line per set.
#   ENCODER=use|use+minilm|minilm  (default use)   DATASETS=../shared/datasets   WORK=var/datasets
set -euo pipefail
cd "$(dirname "$0")/.."
. .venv/bin/activate
DATASETS=${DATASETS:-../shared/datasets}
WORK=${WORK:-var/datasets}
ENCODER=${ENCODER:-use}
export ASKDESK_ENCODER=$ENCODER
run() {  # name kb-file queries-file
  local name=$1 kb=$2 queries=$3 dir=$WORK/$1
  rm -rf "$dir/content"
  askdesk import "$kb" --out "$dir/content" >/dev/null
  askdesk index --content "$dir/content" --index "$dir/index-$ENCODER" --json >/dev/null
  local tuned answer handoff
  tuned=$(askdesk tune --index "$dir/index-$ENCODER" --queries "$queries" --json)
  answer=$(python -c 'import json,sys; print(json.loads(sys.argv[1])["answer_threshold"])' "$tuned")
  handoff=$(python -c 'import json,sys; print(json.loads(sys.argv[1])["handoff_threshold"])' "$tuned")
  echo "{\"set\": \"$name\", \"encoder\": \"$ENCODER\", \"metrics\": $(askdesk eval --index "$dir/index-$ENCODER" \
    --queries "$queries" --answer-threshold "$answer" --handoff-threshold "$handoff" --json)}"
}
run banking77 "$DATASETS/banking77/kb.jsonl" "$DATASETS/banking77/queries-test.jsonl"
run banking77-10shot "$DATASETS/banking77/kb-10shot.jsonl" "$DATASETS/banking77/queries-test.jsonl"
run clinc150 "$DATASETS/clinc150/kb.jsonl" "$DATASETS/clinc150/queries-dev.jsonl"
