#!/usr/bin/env bash
# Adds to samples/ what the live model shows about the recorded SmolLM2 samples (issue 13),
# with the real llama.cpp server: branches at every near-miss correction (the strongest
# correction alternative, one continuation each), every reply rescored under SmolLM2 itself
# quoted in a user turn (the user frame), and under the Gemma 3 270M base model as a plain
# document. Run by `make samples` after the recordings, or alone; never by CI.
set -euo pipefail
cd "$(dirname "$0")/.."
paths="$(scripts/llama-server.sh)"
server="$(echo "$paths" | sed -n 1p)"
smollm="$(echo "$paths" | sed -n 2p)"
gemma="$(scripts/gemma-model.sh)"
confab=.build/release/confab
parents=samples/smollm2-135m-instruct.jsonl.gz

# with_server MODEL ALIAS OUT -- CONFAB-ARGS...: serves MODEL on a free port, runs confab with
# --server and -o OUT.new, gzips OUT.new to OUT.gz, stops the server.
with_server() {
  local model="$1" alias="$2" out="$3"
  shift 4
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "$server" -m "$model" --host 127.0.0.1 --port "$port" -t 2 -np 1 --alias "$alias" > "/tmp/confab-live-$alias.log" 2>&1 &
  local pid=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
  rm -f "$out.new"
  "$confab" "$@" --server "http://127.0.0.1:$port" -o "$out.new" || { kill "$pid"; exit 1; }
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  gzip -9 -n -c "$out.new" > "$out.gz"
  rm -f "$out.new"
}

with_server "$smollm" SmolLM2-135M-Instruct samples/smollm2-branches.jsonl -- branch "$parents" --at near-miss --seed 2000
with_server "$smollm" SmolLM2-135M-Instruct samples/smollm2-rescored-user.jsonl -- rescore "$parents" --frame user
with_server "$gemma" gemma-3-270m samples/smollm2-rescored-gemma-document.jsonl -- rescore "$parents" --frame document
ls -l samples/
