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
[ -s bench-data/300mb.jsonl ] || "$BIN/confab-bench" generate bench-data/300mb.jsonl --megabytes 300
echo "== first screen (tmux 120x40)"
python3 scripts/bench_first_screen.py "$BIN/confab" "${BENCH_RUNS:-5}" bench-data/100mb.jsonl bench-data/300mb.jsonl bench-data/1000mb.jsonl
echo "== scan throughput (2 threads each; same statistics)"
g++ -O3 -std=c++17 scripts/bench/scan_stats.cpp -lsimdjson -lpthread -o bench-data/scan_stats
g++ -O3 -std=c++17 scripts/bench/scan_stream.cpp -lsimdjson -lpthread -o bench-data/scan_stream
python3 scripts/bench_scan.py "$BIN/confab" "${BENCH_RUNS:-5}" bench-data/100mb.jsonl bench-data/1000mb.jsonl
if command -v jq >/dev/null; then
  /usr/bin/time -f "  jq (token counts only)  bench-data/100mb.jsonl: %e s, peak RSS %M KiB" \
    jq -c '[.choices[0].logprobs.content | length]' bench-data/100mb.jsonl > /dev/null
fi
echo "== key -> frame latency while a slow effect runs (interactive loop, keys through a pipe)"
gz=bench-data/300mb.jsonl.gz
if [ ! -s "$gz" ]; then
  [ -s bench-data/300mb.jsonl ] || "$BIN/confab-bench" generate bench-data/300mb.jsonl --megabytes 300
  gzip -1 -c bench-data/300mb.jsonl > "$gz.tmp" && mv "$gz.tmp" "$gz"
fi
"$BIN/confab-bench" latency "$gz"
echo "== markers"
"$BIN/confab-bench" markers
echo "== confab JSONL size (bytes per token) vs the OpenAI shape"
"$BIN/confab" convert bench-data/100mb.jsonl -o bench-data/100mb.confab.jsonl 2>/dev/null
python3 -c "import os; o=os.path.getsize('bench-data/100mb.jsonl'); c=os.path.getsize('bench-data/100mb.confab.jsonl'); print(f'  OpenAI {o/74000:.0f} B/token, confab {c/74000:.0f} B/token ({c/o:.2f}x)')"
echo "== live model (llama.cpp server, SmolLM2-135M-Instruct, one server thread)"
scripts/bench_live.sh
