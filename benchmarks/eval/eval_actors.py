"""Score the ``mentions`` table of :func:`analytics.analyze` against hand-annotated gold.

The gold set (``actors_gold.jsonl`` beside this script) holds 24 short news articles
written and annotated by hand in three styles (US 2016 campaign, UK 2004-05 BBC, wire
international); see ``README.md`` for the annotation rules.

Scoring
-------
* Predicted mentions of kind ``pronoun`` are ignored. Predicted mentions that say they
  are unresolved (``resolved == False`` or an empty actor) are *abstentions*: never
  false positives, but a gold mention they cover still counts as missed.
* Each predicted mention is paired with the gold mention its span overlaps (several:
  the one whose person the predicted actor maps to, else the largest overlap).
* Predicted actor strings are mapped to gold persons by a one-to-one greedy alignment
  over the whole corpus: (actor, person) pairs are taken in decreasing order of the
  number of overlapping mentions, each actor and each person used once. An actor that
  gets no person (for example the second half of a split person) is wrong everywhere.
* A predicted mention is correct when it overlaps a gold mention whose person is the
  one its actor maps to. Each gold mention is matched once; further correct predictions
  on the same gold span are counted as duplicates (neither right nor wrong).
* Name scores use gold ``name`` mentions; role scores use gold ``role`` mentions with a
  person (roles the text does not resolve, person "", are not in the recall
  denominator, and a prediction resolving them to someone is wrong). Gold
  ``appositive`` descriptions ("John Podesta, the campaign chairman,") are neutral: a
  correct prediction there is not counted, a wrong one is a role error.
* Split person: a gold person that is the majority person of two or more predicted
  actors (name mentions). Conflation: a predicted actor whose name mentions overlap gold
  mentions of two or more persons.

Held-out sets
-------------
``actors_heldout.jsonl`` has the same format as the development set (15 articles the
team wrote, never tuned on). ``polnear_actors_gold.jsonl`` annotates real PolNeAR
articles but holds only ids, offsets, kinds and person names: ``--polnear`` (or
``--gold`` on that file) reads the article texts from
``../shared/data/polnear_train/train.jsonl`` at run time and rebuilds the gold records
(surfaces come from the text). Offsets refer to the raw PolNeAR text; when cleaning
moves them, each span is found in the clean text by string search (the occurrence
nearest to the aligned offset). With PolNeAR records, ``--json`` leaves out the error
lists, which quote the article text.

Run ``python benchmarks/eval/eval_actors.py`` (add ``--json OUT`` to write the numbers,
``--check-gold`` to verify the gold file and list capitalised words no annotation covers).
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GOLD = HERE / "actors_gold.jsonl"
HELDOUT = HERE / "actors_heldout.jsonl"
POLNEAR_GOLD = HERE / "polnear_actors_gold.jsonl"
POLNEAR_DATA = HERE.parents[2] / "shared" / "data" / "polnear_train" / "train.jsonl"
POLNEAR_SOURCE = "polnear_train"
STYLES = {"us16": "US", "uk04": "UK", "uk05": "UK", "wire": "wire"}
KINDS = {"name", "role", "appositive"}


def style_of(doc_id: str) -> str:
    """Style of a gold article from its id prefix (``us16-``, ``uk05-``, ``wire-``)."""
    return STYLES.get(doc_id.split("-")[0], "other")


def load_gold(path: Path = GOLD, polnear_data: Path = POLNEAR_DATA) -> list[dict[str, Any]]:
    """Read the gold JSONL file (one article per line).

    Records that name a PolNeAR source instead of carrying a text (see
    :func:`rebuild_polnear`) are rebuilt from ``polnear_data``.
    """
    if not Path(path).exists():
        sys.exit(f"{path}: gold file not found; pass --gold PATH")
    rows = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    sys.exit(f"{path}:{i}: not valid JSON ({exc})")
    if any(r.get("source") == POLNEAR_SOURCE for r in rows):
        rows = rebuild_polnear(rows, polnear_data, gold_path=Path(path))
    return rows


def rebuild_polnear(rows: list[dict[str, Any]], data: Path = POLNEAR_DATA, *,
                    gold_path: Path | None = None) -> list[dict[str, Any]]:
    """Turn id-and-offset records into full gold records, reading PolNeAR at run time.

    Parameters
    ----------
    rows : list of dict
        Records ``{"id", "source": "polnear_train", "sha256", "mentions":
        [{start, end, person, kind}], "non_persons": [{start, end, type}]}``. Offsets
        refer to the article ``text`` exactly as distributed in PolNeAR, whose first
        line is the headline.
    data : Path
        PolNeAR ``train.jsonl``.
    gold_path : Path, optional
        Named in error messages.

    Returns
    -------
    list of dict
        Records in the development-set format (``id``, ``date``, ``outlet``, ``title``,
        ``text``, ``mentions`` and ``non_persons`` with ``surface``), plus ``style``
        (the publisher). The text is never written anywhere by this script.
    """
    where = f"{gold_path}: " if gold_path else ""
    if not Path(data).exists():
        sys.exit(f"{where}PolNeAR not found at {data}; pass --polnear-data PATH to its "
                 "train.jsonl")
    wanted = {r["id"] for r in rows if r.get("source") == POLNEAR_SOURCE}
    corpus: dict[str, dict[str, Any]] = {}
    with open(data, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                doc = json.loads(line)
                if doc.get("id") in wanted:
                    corpus[doc["id"]] = doc
    out = []
    for n, r in enumerate(rows, 1):
        if r.get("source") != POLNEAR_SOURCE:
            out.append(r)
            continue
        doc = corpus.get(r["id"])
        if doc is None:
            sys.exit(f"{where}line {n}: article {r['id']!r} is not in {data}; check that "
                     "this is PolNeAR's train compartment")
        text = doc["text"]
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if r.get("sha256") and r["sha256"] != digest:
            sys.exit(f"{where}line {n}: the text of {r['id']!r} in {data} differs from the "
                     "annotated version (sha256 mismatch); the offsets would be wrong")
        for x in r["mentions"] + r["non_persons"]:
            if not 0 <= x["start"] < x["end"] <= len(text):
                sys.exit(f"{where}line {n}: {r['id']!r}: span {x['start']}-{x['end']} lies "
                         f"outside the text ({len(text)} characters)")
        out.append({
            "id": r["id"], "date": doc.get("date", ""), "outlet": doc.get("publisher", ""),
            "title": doc.get("title", ""), "text": text, "source": POLNEAR_SOURCE,
            "style": doc.get("publisher") or "polnear",
            "mentions": [dict(m, surface=text[m["start"]:m["end"]]) for m in r["mentions"]],
            "non_persons": [dict(x, surface=text[x["start"]:x["end"]])
                            for x in r["non_persons"]],
        })
    return out


def is_polnear(rows: list[dict[str, Any]]) -> bool:
    """Whether any record was rebuilt from PolNeAR (its text must not be written out)."""
    return any(r.get("source") == POLNEAR_SOURCE for r in rows)


# ---------------------------------------------------------------------------------------
# gold checks
# ---------------------------------------------------------------------------------------

_CAP_RUN = re.compile(
    r"(?<![\w'’])(?:[A-Z][\w'’.-]*|(?<=[ \t])(?:of|for|the|de|von|van|al|bin)(?=[ \t]+[A-Z]))"
    r"(?:[ \t]+(?:[A-Z][\w'’.-]*|(?:of|for|the|de|von|van|al|bin)(?=[ \t]+[A-Z])))*"
)
_SENT_START = re.compile(r"(?:^|[.!?\"“”]\s+|\n\s*|—\s+|\(\w+\)\s+)$")
_SUFFIXES = {"Jr.", "Sr.", "Jr", "Sr", "II", "III"}


def _cuts_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` begins or ends in the middle of a word."""
    return bool((start > 0 and text[start - 1].isalnum() and text[start].isalnum())
                or (end < len(text) and text[end - 1].isalnum() and text[end].isalnum()))


