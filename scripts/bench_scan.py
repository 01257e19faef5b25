#!/usr/bin/env python3
"""Scan throughput, confab beside the C++ references, measured in turn in one run.

Usage: bench_scan.py CONFAB RUNS FILE...
Each round runs every command once, in a random order; the report is each command's median
wall time and peak RSS, then the ratios the issue asks for: figures-only against the
streaming reference (time of the reference over confab's, >= 0.9 wanted) and the full scan
against figures-only (<= 1.15 wanted). Alternating rounds keeps a noisy machine's slow phases
from landing on one command only.
"""
import os, random, statistics, subprocess, sys, time

def run(command):
    start = time.monotonic()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=sink)
        _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(command)}")
    return time.monotonic() - start, usage.ru_maxrss

def main():
    confab, runs, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    for path in files:
        commands = {
            "C++ simdjson On-Demand, whole file in memory (scan_stats)": ["bench-data/scan_stats", path, "2"],
            "C++ streaming reference, 4 MiB blocks (scan_stream)": ["bench-data/scan_stream", path, "2"],
            "confab scan --figures-only --json": [confab, "scan", "--figures-only", "--json", path],
            "confab scan --json": [confab, "scan", "--json", path],
        }
        results = {name: [] for name in commands}
        for _ in range(runs):
            for name in random.sample(list(commands), len(commands)):
                results[name].append(run(commands[name]))
        print(f"  {path} (medians of {runs}, in turn):")
        median = {}
        for name, measured in results.items():
            median[name] = statistics.median(t for t, _ in measured)
            print(f"    {name}: {median[name]:.3f} s, peak RSS {max(r for _, r in measured) // 1024} MiB")
        names = list(commands)
        print(f"    figures-only vs streaming reference: {median[names[1]] / median[names[2]]:.2f}x (reference time / confab's)")
        print(f"    full scan vs figures-only: {median[names[3]] / median[names[2]]:.2f}x")

main()
