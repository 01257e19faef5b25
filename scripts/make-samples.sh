#!/usr/bin/env bash
# Regenerates samples/ with `confab record` against the real llama.cpp server serving
# SmolLM2-135M-Instruct (see samples/README.md). Pure sampling, top-20, seeds 1000 + sample.
set -euo pipefail
cd "$(dirname "$0")/.."
paths="$(scripts/llama-server.sh)"
server="$(echo "$paths" | sed -n 1p)"
model="$(echo "$paths" | sed -n 2p)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$server" -m "$model" --host 127.0.0.1 --port "$port" -t 2 -np 1 --alias SmolLM2-135M-Instruct > /tmp/confab-samples-server.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
out=samples/smollm2-135m-instruct.jsonl
rm -f "$out.new"
.build/release/confab record --server "http://127.0.0.1:$port" --prompts samples/prompts.txt -n 3 \
  --top-logprobs 20 --temperature 1 --top-k 0 --top-p 1 --min-p 0 --max-tokens 120 --seed 1000 -o "$out.new"
mv "$out.new" "$out"