def check_gold(rows: list[dict[str, Any]]) -> int:
    """Verify offsets, kinds and overlaps; list capitalised runs nothing covers.

    Returns the number of hard errors (bad offsets, unknown kinds, overlapping spans).
    The uncovered capitalised runs are for a human to review: most are places,
    organisations, parties, days and sentence-initial words.
    """
    errors = 0
    persons: Counter[str] = Counter()
    surnames: set[str] = set()
    ids = Counter(r["id"] for r in rows)
    for i, n in ids.items():
        if n > 1:
            print(f"ERROR duplicate id {i}")
            errors += 1
    for r in rows:
        text = r["text"]
        for field in ("id", "date", "outlet", "title", "text"):
            if not r.get(field):
                print(f"ERROR {r.get('id')}: empty field {field}")
                errors += 1
        if not text.startswith(r["title"]):
            print(f"NOTE {r['id']}: text does not start with the title")
        spans = []
        for m in r["mentions"]:
            if text[m["start"]:m["end"]] != m["surface"]:
                print(f"ERROR {r['id']}: offsets {m['start']}-{m['end']} give "
                      f"{text[m['start']:m['end']]!r}, not {m['surface']!r}")
                errors += 1
            if m["kind"] not in KINDS:
                print(f"ERROR {r['id']}: unknown kind {m['kind']!r}")
                errors += 1
            if m["kind"] == "name" and not m["person"]:
                print(f"ERROR {r['id']}: name mention {m['surface']!r} without a person")
                errors += 1
            if m["person"]:
                persons[m["person"]] += 1
                names = [w for w in m["person"].split() if w not in _SUFFIXES]
                surnames.add(names[-1] if names else m["person"])
            if not (0 <= m["start"] < m["end"] <= len(text)) or \
                    _cuts_word(text, m["start"], m["end"]):
                print(f"ERROR {r['id']}: span {m['start']}-{m['end']} "
                      f"{text[m['start']:m['end']]!r} starts or ends inside a word")
                errors += 1
            spans.append((m["start"], m["end"], m["surface"]))
        for x in r["non_persons"]:
            if text[x["start"]:x["end"]] != x["surface"]:
                print(f"ERROR {r['id']}: non-person offsets {x['start']}-{x['end']} give "
                      f"{text[x['start']:x['end']]!r}, not {x['surface']!r}")
                errors += 1
            spans.append((x["start"], x["end"], x["surface"]))
        spans.sort()
        for a, b in zip(spans, spans[1:]):
            if b[0] < a[1]:
                print(f"ERROR {r['id']}: overlapping spans {a} {b}")
                errors += 1
    print(f"{len(rows)} articles, {sum(len(r['mentions']) for r in rows)} mentions, "
          f"{len(persons)} distinct persons; offsets and kinds checked: {errors} error(s)")
    # capitalised runs no annotation covers
    suspicious: list[str] = []
    review: Counter[str] = Counter()
    for r in rows:
        text = r["text"]
        covered = [(m["start"], m["end"]) for m in r["mentions"]]
        covered += [(x["start"], x["end"]) for x in r["non_persons"]]
        for m in _CAP_RUN.finditer(text):
            s, e = m.span()
            words = [(w.start() + s, w.end() + s) for w in re.finditer(r"\S+", m.group())]
            loose = [text[a:b] for a, b in words
                     if not any(a < ce and cs < b for cs, ce in covered)]
            if not loose:
                continue
            run = " ".join(loose)
            if any(re.sub(r"['’]s?$|[.,]$", "", w) in surnames for w in loose):
                suspicious.append(f"{r['id']}: {run!r} in ...{text[max(0, s - 30):e + 30]!r}...")
            review[run] += 1
    print(f"\nUncovered capitalised runs containing a gold surname ({len(suspicious)}): "
          "check that none is a missed person mention")
    for line in suspicious:
        print("  " + line)
    print(f"\nAll uncovered capitalised runs ({len(review)} distinct) for review:")
    print("  " + "; ".join(f"{k} x{v}" if v > 1 else k for k, v in sorted(review.items())))
    print("\nPersons (mentions):")
    print("  " + "; ".join(f"{k} {v}" for k, v in sorted(persons.items())))
    return errors


