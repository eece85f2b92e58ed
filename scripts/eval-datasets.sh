#!/usr/bin/env bash
# Quality on the public benchmark sets in ../shared/datasets and on the sample help center, each
# set three ways:
#   default  the settings as shipped: thresholds from the index's own calibration, no labels used
#   raw      the old raw fused score with the fixed thresholds 0.45/0.3 (askdesk eval --raw), baseline
#   tuned    askdesk tune on the set's labelled dev questions, then askdesk eval on the test questions
#            with those thresholds (a set with a single question file is tuned on it: marked in-sample)
# One JSON line per row on stderr and in $WORK/results-$ENCODER.jsonl; a Markdown table at the end.
# Built indexes (and the embedding cache inside each) are kept in $WORK: a second run re-embeds nothing.
#   ENCODER=use|use+minilm|minilm  (default use)   DATASETS=../shared/datasets   WORK=var/datasets
#   SETS="banking77 banking77-10shot clinc150 helpcenter"  (default: all)
#   FULL=1  rebuild each index from scratch (askdesk index --full: re-simulates the calibration;
#           vectors still come from the index's embedding cache)
#   CODE=HEAD  measure the committed code from a snapshot in $WORK/code-<commit> (edits in progress in
#           the shared tree cannot leak into a long run); default CODE=tree, the checkout as it is
set -euo pipefail
cd "$(dirname "$0")/.."
. .venv/bin/activate
DATASETS=${DATASETS:-../shared/datasets}
WORK=${WORK:-var/datasets}
ENCODER=${ENCODER:-use}
SETS=${SETS:-banking77 banking77-10shot clinc150 helpcenter}
FULL=${FULL:-}
export ASKDESK_ENCODER=$ENCODER
# the code measured (other people edit the tree: a dirty tree is marked)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "${CODE:-tree}" = HEAD ]; then
  snap=$WORK/code-$COMMIT
  if [ ! -d "$snap/pkg" ]; then
    rm -rf "$snap" && mkdir -p "$snap/src" "$snap/pkg"
    git archive HEAD | tar -x -C "$snap/src"
    cp -r "$snap/src/askdesk" "$snap/pkg/askdesk"
    for sub in core kb indexer bot store delivery analytics evaluation api shell; do
      ln -s "$(cd "$snap/src/$sub" && pwd)" "$snap/pkg/askdesk/$sub"
    done
  fi
  export PYTHONPATH=$(cd "$snap/pkg" && pwd)  # found before the editable install's finder
  echo "[eval-datasets] code: $(python -P -c 'import askdesk.indexer as i; print(i.__file__)')" >&2
else
  [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] && COMMIT="$COMMIT+dirty"
fi
mkdir -p "$WORK"
RESULTS=$WORK/results-$ENCODER.jsonl
: >"$RESULTS"
log() { echo "[eval-datasets $(date +%T)] $*" >&2; }

build() {  # index-dir content-dir: incremental build (nothing is re-embedded when nothing changed)
  local t0=$SECONDS
  askdesk index --content "$2" --index "$1" --json ${FULL:+--full} >"$1.build.json"
  log "indexed $2 -> $1 in $((SECONDS - t0))s: $(cat "$1.build.json")"
}

import_kb() {  # name kb-file -> $WORK/name/content, replaced only when the import differs
  local dir=$WORK/$1
  mkdir -p "$dir"
  rm -rf "$dir/content.new"
  askdesk import "$2" --out "$dir/content.new" >/dev/null
  if [ -d "$dir/content" ] && diff -rq "$dir/content" "$dir/content.new" >/dev/null; then
    rm -rf "$dir/content.new"
  else
    rm -rf "$dir/content" && mv "$dir/content.new" "$dir/content"
  fi
}

