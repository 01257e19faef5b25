#!/usr/bin/env python3
"""make eval: measures the marker detector (the real binary, `confab markers --lines`).

1. Szeged Uncertainty Corpus, Wikipedia part, sentence level: a sentence is a hedge iff it
   holds an epistemic or doxastic cue (speculation_modal_*, speculation_hypo_doxastic);
   condition/investigation-only sentences count as negatives. Split by sentence order:
   even positions are the dev half (used while writing rules), odd positions the test half
   (reported, never tuned on). Baseline: a plain 28-word list.
2. EMBER (ember_qa_gpt4.json): the inserted strengthener must come out as `assertion`, the
   inserted weakener as `hedge`. Predictions that also appear in the plain answer (same class
   and text) are the answer's own markers and are not scored; every other prediction in a
   _str/_weak answer is scored: it is correct if it overlaps the inserted span with the
   right class.
3. Self-corrections and the three classes on confab's own labelled fixture
   (Tests/ConfabCoreTests/Fixtures/markers-labelled.tsv): sentence-level P/R/F1 per class.
   Written with the lexicon, so it checks the rules, not how they generalize.
4. Held out, never tuned on: (a) hedges and assertions on the rated LLM sentences of the
   linguistic-uncertainty benchmark, odd rows (the even rows are the dev half): a sentence
   written at "high" confidence is an assertion, one written at any lower level a hedge; the
   prediction is hedge if any hedge marker fires, else assertion if an assertion does. Both
   rated sets are also read as confab reads a sample's wording: sure when its decisiveness
   (from the markers' strengths; plain text is 1) is at least `prompts`' 0.8, hedged below.
   (b) The same benchmark's source file, full_dataset.csv (10,000 sentences at five levels; the
   8,378 not in the benchmark), when present: the benchmark's test half was read once while
   writing cues, these sentences were not, except the dev half (even orig_idx) used after that.
   (c) Self-corrections on eval/retractions-test.tsv: real SmolLM2 replies to a challenge,
   recorded for this set and labelled before the detector saw them; each reply is read with
   its earlier turn (--replying-to). Tune on eval/retractions-dev.tsv (retractions-dev).

Reads ../shared/data when present and skips each part clearly when absent.
"""
import json, os, re, subprocess, sys, html

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFAB = os.environ.get("CONFAB", os.path.join(ROOT, ".build/release/confab"))
DATA = os.environ.get("CONFAB_EVAL_DATA", os.path.join(ROOT, "..", "shared", "data", "markers"))
BASELINE = ["may", "might", "could", "would", "probably", "possibly", "perhaps", "likely", "unlikely",
            "believe", "believed", "think", "thought", "suggest", "suggested", "suggests", "seem", "seems",
            "appear", "appears", "possible", "if", "whether", "considered", "presumably", "apparently",
            "allegedly", "reportedly"]

def detect_rows(texts, replying_to=None):
    """`confab markers --lines` rows ({"markers", "decisiveness"}) for each text, via one run of
    the real binary."""
    clean = [t.replace("\n", " ") for t in texts]
    extra = ["--replying-to", replying_to] if replying_to else []
    out = subprocess.run([CONFAB, "markers", "--lines", "--file", "-"] + extra, input="\n".join(clean),
                         capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()][:len(texts)]

def detect(texts, replying_to=None):
    """Markers for each text, via one run of the real binary."""
    return [row["markers"] for row in detect_rows(texts, replying_to)]

# `confab prompts` reads a sample as sure at this decisiveness and above (its --decisive default).
DECISIVE = 0.8

def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f

def scores(pairs):
    """P, R, F1 and the number of positives of (predicted, gold) truth values."""
    pairs = list(pairs)
    tp = sum(bool(p and g) for p, g in pairs)
    fp = sum(bool(p and not g) for p, g in pairs)
    fn = sum(bool(g and not p) for p, g in pairs)
    return (*prf(tp, fp, fn), tp + fn)

def szeged(half):
    path = os.path.join(DATA, "szeged_uncertainty", "wiki.xml")
    if not os.path.exists(path):
        print("szeged: skipped (no %s)" % path)
        return
    raw = open(path, encoding="utf-8").read()
    sentences = re.findall(r'<Sentence id="[^"]*">(.*?)</Sentence>', raw, re.S)
    texts, gold = [], []
    for index, sentence in enumerate(sentences):
        if index % 2 != (0 if half == "dev" else 1):
            continue
        cues = re.findall(r'<ccue type="([^"]*)">', sentence)
        gold.append(any(t.startswith("speculation_modal") or "doxastic" in t for t in cues))
        texts.append(html.unescape(re.sub(r"<[^>]+>", "", sentence)))
    found = detect(texts)
    predicted = [any(m["kind"] == "hedge" for m in ms) for ms in found]
    words = [set(re.findall(r"[a-z']+", t.lower())) for t in texts]
    baseline = [any(w in ws for w in BASELINE) for ws in words]
    for name, pred in (("confab", predicted), ("28-word baseline", baseline)):
        p, r, f, _ = scores(zip(pred, gold))
        print(f"szeged wiki {half} half ({len(texts)} sentences, {sum(gold)} hedged): {name}: P {p:.3f} R {r:.3f} F1 {f:.3f}")

