#!/usr/bin/env python3
"""The reliability pass (issue 10) as a script: damaged and special inputs through `scan --json`,
random keys and resizes in tmux, kill -9 while tagging, and how the terminal is left after every
way of ending. Prints the figures the issue asks for. Seeded; run with a release build:

    swift build -c release --product confab && python3 scripts/reliability.py [rounds]

Not part of `make test` (it takes minutes); the cases it found are unit and tmux tests.
"""
import gzip, json, os, random, signal, sqlite3, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFAB = os.path.join(ROOT, ".build/release/confab")
SCALE = int(sys.argv[1]) if len(sys.argv) > 1 else 1
rng = random.Random(20261203)
work = tempfile.mkdtemp(prefix="confab-reliability-")
env = dict(os.environ, CONFAB_DB=os.path.join(work, "tags.sqlite"), XDG_CONFIG_HOME=os.path.join(work, "xdg"), LANG="C.UTF-8")


def scan(path, timeout=30):
    """(exit code or 'hang', transcripts, problems, peak RSS KiB) of `confab scan --json path`."""
    try:
        run = subprocess.run(["/usr/bin/time", "-f", "%M", CONFAB, "scan", "--json", path], capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return "hang", 0, 0, 0
    rss = int(run.stderr.decode(errors="replace").strip().splitlines()[-1] or 0)
    status = run.returncode
    if "Command terminated by signal" in run.stderr.decode(errors="replace") or status > 1:
        return f"crash({status})", 0, 0, rss
    report = json.loads(run.stdout)
    return status, report["corpus"]["transcripts"], len(report["problems"]), rss


# ---- inputs -------------------------------------------------------------------------------
fixtures = [os.path.join(ROOT, "samples/smollm2-135m-instruct.jsonl")]
formats = os.path.join(ROOT, "Tests/ConfabCoreTests/Fixtures/formats")
fixtures += [os.path.join(formats, n) for n in sorted(os.listdir(formats)) if not n.endswith(".py")]
baseline = {f: scan(f)[1] for f in fixtures}


def damaged(data, kind):
    if kind == "cut":  # inside a line: must be reported
        while True:
            at = rng.randrange(1, len(data))
            if data[at - 1] != 0x0A and data[at] != 0x0A:
                return data[:at]
    if kind == "bad-first-line":
        return b'{"confab":1,"id":"x\n' + data
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind == "nul-tail":
        return data + b"\0" * (3 << 20)
    if kind == "bytes":
        out = bytearray(data)
        for _ in range(rng.randrange(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    raise ValueError(kind)


# Kinds whose loss must be reported (a problem, exit 1) and kinds that must lose nothing.
LOSSY = {"cut", "bad-first-line", "gzip-cut"}
LOSSLESS = {"bom", "nul-tail", "gzip"}
figures = {"inputs": 0, "crashes": 0, "hangs": 0, "silent losses": 0, "max RSS MiB": 0}
failures = []
for round_ in range(40 * SCALE):
    for source in fixtures:
        data = open(source, "rb").read()
        if source.endswith(".gz") or source.endswith(".eval"):
            kinds = ["bytes", "cut"]
        else:
            kinds = ["cut", "bad-first-line", "bom", "nul-tail", "bytes", "gzip", "gzip-cut"]
        kind = kinds[round_ % len(kinds)]
        name = os.path.join(work, f"in-{round_}-{os.path.basename(source)}")
        if kind.startswith("gzip"):
            packed = gzip.compress(data)
            if kind == "gzip-cut":
                packed = packed[: rng.randrange(10, len(packed) - 8)]
            name += ".gz"
            payload = packed
        else:
            payload = damaged(data, kind)
        if kind == "bad-first-line" and not source.endswith("l"):
            continue  # a document with a line before it is no longer a document: not a JSONL case
        with open(name, "wb") as out:
            out.write(payload)
        status, found, problems, rss = scan(name)
        figures["inputs"] += 1
        figures["max RSS MiB"] = max(figures["max RSS MiB"], rss // 1024)
        if status == "hang":
            figures["hangs"] += 1
            failures.append(("hang", kind, name))
        elif isinstance(status, str):
            figures["crashes"] += 1
            failures.append((status, kind, name))
        elif kind in LOSSY and status == 0 and found < baseline[source] + (1 if kind == "bad-first-line" else 0):
            figures["silent losses"] += 1
            failures.append(("silent loss", kind, name))
        elif kind in LOSSLESS and found != baseline[source]:
            figures["silent losses"] += 1
            failures.append((f"{found} of {baseline[source]}", kind, name))
        os.unlink(name)

# Special files: each must end (no hang) with a clear problem.
fifo = os.path.join(work, "fifo.jsonl")
os.mkfifo(fifo)
folder = os.path.join(work, "folder")
os.mkdir(folder)
os.symlink(fifo, os.path.join(folder, "link.jsonl"))
sparse = os.path.join(work, "sparse.jsonl")
with open(sparse, "wb") as out:
    out.truncate(2 << 30)
for special in [fifo, folder, "/dev/zero", sparse]:
    status, found, problems, rss = scan(special)
    figures["inputs"] += 1
    figures["max RSS MiB"] = max(figures["max RSS MiB"], rss // 1024)
    if status == "hang":
        figures["hangs"] += 1
        failures.append(("hang", "special", special))
    elif isinstance(status, str):
        figures["crashes"] += 1
        failures.append((status, "special", special))
    elif problems == 0:
        failures.append(("no problem reported", "special", special))
os.unlink(sparse)
print("inputs through scan --json:", figures)
for failure in failures[:20]:
    print("  ", *failure)


# ---- the terminal ------------------------------------------------------------------------
class Tmux:
    def __init__(self, command, width=100, height=30, extra_env=None):
        self.socket = os.path.join(work, f"tmux-{time.monotonic_ns()}")
        variables = []
        for key, value in {**{k: env[k] for k in ("CONFAB_DB", "XDG_CONFIG_HOME", "LANG")}, **(extra_env or {})}.items():
            variables += ["-e", f"{key}={value}"]
        subprocess.run(["tmux", "-S", self.socket, "-f", "/dev/null", "new-session", "-d", "-s", "r", "-x", str(width), "-y", str(height)]
                       + variables + ["/bin/sh", "-c", f"cd {work} && {command}; stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | tr '\\n' ' '; echo __EXIT__=$?; sleep 600"], check=True)

    def tmux(self, *args):
        return subprocess.run(["tmux", "-S", self.socket, *args], capture_output=True, text=True).stdout

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "r")

    def wait(self, text, seconds=15):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if text in self.screen():
                return True
            time.sleep(0.05)
        return False

    def program(self):
        shell = self.tmux("display", "-p", "-t", "r", "#{pane_pid}").strip()
        children = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True).stdout.split()
        return int(children[0]) if children else None

    def close(self):
        self.tmux("kill-server")


samples = os.path.join(ROOT, "samples")
keys = list("hjklwbgGnNeEmTsvV[]pxuU?") + ["Tab", "BTab", "Enter", "Escape", "Space", "PgDn", "PgUp", "C-d", "C-u", "C-l", "Left", "Right", "Up", "Down"]
session = Tmux(f"{CONFAB} {samples}")
session.wait("─ token")
pid = session.program()
sent = resizes = key_crashes = 0
for batch in range(600 * SCALE):
    chunk = [rng.choice(keys) for _ in range(50)]
    session.tmux("send-keys", "-t", "r", *chunk)
    sent += len(chunk)
    if batch % 5 == 4:
        session.tmux("resize-window", "-t", "r", "-x", str(rng.randrange(12, 200)), "-y", str(rng.randrange(4, 60)))
        resizes += 1
    if batch % 20 == 19 and (pid is None or subprocess.run(["kill", "-0", str(pid)]).returncode != 0):
        key_crashes += 1
        break
session.tmux("send-keys", "-t", "r", "Escape", "Escape", "q", "q")
ended = session.wait("__EXIT__=")
restored = "icanon echo" in session.screen()
session.close()
print(f"random keys: {sent} keys, {resizes} resizes, {key_crashes} crashes, quit cleanly: {ended}, terminal restored: {restored}")

# kill -9 while tagging: every tag the screen called saved must be in the store.
store = env["CONFAB_DB"]
if os.path.exists(store):
    os.unlink(store)
saved = 0
rounds = 30 * SCALE
for round_ in range(rounds):
    session = Tmux(f"{CONFAB} {samples}")
    session.wait("─ token")
    session.tmux("send-keys", "-t", "r", *(["j"] * round_ + ["v", "l", "l", "1"]))
    if session.wait("saved", 5):
        saved += 1
    pid = session.program()
    if pid:
        os.kill(pid, signal.SIGKILL)
    session.close()
in_store = sqlite3.connect(store).execute("select count(*) from tags").fetchone()[0]
print(f"kill -9 while tagging: {rounds} rounds, {saved} tags shown saved, {in_store} in the store, {max(0, saved - in_store)} lost")

# Every way of ending leaves the shell's terminal settings.
endings = {"q": None, "C-c": None}
for number in [signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGQUIT, signal.SIGPIPE, signal.SIGUSR1, signal.SIGUSR2,
               signal.SIGALRM, signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS, signal.SIGXCPU]:
    endings[signal.Signals(number).name] = number
restored = 0
for name, number in endings.items():
    session = Tmux(f"{CONFAB} {samples}")
    session.wait("─ token")
    if number is None:
        session.tmux("send-keys", "-t", "r", name)
    else:
        os.kill(session.program(), number)
    ok = session.wait("__EXIT__=") and "icanon echo" in session.screen()
    restored += ok
    if not ok:
        print("   not restored after", name)
    session.close()
print(f"terminal endings: {restored} of {len(endings)} restored ({', '.join(endings)})")
