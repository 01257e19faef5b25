#!/usr/bin/env bash
# Adds to samples/ what the live model shows about the recorded SmolLM2 samples (issue 13),
# with the real llama.cpp server: branches at every near-miss correction (the strongest
# correction alternative, one continuation each), every reply rescored under SmolLM2 itself
# quoted in a user turn (the user frame), and under the Gemma 3 270M base model as a plain
# document. Run by `make samples` after the recordings, or alone; never by CI.
set -euo pipefail
cd "$(dirname "$0")/.."
parents=samples/smollm2-135m-instruct.jsonl.gz
# shellcheck source=scripts/with-server.sh
source scripts/with-server.sh

with_server "$smollm" SmolLM2-135M-Instruct samples/smollm2-branches.jsonl -- branch "$parents" --at near-miss --seed 2000
with_server "$smollm" SmolLM2-135M-Instruct samples/smollm2-rescored-user.jsonl -- rescore "$parents" --frame user
with_server "$gemma" gemma-3-270m samples/smollm2-rescored-gemma-document.jsonl -- rescore "$parents" --frame document
ls -l samples/
