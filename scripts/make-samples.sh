#!/usr/bin/env bash
# Regenerates samples/ with `confab record` against the real llama.cpp server, with two real
# models (see samples/README.md): SmolLM2-135M-Instruct (tuned) through its chat template, and
# Gemma 3 270M (base, no chat template) sampled as a document through /completion. Pure
# sampling, top-20, 8 samples a prompt, seeds 1000 + sample, at most 160 tokens.
set -euo pipefail
cd "$(dirname "$0")/.."
paths="$(scripts/llama-server.sh)"
server="$(echo "$paths" | sed -n 1p)"
smollm="$(echo "$paths" | sed -n 2p)"
gemma="$(scripts/gemma-model.sh)"
confab=.build/release/confab
settings=(-n 8 --top-logprobs 20 --temperature 1 --top-k 0 --top-p 1 --min-p 0 --max-tokens 160 --seed 1000)

# record_with MODEL ALIAS OUT -- RECORD-ARGS...: serves MODEL on a free port, records, stops it.
record_with() {
  local model="$1" alias="$2" out="$3"
  shift 4
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "$server" -m "$model" --host 127.0.0.1 --port "$port" -t 2 -np 1 --alias "$alias" > "/tmp/confab-samples-$alias.log" 2>&1 &
  local pid=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
  rm -f "$out.new"
  "$confab" record --server "http://127.0.0.1:$port" "${settings[@]}" "$@" -o "$out.new" || { kill "$pid"; exit 1; }
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  gzip -9 -n -c "$out.new" > "$out.gz"
  rm -f "$out.new"
}

rm -f samples/*.jsonl samples/*.jsonl.gz
record_with "$smollm" SmolLM2-135M-Instruct samples/smollm2-135m-instruct.jsonl -- --prompts samples/prompts.txt
record_with "$gemma" gemma-3-270m samples/gemma-3-270m.jsonl -- \
  --prompts samples/prompts-document.txt --api llamacpp --stop '\nQuestion:' --stop '\n\n'
scripts/make-live-samples.sh
