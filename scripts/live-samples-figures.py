#!/usr/bin/env python3
"""The figures samples/README.md quotes for the live-model samples (branches at near-misses,
rescorings in the user frame and under the Gemma base model). Usage:
  python3 scripts/live-samples-figures.py [CONFAB]   (default .build/release/confab)"""
import collections, gzip, json, statistics, subprocess, sys

confab = sys.argv[1] if len(sys.argv) > 1 else ".build/release/confab"
parents = "samples/smollm2-135m-instruct.jsonl.gz"
branches = "samples/smollm2-branches.jsonl.gz"

def run(*args):
    return json.loads(subprocess.run([confab, *args], capture_output=True, text=True, check=False).stdout)

# Branches: does the continuation (from the fork on) hold a self-correction?
forks = {}
with gzip.open(branches, "rt") as f:
    for line in f:
        record = json.loads(line)
        forks[record["id"]] = (record["branch"]["token_index"], record["branch"]["token"])
events = run("events", "--json", "--kind", "correction", branches)["events"]
corrected = {e["transcript"] for e in events if e["token_index"] >= forks.get(e["transcript"], (0, ""))[0]}
by_token = collections.Counter(token for token in (t for _, t in forks.values()))
fixed_by_token = collections.Counter(forks[i][1] for i in corrected)
print(f"branches: {len(forks)}; with a self-correction after the fork: {len(corrected)} ({len(corrected) / max(1, len(forks)):.0%})")
for token, count in by_token.most_common(6):
    print(f"  at {token!r}: {count} branches, {fixed_by_token[token]} with a correction after it")

# Rescorings beside their parents, per frame and model.
pairs = run("scan", "--json", parents, "samples/smollm2-rescored-user.jsonl.gz", "samples/smollm2-rescored-gemma-document.jsonl.gz")["rescores"]
frames = collections.defaultdict(list)
for pair in pairs:
    if pair.get("mean_delta_logprob") is not None:
        frames[(pair.get("frame"), pair.get("model"), pair.get("same_tokens"))].append(pair["mean_delta_logprob"])
for (frame, model, same), deltas in sorted(frames.items()):
    lower = sum(1 for d in deltas if d < 0)
    print(f"rescored ({frame}, {model}, same tokens: {same}): {len(deltas)} replies, mean Δlogprob per token "
          f"{statistics.mean(deltas):+.3f} (median {statistics.median(deltas):+.3f}); lower than as sampled in {lower} of {len(deltas)}")