# ---------------------------------------------------------------------------------------
# prediction
# ---------------------------------------------------------------------------------------

def predict(rows: list[dict[str, Any]], **kwargs: Any):
    """Run :func:`analytics.analyze` on the gold articles; return the Analysis."""
    import pandas as pd

    import analytics

    df = pd.DataFrame({
        "id": [r["id"] for r in rows], "title": [r["title"] for r in rows],
        "date": [r["date"] for r in rows], "outlet": [r["outlet"] for r in rows],
        "text": [r["text"] for r in rows],
    })
    opts: dict[str, Any] = dict(n_topics=2, progress=False)
    opts.update(kwargs)
    return analytics.analyze(df, **opts)


def offset_map(src: str, dst: str):
    """Return a function mapping character offsets in ``src`` to offsets in ``dst``.

    Identity when the texts are equal; otherwise an alignment of the two texts
    (offsets in deleted stretches map to the next kept character).
    """
    if src == dst:
        return lambda i: i
    sm = difflib.SequenceMatcher(None, src, dst, autojunk=False)
    blocks = sm.get_matching_blocks()

    def f(i: int) -> int:
        for a, b, size in blocks:
            if a <= i < a + size or (size == 0 and i >= a):
                return b + (i - a) if size else len(dst)
            if i < a:
                return b
        return len(dst)

    return f


