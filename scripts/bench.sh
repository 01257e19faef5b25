#!/usr/bin/env bash
# make bench: every figure is measured side by side in one run; quote ratios, not absolutes.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release
mkdir -p bench-data
for mb in 100 1000; do
  f="bench-data/${mb}mb.jsonl"
  [ -s "$f" ] || "$BIN/confab-bench" generate "$f" --megabytes "$mb"
done
echo "== frame time"
"$BIN/confab-bench" frame
echo "== first screen (tmux 120x40)"
python3 scripts/bench_first_screen.py "$BIN/confab" "${BENCH_RUNS:-5}" bench-data/100mb.jsonl bench-data/1000mb.jsonl
echo "== scan throughput"
for f in bench-data/100mb.jsonl bench-data/1000mb.jsonl; do
  /usr/bin/time -f "confab scan $f: %e s, peak RSS %M KiB" "$BIN/confab" scan "$f" > /dev/null
done
