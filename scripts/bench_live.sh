#!/usr/bin/env bash
# make bench, live model: rescore positions/s and branch overhead against the llama.cpp
# server's own timings, on the real server with SmolLM2-135M-Instruct and one server thread
# (-t 1), on the recorded fixture. The server's timings come from its log ("prompt eval
# time" and "eval time" per request); overhead is confab's wall time beyond their sum.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release
paths="$(scripts/llama-server.sh)"
server="$(echo "$paths" | sed -n 1p)"
model="$(echo "$paths" | sed -n 2p)"
fixture=Tests/Fixtures/recorded/smollm2-135m-instruct.jsonl
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log=bench-data/llama-server.log
mkdir -p bench-data
OMP_WAIT_POLICY=passive "$server" -m "$model" --host 127.0.0.1 --port "$port" -t 1 -np 1 > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port"
server_ms() { python3 - "$log" "$1" <<'PY'
import re, sys
lines = open(sys.argv[1], errors="replace").read().splitlines()[int(sys.argv[2]):]
print(sum(float(m.group(1)) for l in lines for m in [re.search(r"(?:prompt eval|\beval) time =\s*([0-9.]+) ms", l)] if m))
PY
}
# capital-australia #0..#2 (99, 39, 120 tokens): 258 positions.
ids=$("$BIN/confab" scan --csv "$fixture" | awk -F, 'NR>1 && $8=="\"capital-australia\"" {print $1}' | head -3)
rm -f bench-data/rescored.jsonl
start_line=$(wc -l < "$log")
start=$(date +%s.%N)
for id in $ids; do "$BIN/confab" rescore --server "$url" "$fixture" --transcript "$id" -o bench-data/rescored.jsonl 2>> bench-data/rescore.err; done
end=$(date +%s.%N)
positions=$("$BIN/confab" scan --json bench-data/rescored.jsonl | python3 -c "import json,sys; print(json.load(sys.stdin)['corpus']['tokens'])")
python3 - "$start" "$end" "$positions" "$(server_ms "$start_line")" <<'PY'
import sys
start, end, positions, server = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]) / 1000
wall = end - start
print(f"  rescore (chat frame, 1 server thread): {positions} positions in {wall:.2f} s = {positions / wall:.0f} positions/s; "
      f"server's own time {server:.2f} s ({positions / server:.0f}/s); confab and HTTP {wall - server:.2f} s ({(wall - server) / wall:.0%})")
PY
rm -f bench-data/branches.jsonl
start_line=$(wc -l < "$log")
start=$(date +%s.%N)
"$BIN/confab" branch --server "$url" "$fixture" --transcript "$(echo "$ids" | head -1)" --at 5 --token " Canberra" -n 4 --max-tokens 64 \
  -o bench-data/branches.jsonl 2> /dev/null
end=$(date +%s.%N)
python3 - "$start" "$end" "$(server_ms "$start_line")" <<'PY'
import sys
start, end, server = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]) / 1000
wall = end - start
print(f"  branch (4 samples x 64 tokens, 1 server thread): {wall:.2f} s wall, server's own time {server:.2f} s; "
      f"overhead {wall - server:.2f} s ({wall / server:.2f}x the server)")
PY