def locate(surface: str, dst: str, guess: int) -> int | None:
    """Start of the occurrence of ``surface`` in ``dst`` nearest to ``guess``.

    Cleaning keeps every character of the lines it keeps, so a gold surface is found
    verbatim in the clean text; ``None`` when it is not there at all.
    """
    best: int | None = None
    i = dst.find(surface)
    while i != -1:
        if best is None or abs(i - guess) < abs(best - guess):
            best = i
        i = dst.find(surface, i + 1)
    return best


def _place(x: dict[str, Any], f, dst: str, counts: Counter[str]) -> tuple[int, int]:
    """Clean-text offsets of gold span ``x`` (aligned, else by string search)."""
    s, e = f(x["start"]), f(x["end"])
    if dst[s:e] == x["surface"]:
        return s, e
    found = locate(x["surface"], dst, s)
    if found is None:
        counts["not_located"] += 1
        return s, e
    counts["relocated"] += 1
    return found, found + len(x["surface"])


# ---------------------------------------------------------------------------------------
# scoring
# ---------------------------------------------------------------------------------------

def _prf(tp: int, fp: int, gold: int) -> dict[str, float | int | None]:
    """Precision (``None`` without predictions), recall and F1 with their counts."""
    p = tp / (tp + fp) if tp + fp else None
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p is not None and p + r else 0.0
    return {"precision": None if p is None else round(p, 3), "recall": round(r, 3),
            "f1": round(f, 3), "tp": tp, "fp": fp, "gold": gold}


