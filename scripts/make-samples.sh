#!/usr/bin/env bash
# Regenerates samples/ with `confab record` against the real llama.cpp server, with two real
# models (see samples/README.md): SmolLM2-135M-Instruct (tuned) through its chat template, and
# Gemma 3 270M (base, no chat template) sampled as a document through /completion. Pure
# sampling, top-20, 8 samples a prompt, seeds 1000 + sample, at most 160 tokens.
set -euo pipefail
cd "$(dirname "$0")/.."
settings=(-n 8 --top-logprobs 20 --temperature 1 --top-k 0 --top-p 1 --min-p 0 --max-tokens 160 --seed 1000)

# shellcheck source=scripts/with-server.sh
source scripts/with-server.sh

rm -f samples/*.jsonl samples/*.jsonl.gz
with_server "$smollm" SmolLM2-135M-Instruct samples/smollm2-135m-instruct.jsonl -- record "${settings[@]}" --prompts samples/prompts.txt
with_server "$gemma" gemma-3-270m samples/gemma-3-270m.jsonl -- record "${settings[@]}" \
  --prompts samples/prompts-document.txt --api llamacpp --stop '\nQuestion:' --stop '\n\n'
scripts/make-live-samples.sh