row() {  # set mode index eval-file tune-label eval-label [eval options...]
  local set=$1 mode=$2 index=$3 queries=$4 tuned_on=$5 evaluated_on=$6 t0=$SECONDS metrics line
  shift 6
  metrics=$(askdesk eval --index "$index" --queries "$queries" --json "$@")
  line=$(python -c 'import json, sys
s, m, t, e, enc, commit, secs, metrics = sys.argv[1:]
print(json.dumps({"set": s, "mode": m, "tuned_on": t, "evaluated_on": e, "encoder": enc, "commit": commit,
                  "seconds": int(secs), "metrics": json.loads(metrics)}))' \
    "$set" "$mode" "$tuned_on" "$evaluated_on" "$ENCODER" "$COMMIT" "$((SECONDS - t0))" "$metrics")
  echo "$line" >>"$RESULTS"
  echo "$line" >&2
}

three_ways() {  # set index test-file test-label tune-file tune-label
  local set=$1 index=$2 test=$3 test_label=$4 dev=$5 dev_label=$6 tuned answer handoff
  row "$set" default "$index" "$test" "- (calibration only)" "$test_label"
  row "$set" raw "$index" "$test" "- (fixed 0.45/0.3)" "$test_label" --raw
  tuned=$(askdesk tune --index "$index" --queries "$dev" --json)
  log "$set tuned on $dev_label: $tuned"
  answer=$(python -c 'import json,sys; print(json.loads(sys.argv[1])["answer_threshold"])' "$tuned")
  handoff=$(python -c 'import json,sys; print(json.loads(sys.argv[1])["handoff_threshold"])' "$tuned")
  row "$set" tuned "$index" "$test" "$dev_label" "$test_label" \
    --answer-threshold "$answer" --handoff-threshold "$handoff"
}

for set in $SETS; do
  t0=$SECONDS
  case $set in
    banking77|banking77-10shot)
      kb=$DATASETS/banking77/kb.jsonl
      [ "$set" = banking77-10shot ] && kb=$DATASETS/banking77/kb-10shot.jsonl
      import_kb "$set" "$kb"
      build "$WORK/$set/index-$ENCODER" "$WORK/$set/content"
      # Banking77 ships only its test questions: tuning on them is in-sample (an upper bound).
      three_ways "$set" "$WORK/$set/index-$ENCODER" "$DATASETS/banking77/queries-test.jsonl" \
        "queries-test" "$DATASETS/banking77/queries-test.jsonl" "queries-test (only file: in-sample)"
      ;;
    clinc150)
      import_kb clinc150 "$DATASETS/clinc150/kb.jsonl"
      build "$WORK/clinc150/index-$ENCODER" "$WORK/clinc150/content"
      # The folder has no test file: evaluate on queries-dev. Tuning uses queries-dev plus the 100
      # known out-of-scope examples as extra negatives (the README allows them as negatives).
      test=$DATASETS/clinc150/queries-dev.jsonl
      [ -f "$DATASETS/clinc150/queries-test.jsonl" ] && test=$DATASETS/clinc150/queries-test.jsonl
      dev=$WORK/clinc150/tune.jsonl
      cat "$DATASETS/clinc150/queries-dev.jsonl" "$DATASETS/clinc150/out-of-scope-examples.jsonl" >"$dev"
      if [ "$test" = "$DATASETS/clinc150/queries-dev.jsonl" ]; then
        dev_label="queries-dev + oos examples (no test file: in-sample)"
      else
        dev_label="queries-dev + oos examples"
      fi
      three_ways clinc150 "$WORK/clinc150/index-$ENCODER" "$test" "$(basename "$test" .jsonl)" \
        "$dev" "$dev_label"
      ;;
    helpcenter)
      mkdir -p "$WORK/helpcenter"
      build "$WORK/helpcenter/index-$ENCODER" content
      # fresh.jsonl is the held-out check: never tuned on.
      three_ways helpcenter "$WORK/helpcenter/index-$ENCODER" content/eval/fresh.jsonl "fresh" \
        content/eval/questions.jsonl "questions"
      three_ways helpcenter "$WORK/helpcenter/index-$ENCODER" content/eval/questions.jsonl \
        "questions (regression)" content/eval/questions.jsonl "questions (in-sample)"
      ;;
    *) echo "unknown set: $set" >&2; exit 2 ;;
  esac
  log "$set done in $((SECONDS - t0))s"
done

python - "$RESULTS" <<'EOF'
import json, sys

rows = [json.loads(line) for line in open(sys.argv[1])]


def pct(x):
    return "-" if x is None else f"{100 * x:.1f}"


commits = sorted({r.get("commit", "?") for r in rows})
print(f"\nencoder: {rows[0]['encoder'] if rows else '?'}; code: {', '.join(commits)}; results: {sys.argv[1]}\n")
print("| set | mode | tuned on | evaluated on | in-scope acc | OOS recall | acc with hand-offs "
      "| answered precision | answer rate | R@1 | R@5 | calibration error (these / index) "
      "| thresholds answer / hand-off |")
print("|" + "---|" * 13)
for r in rows:
    m = r["metrics"]
    n, n_in, n_oos = m["queries"], m["in_scope_queries"], m["oos_queries"]
    # in-scope right + out-of-scope handed off, over all questions
    right = (m["in_scope_accuracy"] or 0) * n_in + (m["oos_recall"] or 0) * n_oos
    with_handoffs = right / n if n else None
    index_cal = (m.get("index_calibration") or {}).get("error")
    cal = m.get("calibration_error")
    cal_text = f"{'-' if cal is None else f'{cal:.3f}'} / {'-' if index_cal is None else f'{index_cal:.3f}'}"
    oos = f"{pct(m['oos_recall'])} (n={n_oos})" if n_oos else "- (none)"
    print(f"| {r['set']} | {r['mode']} | {r['tuned_on']} | {r['evaluated_on']} (n={n}) "
          f"| {pct(m['in_scope_accuracy'])} | {oos} | {pct(with_handoffs)} "
          f"| {pct(m['answered_precision'])} | {pct(m['answer_rate'])} | {pct(m['recall_at_1'])} "
          f"| {pct(m['recall_at_5'])} | {cal_text} "
          f"| {m['answer_threshold']:.3f} / {m['handoff_threshold']:.3f} |")
EOF