def _f(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def score(rows: list[dict[str, Any]], mentions, documents) -> dict[str, Any]:
    """Score predicted ``mentions`` against the gold articles.

    Parameters
    ----------
    rows : list of dict
        Gold articles (:func:`load_gold`).
    mentions, documents : pandas.DataFrame
        The ``mentions`` and ``documents`` tables of the analysis.

    Returns
    -------
    dict
        Overall and per-style scores, error lists and the actor-to-person alignment.
    """
    clean = dict(zip(documents["doc_id"].astype(str), documents["text"]))
    status = dict(zip(documents["doc_id"].astype(str), documents["status"]))
    # gold spans in clean-text offsets
    gold: dict[str, list[dict[str, Any]]] = {}
    nonp: dict[str, list[dict[str, Any]]] = {}
    styles = {r["id"]: r.get("style") or style_of(r["id"]) for r in rows}
    shifted = 0
    placed: Counter[str] = Counter()
    for r in rows:
        dst = clean.get(r["id"], "")
        f = offset_map(r["text"], dst)
        shifted += r["text"] != dst
        gold[r["id"]] = []
        for m in r["mentions"]:
            s, e = _place(m, f, dst, placed)
            gold[r["id"]].append(dict(m, s=s, e=e, doc=r["id"], matched=False))
        nonp[r["id"]] = []
        for x in r["non_persons"]:
            s, e = _place(x, f, dst, placed)
            nonp[r["id"]].append(dict(x, s=s, e=e))

    preds = []
    for row in mentions.itertuples(index=False):
        if row.kind == "pronoun" or str(row.doc_id) not in gold:
            continue
        preds.append({"doc": str(row.doc_id), "s": int(row.start), "e": int(row.end),
                      "actor": str(row.actor), "surface": str(row.surface),
                      "kind": str(row.kind),
                      "abstain": (not bool(row.resolved)) or not str(row.actor)})
    preds.sort(key=lambda p: (p["doc"], p["s"], p["e"]))

    def overlaps(p: dict[str, Any], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [g for g in items if p["s"] < g["e"] and g["s"] < p["e"]]

    # alignment of predicted actors to gold persons
    pair: Counter[tuple[str, str]] = Counter()
    for p in preds:
        if p["abstain"]:
            continue
        p["cands"] = [g for g in overlaps(p, gold[p["doc"]]) if g["person"]]
        if p["cands"]:
            best = max(p["cands"], key=lambda g: min(p["e"], g["e"]) - max(p["s"], g["s"]))
            pair[(p["actor"], best["person"])] += 1
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for (actor, person), _n in sorted(pair.items(), key=lambda kv: (-kv[1], kv[0])):
        if actor not in mapping and person not in taken:
            mapping[actor] = person
            taken.add(person)

    # classify each prediction
    for p in preds:
        p["gold"] = None
        p["status"] = "abstain" if p["abstain"] else "wrong"
        over = overlaps(p, gold[p["doc"]])
        if over:
            same = [g for g in over if g["person"] and g["person"] == mapping.get(p["actor"])]
            p["gold"] = (same or sorted(over, key=lambda g: -(min(p["e"], g["e"])
                                                             - max(p["s"], g["s"]))))[0]
        p["cat"] = p["gold"]["kind"] if p["gold"] else ("role" if p["kind"] == "role" else "name")
        p["nonperson"] = [x["surface"] for x in overlaps(p, nonp[p["doc"]])]
        if p["abstain"]:
            continue
        g = p["gold"]
        if g and g["person"] and mapping.get(p["actor"]) == g["person"]:
            if g["kind"] == "appositive":
                p["status"] = "neutral"
            elif g["matched"]:
                p["status"] = "duplicate"
            else:
                g["matched"] = True
                p["status"] = "correct"
        if p["cat"] == "appositive" and p["status"] == "wrong":
            p["cat"] = "role"

    def block(ids: set[str]) -> dict[str, Any]:
        P = [p for p in preds if p["doc"] in ids]
        G = [g for d in ids for g in gold[d]]
        out: dict[str, Any] = {}
        for cat in ("name", "role"):
            gold_n = sum(1 for g in G if g["kind"] == cat and g["person"])
            tp = sum(1 for g in G if g["kind"] == cat and g["matched"])
            fp = sum(1 for p in P if p["cat"] == cat and p["status"] == "wrong")
            out[cat] = _prf(tp, fp, gold_n)
        gold_all = out["name"]["gold"] + out["role"]["gold"]
        out["all"] = _prf(out["name"]["tp"] + out["role"]["tp"],
                          out["name"]["fp"] + out["role"]["fp"], gold_all)
        out["abstentions"] = sum(1 for p in P if p["status"] == "abstain")
        out["duplicates"] = sum(1 for p in P if p["status"] == "duplicate")
        out["unresolvable_roles"] = sum(1 for g in G if g["kind"] == "role" and not g["person"])
        np_hits = [p for p in P if p["nonperson"] and p["status"] == "wrong"]
        out["nonpersons_as_persons"] = len(np_hits)
        # splits and conflations (name mentions)
        by_actor: dict[str, Counter[str]] = defaultdict(Counter)
        for p in P:
            g = p["gold"]
            if not p["abstain"] and g is not None and g["kind"] == "name":
                by_actor[p["actor"]][g["person"]] += 1
        majority: dict[str, list[str]] = defaultdict(list)
        for actor, c in by_actor.items():
            majority[c.most_common(1)[0][0]].append(actor)
        out["split_persons"] = {k: sorted(v) for k, v in sorted(majority.items()) if len(v) > 1}
        out["conflations"] = {a: dict(c.most_common()) for a, c in sorted(by_actor.items())
                              if len(c) > 1}
        out["n_split_persons"] = len(out["split_persons"])
        out["n_conflations"] = len(out["conflations"])
        return out

    all_ids = set(gold)
    result: dict[str, Any] = {"overall": block(all_ids)}
    result["by_style"] = {st: block({d for d in all_ids if styles[d] == st})
                          for st in sorted({styles[d] for d in all_ids})}
    result["documents_not_ok"] = {d: s for d, s in status.items() if s != "ok"}
    result["documents_with_changed_text"] = shifted
    result["gold_spans_found_by_search"] = placed["relocated"]
    result["gold_spans_not_in_clean_text"] = placed["not_located"]
    result["alignment"] = dict(sorted(mapping.items()))
    ctx = lambda d, s, e: clean.get(d, "")[max(0, s - 40):e + 40].replace("\n", " ")  # noqa: E731
    result["errors"] = {
        "nonpersons_as_persons": [
            f"{p['doc']}: {p['surface']!r} -> {p['actor']} (gold non-person {p['nonperson']})"
            for p in preds if p["nonperson"] and p["status"] == "wrong"],
        "spurious": [f"{p['doc']}: {p['surface']!r} -> {p['actor']} [{p['kind']}]"
                     for p in preds if p["gold"] is None and not p["nonperson"]
                     and p["status"] == "wrong"],
        "wrong_person": [
            f"{p['doc']}: {p['surface']!r} -> {p['actor']} (maps to "
            f"{mapping.get(p['actor'], 'no gold person')!s}; "
            f"gold {p['gold']['person'] or '(unresolvable)'}"
            f", {p['gold']['kind']})"
            for p in preds if p["gold"] is not None and p["status"] == "wrong"],
        "missed_names": [f"{g['doc']}: {g['surface']!r} ({g['person']}) "
                         f"...{ctx(g['doc'], g['s'], g['e'])}..."
                         for d in sorted(gold) for g in gold[d]
                         if g["kind"] == "name" and not g["matched"]],
        "missed_roles": [f"{g['doc']}: {g['surface']!r} ({g['person']}) "
                         f"...{ctx(g['doc'], g['s'], g['e'])}..."
                         for d in sorted(gold) for g in gold[d]
                         if g["kind"] == "role" and g["person"] and not g["matched"]],
        "abstentions": [f"{p['doc']}: {p['surface']!r} [{p['kind']}] (gold "
                        f"{(p['gold'] or {}).get('person', 'none') or '(unresolvable)'})"
                        for p in preds if p["status"] == "abstain"],
    }
    return result


def seeds_persons(**kwargs: Any) -> dict[str, Any]:
    """Distinct persons found in the bundled demo corpus (``seeds/``)."""
    import analytics

    a = analytics.analyze(n_topics=2, progress=False, **kwargs)
    m = a.mentions[(a.mentions["kind"] != "pronoun") & a.mentions["resolved"].astype(bool)
                   & (a.mentions["actor"] != "")]
    kinds = {actor: sorted(set(g["kind"])) for actor, g in m.groupby("actor")}
    return {"distinct_actors": len(kinds), "actors": kinds,
            "quotes": int(len(a.quotes)),
            "quotes_with_speaker": int((a.quotes["speaker"].astype(str) != "").sum())}


def _print(result: dict[str, Any], show: int) -> None:
    def line(name: str, b: dict[str, Any]) -> str:
        n, r, a = b["name"], b["role"], b["all"]
        return (f"{name:8} names P {_f(n['precision'])} R {_f(n['recall'])} F1 {_f(n['f1'])} "
                f"(gold {n['gold']}) | roles P {_f(r['precision'])} R {_f(r['recall'])} "
                f"(gold {r['gold']}) | all F1 {_f(a['f1'])} "
                f"| non-persons {b['nonpersons_as_persons']}"
                f" | splits {b['n_split_persons']} | conflations {b['n_conflations']}")

    print(line("overall", result["overall"]))
    for st, b in result["by_style"].items():
        print(line(st, b))
    o = result["overall"]
    print(f"abstentions {o['abstentions']}, duplicates {o['duplicates']}, "
          f"unresolvable gold roles {o['unresolvable_roles']}, "
          f"documents whose clean text differs from the gold text "
          f"{result['documents_with_changed_text']} (gold spans placed by string search "
          f"{result['gold_spans_found_by_search']}, not found "
          f"{result['gold_spans_not_in_clean_text']})")
    if result["documents_not_ok"]:
        print("documents not analysed:", result["documents_not_ok"])
    print("split persons:", json.dumps(o["split_persons"], ensure_ascii=False))
    print("conflations:", json.dumps(o["conflations"], ensure_ascii=False))
    for k, v in result["errors"].items():
        print(f"\n{k} ({len(v)}):")
        for x in v[:show]:
            print("  " + x)
        if len(v) > show:
            print(f"  ... {len(v) - show} more")
    if "seeds" in result:
        s = result["seeds"]
        print(f"\nseeds/: {s['distinct_actors']} distinct actors; "
              f"{s['quotes_with_speaker']}/{s['quotes']} quotes with a speaker")
        print("  " + "; ".join(f"{k} {v}" for k, v in s["actors"].items()))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD,
                    help="gold JSONL (default: the development set beside this script; "
                         "the held-out set is actors_heldout.jsonl)")
    ap.add_argument("--polnear", type=Path, nargs="?", const=POLNEAR_GOLD,
                    help="score the PolNeAR gold (ids and offsets only; default "
                         f"{POLNEAR_GOLD.name}); the texts are read from --polnear-data")
    ap.add_argument("--polnear-data", type=Path, default=POLNEAR_DATA,
                    help="PolNeAR train.jsonl (default: ../shared/data/polnear_train/)")
    ap.add_argument("--json", type=Path, help="write the numbers (and error lists) to this file")
    ap.add_argument("--check-gold", action="store_true",
                    help="only verify the gold file and list uncovered capitalised words")
    ap.add_argument("--no-seeds", action="store_true", help="skip the demo-corpus count")
    ap.add_argument("--actors", help="actor registry passed to analyze (default: none extra)")
    ap.add_argument("--show", type=int, default=15, help="examples shown per error list")
    args = ap.parse_args(argv)
    rows = load_gold(args.polnear or args.gold, args.polnear_data)
    if args.check_gold:
        return 1 if check_gold(rows) else 0
    kw = {"actors": args.actors} if args.actors else {}
    a = predict(rows, **kw)
    result = score(rows, a.mentions, a.documents)
    if not args.no_seeds:
        result["seeds"] = seeds_persons(**kw)
    _print(result, args.show)
    if args.json:
        if is_polnear(rows):  # the error lists quote article text: console only
            result = {k: v for k, v in result.items() if k != "errors"}
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n",
                             encoding="utf-8")
        print(f"\nwritten: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
