#!/usr/bin/env python3
"""Time to first data on screen, confab vs less, on the same file in the same run.

Each viewer starts in a detached tmux session (120x40); the screen is polled every 2 ms
until text that only the file's data can produce appears. Each round runs both viewers, in a
random order, so a slow phase of the shared machine lands on both (runs of one viewer after
the other's had put it on whichever ran then). Reports the median of --runs and, for confab,
RSS once the background index of the file is complete.
"""
import os, random, statistics, subprocess, sys, tempfile, time

def tmux(sock, *args):
    return subprocess.run(["tmux", "-S", sock, "-f", "/dev/null", *args], capture_output=True, text=True).stdout

def first_screen(command, marker, keep=None, trace=None):
    with tempfile.TemporaryDirectory() as d:
        sock = os.path.join(d, "sock")
        start = time.perf_counter()
        env = ["-e", f"CONFAB_STARTUP_TRACE={trace}"] if trace else []
        tmux(sock, "new-session", "-d", "-s", "b", "-x", "120", "-y", "40", "-e", "LANG=C.UTF-8", *env, command)
        elapsed = None
        while time.perf_counter() - start < 30:
            if marker in tmux(sock, "capture-pane", "-p", "-t", "b"):
                elapsed = time.perf_counter() - start
                break
            time.sleep(0.002)
        extra = keep(sock) if keep and elapsed is not None else None
        tmux(sock, "kill-server")
        if trace and os.path.exists(trace):
            # confab's own steps, in ms since the session was asked for (perf_counter is
            # CLOCK_MONOTONIC, the clock StartupTrace writes).
            steps = {}
            for line in open(trace):
                name, at = line.rsplit(" ", 1)
                steps.setdefault(name, float(at) - start * 1000)
            extra = (extra, steps)
        return elapsed, extra

def rss_after_index(sock):
    """Waits for confab's index to finish, then reads its resident memory."""
    pane = tmux(sock, "display", "-p", "-t", "b", "#{pane_pid}").strip()
    deadline = time.time() + 120
    while time.time() < deadline and "indexing" in tmux(sock, "capture-pane", "-p", "-t", "b"):
        time.sleep(0.05)
    with open(f"/proc/{pane}/status") as f:
        for line in f:
            if line.startswith("VmRSS") or line.startswith("VmHWM"):
                pass
    with open(f"/proc/{pane}/status") as f:
        status = dict(line.split(":", 1) for line in f)
    return status["VmRSS"].strip(), status["VmHWM"].strip()

def main():
    confab, runs, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    for path in files:
        size = os.path.getsize(path) / 1e6
        less, ours, rss, timelines = [], [], None, []
        # A confab being killed may still write its last marks: cleaning up may race it.
        with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as traces:
            for index in range(runs):
                viewers = ["less", "confab"]
                random.shuffle(viewers)
                for viewer in viewers:
                    time.sleep(0.2)
                    if viewer == "less":
                        less.append(first_screen(f"less {path}", '{"id":"chatcmpl')[0])
                        continue
                    # A file per run, for the same reason.
                    trace = os.path.join(traces, f"{index}.txt")
                    elapsed, (extra, steps) = first_screen(f"exec {confab} {path}", "─ token 1/", rss_after_index if index == 0 else None, trace)
                    ours.append(elapsed)
                    rss = rss or extra
                    timelines.append(steps)
        if None in less or None in ours:
            print(f"{path}: a viewer did not show data within 30 s (less {less}, confab {ours})")
            continue
        ml, mc = statistics.median(less), statistics.median(ours)
        print(f"first screen, {size:,.0f} MB: less {ml*1000:.1f} ms, confab {mc*1000:.1f} ms "
              f"(ratio {mc/ml:.2f}x, medians of {runs}, in turn); confab RSS after full index {rss[0]} (peak {rss[1]})")
        # In the order the first run wrote them (frames are numbered as drawn).
        names = list(timelines[0]) + [n for t in timelines[1:] for n in t if n not in timelines[0]]
        names = list(dict.fromkeys(names))
        print("  confab's steps (median ms after tmux was asked): " +
              ", ".join(f"{n} {statistics.median(t[n] for t in timelines if n in t):.1f}" for n in names))

if __name__ == "__main__":
    main()