STOP = {"it", "i", "is", "am", "be", "a", "the", "for", "this", "my", "of", "not", "level", "high", "can"}

def locate(cue, text):
    """Where the inserted marker landed: the cue itself, else its longest run of words that
    is not all stop words (EMBER's rewriting sometimes inflects it: "very confidently")."""
    lowered = text.lower()
    words = cue.lower().split()
    for n in range(len(words), 0, -1):
        for i in range(len(words) - n + 1):
            gram = words[i:i + n]
            if all(w.strip(":%") in STOP for w in gram):
                continue
            found = lowered.find(" ".join(gram))
            if found >= 0:
                return found, found + len(" ".join(gram))
    return -1, -1

def ember():
    path = os.path.join(DATA, "ember", "ember_qa_gpt4.json")
    if not os.path.exists(path):
        print("ember: skipped (no %s)" % path)
        return
    items = json.load(open(path, encoding="utf-8"))
    texts = []
    for item in items:
        texts += [item["answer_gpt4_str"], item["answer_gpt4_weak"], item["answer_gpt4_plain"]]
    found = detect(texts)
    gold_total = gold_hit = tp = fp = plain_count = 0
    misses = []
    for number, item in enumerate(items):
        plain = found[3 * number + 2]
        plain_count += sum(1 for m in plain if m["kind"] in ("hedge", "assertion"))
        plain_keys = [(m["kind"], m["text"].lower()) for m in plain]
        for offset, (variant, kind) in enumerate((("str", "assertion"), ("weak", "hedge"))):
            text = texts[3 * number + offset]
            cue = item[variant]
            start, end = locate(cue, text)
            if start < 0:
                continue
            gold_total += 1
            own = list(plain_keys)
            hit = False
            for m in found[3 * number + offset]:
                if m["kind"] not in ("hedge", "assertion"):
                    continue
                key = (m["kind"], m["text"].lower())
                overlaps = m["start"] < end and m["end"] > start
                if key in own and not overlaps:
                    own.remove(key)
                    continue
                if overlaps and m["kind"] == kind:
                    tp += 1
                    hit = True
                else:
                    fp += 1
            gold_hit += hit
            if not hit and len(misses) < 8:
                misses.append(f"{variant}: {cue!r} in {text[:100]!r}")
            if os.environ.get("EMBER_SHOW_WRONG"):
                for m in found[3 * number + offset]:
                    if m["kind"] in ("hedge", "assertion") and not (m["start"] < end and m["end"] > start) and (m["kind"], m["text"].lower()) not in plain_keys:
                        print("  wrong", variant, m["kind"], repr(m["text"]), "in", repr(text[:120]))
    recall = gold_hit / gold_total if gold_total else 0
    precision = tp / (tp + fp) if tp + fp else 0
    print(f"ember gpt4 ({gold_total} inserted markers): span recall {recall:.3f}, precision {precision:.3f}"
          f" ({tp} correct, {fp} wrong); plain answers carry {plain_count} markers of their own (not scored)")
    for miss in misses:
        print("  missed", miss)

def labelled():
    path = os.path.join(ROOT, "Tests", "ConfabCoreTests", "Fixtures", "markers-labelled.tsv")
    rows = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        label, text = line.rstrip("\n").split("\t", 1)
        rows.append((set(label.split(",")) - {"none"}, text))
    found = detect([t for _, t in rows])
    for kind in ("correction", "hedge", "assertion"):
        p, r, f, positives = scores((any(m["kind"] == kind for m in ms), kind in gold) for (gold, _), ms in zip(rows, found))
        print(f"labelled fixture ({len(rows)} sentences): {kind}: P {p:.3f} R {r:.3f} F1 {f:.3f} ({positives} positives)")

def confidence_classes(rows, name):
    """Rated sentences as hedge (written below "high") or assertion ("high"); a sentence is
    predicted a hedge if any hedge fires, else an assertion if one does. Prints P/R/F1 per
    class and returns (predicted, gold)."""
    found = detect_rows([r["uncertainty_expression"] for r in rows])
    gold = ["assertion" if r["llm_confidence_level"] == "high" else "hedge" for r in rows]
    predicted = []
    for row in found:
        kinds = {m["kind"] for m in row["markers"]}
        predicted.append("hedge" if "hedge" in kinds else "assertion" if "assertion" in kinds else "none")
    for kind in ("hedge", "assertion"):
        p, r, f, positives = scores((p == kind, g == kind) for p, g in zip(predicted, gold))
        print(f"{name}: {kind}: P {p:.3f} R {r:.3f} F1 {f:.3f} ({positives} positives)")
    # The sentence-level reading confab itself makes (decisiveness, as `prompts` and the compare
    # view read samples): a plain statement reads as sure, a weak cue barely lowers it.
    sure = [row["decisiveness"] >= DECISIVE for row in found]
    for label, want in (("hedged", False), ("sure", True)):
        p, r, f, positives = scores((s == want, (g == "assertion") == want) for s, g in zip(sure, gold))
        print(f"{name}: read by decisiveness >= {DECISIVE}: {label}: P {p:.3f} R {r:.3f} F1 {f:.3f} ({positives} positives)")
    return predicted, gold

