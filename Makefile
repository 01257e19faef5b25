SWIFT ?= swift
RELEASE := .build/release/confab
SHELL := /bin/bash

.PHONY: deps build release run test bench eval samples fuzz clean

deps:
	@scripts/deps.sh

build: deps
	$(SWIFT) build

# Static Swift runtime: faster start. Foundation's static archive makes the linker warn about
# mktemp in code confab never calls; that one line is filtered out, nothing else.
release: deps
	@set -o pipefail; $(SWIFT) build -c release --static-swift-stdlib 2>&1 | sed "/the use of \`mktemp' is dangerous/d"

# Opens the explorer on the real samples.
run: release
	$(RELEASE) samples/

# Every test: unit, Buffer snapshots, update(), importers, and tmux end-to-end on the real binary.
# The record tests drive the real llama.cpp server: built once into ~/.cache (about 10 minutes).
test: deps
	@scripts/llama-server.sh > .build-llama-paths
	$(SWIFT) build --build-tests
	CONFAB_LLAMA_SERVER="$$(sed -n 1p .build-llama-paths)" CONFAB_LLAMA_MODEL="$$(sed -n 2p .build-llama-paths)" $(SWIFT) test --skip-build

# Benchmarks (not part of test): see docs/bench.md for what each figure means.
bench: release
	scripts/bench.sh

# A longer run of the seeded fuzzer than make test's (CONFAB_FUZZ_ITERATIONS inputs).
fuzz: deps
	$(SWIFT) build --build-tests
	CONFAB_FUZZ_ITERATIONS=$${CONFAB_FUZZ_ITERATIONS:-200000} $(SWIFT) test --skip-build --filter FuzzTests

# Marker quality on ../shared/data (Szeged, EMBER; skipped when absent) and our own labelled set.
eval: release
	python3 eval/markers_eval.py

# Regenerates samples/ with the real llama.cpp server (builds it once into ~/.cache, ~10 min).
samples: release
	scripts/make-samples.sh

clean:
	rm -rf .build
