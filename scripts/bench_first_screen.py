#!/usr/bin/env python3
"""Time to first data on screen, confab vs less, on the same file in the same run.

Each viewer starts in a tmux session (120x40) made by a control-mode client (`tmux -C`); the
screen is asked for over that one connection every millisecond until text that only the
file's data can produce appears. (Spawning a `tmux capture-pane` client per poll, as this
script first did, cost a few milliseconds of CPU every 2 ms on a 2-core machine: the poller
took a core from the viewer it was timing, confab's two busy threads more than less's one.
`--spawn` still polls that way, to compare.) Each round runs both viewers, in a random order,
so a slow phase of the shared machine lands on both. Reports the median of --runs and, for
confab, RSS once the background index of the file is complete.
"""
import os, random, statistics, subprocess, sys, tempfile, time

def tmux(sock, *args):
    return subprocess.run(["tmux", "-S", sock, "-f", "/dev/null", *args], capture_output=True, text=True).stdout

class ControlClient:
    """A tmux control-mode client that made the session: commands in, their output blocks out."""

    def __init__(self, sock, session_args):
        self.process = subprocess.Popen(["tmux", "-S", sock, "-f", "/dev/null", "-C", "new-session", *session_args],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        self.pending = b""
        self.block()  # new-session's own (empty) reply

    def line(self):
        while b"\n" not in self.pending:
            chunk = os.read(self.process.stdout.fileno(), 65536)
            if not chunk:
                raise EOFError("tmux control client closed")
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line

    def block(self):
        """The next command reply (%begin ... %end); notifications between are skipped."""
        while not self.line().startswith(b"%begin"):
            pass
        lines = []
        while not (line := self.line()).startswith((b"%end", b"%error")):
            lines.append(line)
        return b"\n".join(lines).decode(errors="replace")

    def command(self, text):
        self.process.stdin.write(text.encode() + b"\n")
        return self.block()

    def close(self):
        try:
            self.process.stdin.write(b"kill-server\n")
        except BrokenPipeError:
            pass
        self.process.wait()

def first_screen(command, marker, keep=None, trace=None, spawn=False):
    with tempfile.TemporaryDirectory() as d:
        sock = os.path.join(d, "sock")
        start = time.perf_counter()
        env = ["-e", f"CONFAB_STARTUP_TRACE={trace}"] if trace else []
        session = ["-s", "b", "-x", "120", "-y", "40", "-e", "LANG=C.UTF-8", *env, command]
        client = None
        if spawn:
            tmux(sock, "new-session", "-d", *session)
            capture = lambda: tmux(sock, "capture-pane", "-p", "-t", "b")
        else:
            client = ControlClient(sock, session)
            capture = lambda: client.command("capture-pane -p -t b")
        elapsed = None
        while time.perf_counter() - start < 30:
            if marker in capture():
                elapsed = time.perf_counter() - start
                break
            time.sleep(0.002 if spawn else 0.001)
        extra = keep(sock) if keep and elapsed is not None else None
        if client:
            client.close()
        else:
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
    arguments = sys.argv[1:]
    spawn = "--spawn" in arguments
    arguments = [a for a in arguments if a != "--spawn"]
    confab, runs, files = arguments[0], int(arguments[1]), arguments[2:]
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
                        less.append(first_screen(f"less {path}", '{"id":"chatcmpl', spawn=spawn)[0])
                        continue
                    # A file per run, for the same reason.
                    trace = os.path.join(traces, f"{index}.txt")
                    elapsed, (extra, steps) = first_screen(f"exec {confab} {path}", "─ token 1/", rss_after_index if index == 0 else None, trace, spawn)
                    ours.append(elapsed)
                    rss = rss or extra
                    timelines.append(steps)
        if None in less or None in ours:
            print(f"{path}: a viewer did not show data within 30 s (less {less}, confab {ours})")
            continue
        ml, mc = statistics.median(less), statistics.median(ours)
        print(f"first screen{' (a client spawned per poll)' if spawn else ''}, {size:,.0f} MB: less {ml*1000:.1f} ms, confab {mc*1000:.1f} ms "
              f"(ratio {mc/ml:.2f}x, medians of {runs}, in turn); confab RSS after full index {rss[0]} (peak {rss[1]})")
        # In the order the first run wrote them (frames are numbered as drawn).
        names = list(timelines[0]) + [n for t in timelines[1:] for n in t if n not in timelines[0]]
        names = list(dict.fromkeys(names))
        print("  confab's steps (median ms after tmux was asked): " +
              ", ".join(f"{n} {statistics.median(t[n] for t in timelines if n in t):.1f}" for n in names))

if __name__ == "__main__":
    main()