def rated(half):
    import csv
    path = os.path.join(DATA, "linguistic_uncertainty", "linguistic_confidence_benchmark.csv")
    if not os.path.exists(path):
        print("rated sentences: skipped (no %s)" % path)
        return
    rows = [r for i, r in enumerate(csv.DictReader(open(path, encoding="utf-8"))) if i % 2 == (1 if half == "test" else 0)]
    predicted, gold = confidence_classes(rows, f"held-out rated LLM sentences, {half} half ({len(rows)})")
    if os.environ.get("EVAL_SHOW_MISSES"):
        for r, p, g in zip(rows, predicted, gold):
            if p != g:
                print("  ", g, "->", p, r["uncertainty_expression"][:110])

def rated_unseen(half):
    """The benchmark's source file: 10,000 rated-level sentences, 8,378 of them not in the
    benchmark (whose test half was read once while writing cues). Split by the row's
    orig_idx parity: even rows are the dev half, odd rows the test half."""
    import csv
    path = os.environ.get("CONFAB_EVAL_RATED_FULL", os.path.expanduser("~/.cache/confab-eval/full_dataset.csv"))
    bench_path = os.path.join(DATA, "linguistic_uncertainty", "linguistic_confidence_benchmark.csv")
    if not os.path.exists(path) or not os.path.exists(bench_path):
        print("unseen rated sentences: skipped (no %s; see docs/markers.md for where it comes from)" % path)
        return
    bench = {r["uncertainty_expression"] for r in csv.DictReader(open(bench_path, encoding="utf-8"))}
    rows = [r for r in csv.DictReader(open(path, encoding="utf-8"))
            if r["uncertainty_expression"] not in bench and int(r["orig_idx_in_40000_dataset"]) % 2 == (1 if half == "test" else 0)]
    name = f"unseen rated LLM sentences, {half} half ({len(rows)})"
    predicted, gold = confidence_classes(rows, name)
    # A plain high-confidence sentence ("It was founded in 1840.") carries no marker to find.
    marked = [(p, g) for p, g in zip(predicted, gold) if p != "none"]
    p, r, f, _ = scores((p == "assertion", g == "assertion") for p, g in marked)
    unmarked = sum(p == "none" and g == "assertion" for p, g in zip(predicted, gold))
    print(f"{name}: assertion among sentences with a marker: P {p:.3f} R {r:.3f} F1 {f:.3f}; {unmarked} high-confidence sentences carry none")
    if os.environ.get("EVAL_SHOW_MISSES"):
        for row, p, g in zip(rows, predicted, gold):
            if p != g and p != "none" or (g == "hedge" and p == "none"):
                print("  ", g, "->", p, row["uncertainty_expression"][:110])

def retractions(split):
    path = os.path.join(ROOT, "eval", f"retractions-{split}.tsv")
    rows = [line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8") if line.strip() and not line.startswith("#")]
    pairs = []
    misses = []
    for sample, label, earlier, reply in rows:
        ms = detect([reply], replying_to=earlier)[0]
        p = any(m["kind"] == "correction" for m in ms)
        g = label == "correction"
        pairs.append((p, g))
        if p != g:
            misses.append(f"{'missed' if g else 'wrong'} {sample}: {reply[:90]!r}")
    p, r, f, positives = scores(pairs)
    name = "held-out challenged replies" if split == "test" else "challenged replies, dev set"
    print(f"{name} ({len(rows)}, {positives} corrections): correction: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    for miss in misses[: 20 if os.environ.get("EVAL_SHOW_MISSES") else 0]:
        print("  ", miss)

if __name__ == "__main__":
    parts = sys.argv[1:] or ["szeged-test", "ember", "labelled", "rated-test", "unseen-test", "retractions-test"]
    for part in parts:
        if part.startswith("szeged"):
            szeged(part.split("-")[1] if "-" in part else "test")
        elif part == "ember":
            ember()
        elif part == "labelled":
            labelled()
        elif part.startswith("unseen"):
            rated_unseen(part.split("-")[1] if "-" in part else "test")
        elif part.startswith("rated"):
            rated(part.split("-")[1] if "-" in part else "test")
        elif part.startswith("retractions"):
            retractions(part.split("-")[1] if "-" in part else "test")
