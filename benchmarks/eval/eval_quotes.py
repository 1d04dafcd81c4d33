"""Direct-quote detection and speaker accuracy on PolNeAR (read at run time only).

PolNeAR (Newell, Margolin & Ruths, "An Attribution Relations Corpus for Political
News", LREC 2018) is read from ``../shared/data/polnear_train/train.jsonl`` when the
script runs; none of its text is copied anywhere (the ``--json`` output holds numbers,
article ids, offsets and predicted speaker names; examples for manual review go to the
console only).

Gold direct quotes
------------------
Attributions whose every content fragment is one quotation: it opens with a double
quotation mark (straight, curly, or the ``''`` form of the New York Times texts) at its
start or just before it, closes with one at its end (trailing punctuation allowed) or
just after it, and has no other double mark inside. The gold speaker is the source
span text, classed as

* ``name``: after dropping parentheticals ("(R-Texas)"), appositions after a comma and
  a prepositional tail after a capitalised word ("Mr. Burman of the Tax Policy Center"),
  the phrase ends in a capitalised word and does not start with a determiner or
  possessive ("Trump", "Sen. Ted Cruz", "campaign manager Robby Mook");
* ``pronoun``: he, she, they, I, we...;
* ``description``: anything else ("the campaign", "a spokesman", "the Washington Post");
* ``none``: no source annotated.

Matching
--------
The pipeline's ``documents.text`` is the cleaned text, so every annotated content
fragment is located in it by string search (the raw offset only breaks ties between
several occurrences). A gold quote is *found* when predicted quotations cover more than
50% of its characters (quotation marks and trailing punctuation excluded). Its
predicted speaker is the ``speaker`` of the predicted quotation that overlaps it most.

* name sources: correct when the predicted speaker's last word equals the gold
  source's last capitalised word (case- and accent-insensitive). ``strict`` also
  requires a given name to agree when both have one ("Eric Trump" is not
  "Donald Trump").
* pronoun sources: the corpus does not link a pronoun to a name, so the headline is
  the share with a predicted speaker, plus a *proxy*: the predicted speaker is compared
  with the nearest preceding name source of any attribution in the same article
  (annotated, but the link is a heuristic, so treat it as approximate), and a *gender
  proxy* that scores only he/him/his and she/her/hers sources against the nearest
  preceding name source whose gender does not conflict (an honorific in any of its
  source spans, or a given name in the package's given-name list; a surname with both
  genders in the article, or none known, is compatible with both). ``--show`` examples
  are printed for manual review.
* precision: a predicted quotation is correct when more than 50% of its characters lie
  inside annotated content spans (``any``: any attribution; ``direct``: gold direct
  quotes only).

Sample: ``--n`` articles (default 150), the first ``n/7`` of each publisher by sorted
id, so every publisher is equally represented; ``--all`` for all 840; ``--exclude-dev``
for the held-out rest (all articles except the ``--n`` development sample).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parents[2] / "shared" / "data" / "polnear_train" / "train.jsonl"
OPEN = {'"', "“", "„"}
CLOSE = {'"', "”"}
DQ = set('"“”„')
PRONOUNS = {"he", "she", "they", "i", "we", "you", "it", "him", "her", "them", "us", "me",
            "one", "his", "hers", "their", "theirs"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "their",
               "its", "our", "my", "your", "another", "some", "one", "many", "several",
               "both", "each", "every", "other", "others"}
#: capitalised words that stand before "of" inside a title ("Secretary of State X")
TITLES = {"secretary", "minister", "director", "chairman", "chairwoman", "president", "head",
          "chief", "governor", "mayor", "leader", "speaker", "member", "professor", "editor",
          "attorney", "chancellor", "commissioner", "department", "house", "bank"}
_PAREN = re.compile(r"\s*\([^)]*\)")
_WORD = re.compile(r"[\w][\w'’.-]*")


def fold(s: str) -> str:
    """Lower-case, accent-free, possessive-free form of a word."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"['’]s?$|\.$", "", s)


def load(path: Path, n: int | None) -> list[dict[str, Any]]:
    """Read PolNeAR; return the balanced sample of ``n`` articles (all if ``None``)."""
    if not path.exists():
        sys.exit(f"{path}: PolNeAR not found; pass --polnear PATH to train.jsonl")
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    if n is None:
        return sorted(rows, key=lambda r: r["id"])
    by_pub: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: r["id"]):
        by_pub[r["publisher"]].append(r)
    out: list[dict[str, Any]] = []
    pubs = sorted(by_pub)
    i = 0
    while len(out) < n and any(i < len(by_pub[p]) for p in pubs):
        for p in pubs:
            if i < len(by_pub[p]) and len(out) < n:
                out.append(by_pub[p][i])
        i += 1
    return sorted(out, key=lambda r: r["id"])


def _mark(text: str, i: int) -> int:
    """Length of the double quotation mark starting at ``i`` (0 if none).

    Straight and curly double marks, and the two-apostrophe (``''``) and
    two-backtick forms some archives use.
    """
    if text[i:i + 2] in ("''", "``"):
        return 2
    return 1 if text[i:i + 1] in DQ else 0


def _marks_in(s: str) -> int:
    return sum(c in DQ for c in s) + s.count("''") + s.count("``")


def quote_interior(text: str, s: int, e: int) -> tuple[int, int] | None:
    """Offsets of the quoted words if ``text[s:e]`` is one quotation, else ``None``.

    The fragment must open with a double mark (inside the span or just before it) and
    close with one (inside the span, possibly before trailing punctuation, or just
    after it), with no other double mark in between.
    """
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    m = _mark(text, s)
    if m:
        i = s + m
    elif _mark(text, s - 1) == 1 or _mark(text, s - 2) == 2:
        i = s
    else:
        return None
    j = e
    while j > i and text[j - 1] in ".,;:!?…":
        j -= 1
    if j - 2 >= i and text[j - 2:j] in ("''", "``"):
        k = j - 2
    elif j - 1 >= i and text[j - 1] in DQ:
        k = j - 1
    else:
        after = e
        while after < len(text) and text[after] in ".,;:!?":
            after += 1
        if not _mark(text, after):
            return None
        k = j
    if k <= i or _marks_in(text[i:k]):
        return None
    while k > i and text[k - 1] in ".,;:!?… ":
        k -= 1
    return i, k


def is_direct(text: str, frags: list[dict[str, Any]]) -> bool:
    """Whether every content fragment is one quotation (see the module docstring)."""
    return bool(frags) and all(quote_interior(text, f["start"], f["end"]) for f in frags)


def classify_source(src: str) -> tuple[str, str, str]:
    """Return (class, last capitalised word, given names or "") of a source."""
    s = src.strip()
    if not s:
        return "none", "", ""
    if s.lower() in PRONOUNS:
        return "pronoun", "", ""
    s = _PAREN.sub("", s)
    seg = re.split(r",|\s+[-—–]\s+", s)[0].strip()
    # "Mr. Burman of the Tax Policy Center", "Senator John McCain of Arizona": the name
    # ends before a lower-case preposition that follows a capitalised word
    tail = re.search(r"\s+(?:of|at|from|for|with|who|whose)\s+", seg)
    before = seg[:tail.start()].split()[-1] if tail else ""
    if tail and before[:1].isupper() and before.lower() not in TITLES:
        seg = seg[:tail.start()].strip()
    words = _WORD.findall(seg)
    if not words or words[0].lower() in DETERMINERS:
        return "description", "", ""
    last = words[-1]
    if not last[:1].isupper():
        return "description", "", ""
    # given names: the capitalised words right before the last one (titles, initials
    # and possessives such as "Gov.", "F." or "Twitter's" end the run)
    given: list[str] = []
    for w in reversed(words[:-1]):
        if not w[:1].isupper() or w.endswith(".") or re.search(r"['’]s$", w):
            break
        given.append(fold(w))
    return "name", fold(last), " ".join(reversed(given))


#: third-person singular pronoun sources with a gender (the gender proxy scores only these)
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
_HONORIFIC_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "lady": "f"}


def source_genders(named: list[tuple[int, str, str]], texts: dict[int, str]) -> dict[str, str]:
    """Gender letter of each name source's last word in one article, where the text says:
    an honorific in any of its source spans ("Mr. Burman", "Mrs. Clinton") or a given name
    the package's given-name list knows ("Michael Flynn"; the list is data the speaker
    rules also read). A surname with conflicting evidence (Hillary and Bill Clinton) gets
    no gender, and a source without one is compatible with both pronouns."""
    from analytics.actors.coref import given_name_gender

    seen: dict[str, set[str]] = defaultdict(set)
    for pos, last, first in named:
        words = [w.strip(".,").lower() for w in texts.get(pos, "").split()]
        g = next((_HONORIFIC_GENDER[w] for w in words if w in _HONORIFIC_GENDER), "")
        if not g and first:
            g = (given_name_gender(first.split()[0].capitalize()) or "")[:1]
        if g:
            seen[last].add(g)
    return {last: next(iter(gs)) for last, gs in seen.items() if len(gs) == 1}


def locate(clean: str, frag: str, hint: float, raw_len: int) -> tuple[int, int] | None:
    """Find ``frag`` in the clean text; the occurrence nearest the raw position wins."""
    frag = frag.strip()
    if not frag:
        return None
    want = hint * len(clean) / max(raw_len, 1)
    hits = [m.start() for m in re.finditer(re.escape(frag), clean)]
    size = len(frag)
    if not hits:
        words = frag.split()
        if not words:
            return None
        pat = re.compile(r"\s+".join(re.escape(w) for w in words))
        found = [(m.start(), m.end()) for m in pat.finditer(clean)]
        if not found:
            return None
        return min(found, key=lambda x: abs(x[0] - want))
    s = min(hits, key=lambda x: abs(x - want))
    return s, s + size


def covered(spans: list[tuple[int, int]], s: int, e: int) -> int:
    """Characters of [s, e) covered by the union of ``spans``."""
    marks = bytearray(max(0, e - s))
    for a, b in spans:
        for i in range(max(a, s), min(b, e)):
            marks[i - s] = 1
    return sum(marks)


def predict(rows: list[dict[str, Any]], **kwargs: Any):
    """Run :func:`analytics.analyze` on the sample; return the Analysis."""
    import pandas as pd

    import analytics

    df = pd.DataFrame({
        "id": [r["id"] for r in rows], "title": [r["title"] for r in rows],
        "date": [r["date"] for r in rows], "outlet": [r["publisher"] for r in rows],
        "text": [r["text"] for r in rows],
    })
    opts: dict[str, Any] = dict(n_topics=2, progress=False)
    opts.update(kwargs)
    return analytics.analyze(df, **opts)


def name_match(pred: str, last: str, given: str) -> tuple[bool, bool]:
    """(last-word match, strict match) of a predicted speaker against a gold name.

    ``given`` holds the gold source's given names (space-separated, may be empty);
    the strict match also requires one of them among the predicted speaker's other
    words when both have some.
    """
    words = [fold(w) for w in _WORD.findall(pred) if w[:1].isupper()]
    if not words or not last:
        return False, False
    ok = words[-1] == last
    strict = ok and (not given or len(words) < 2 or bool(set(given.split()) & set(words[:-1])))
    return ok, strict


def evaluate(rows: list[dict[str, Any]], analysis) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Score the analysis; return (numbers, per-quote records for review)."""
    docs = analysis.documents.set_index(analysis.documents["doc_id"].astype(str))
    quotes = analysis.quotes
    pq: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in quotes.itertuples(index=False):
        pq[str(q.doc_id)].append({"s": int(q.start), "e": int(q.end), "speaker": str(q.speaker),
                                  "surface": str(q.speaker_surface), "kind": str(q.kind),
                                  "how": str(getattr(q, "speaker_kind", ""))})
    records: list[dict[str, Any]] = []
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        pub, raw = r["publisher"], r["text"]
        if r["id"] not in docs.index or docs.loc[r["id"], "status"] != "ok":
            stats[pub]["articles_not_analysed"] += 1
            continue
        clean = docs.loc[r["id"], "text"]
        stats[pub]["articles"] += 1
        # every annotated content span, located in the clean text
        content_spans: list[tuple[int, int]] = []
        direct_spans: list[tuple[int, int]] = []
        named_sources: list[tuple[int, str, str]] = []  # (raw start, last, first)
        source_texts: dict[int, str] = {}
        for a in r["attributions"]:
            cls, last, first = classify_source(" ".join(x["text"] for x in a["source"]))
            if cls == "name" and a["source"]:
                named_sources.append((a["source"][0]["start"], last, first))
                source_texts[a["source"][0]["start"]] = " ".join(x["text"] for x in a["source"])
            for f in a["content"]:
                loc = locate(clean, f["text"], f["start"], len(raw))
                if loc:
                    content_spans.append(loc)
        named_sources.sort()
        genders = source_genders(named_sources, source_texts)
        preds = pq.get(r["id"], [])
        for a in r["attributions"]:
            if not is_direct(raw, a["content"]):
                continue
            src = " ".join(x["text"] for x in a["source"])
            cls, last, first = classify_source(src)
            locs = [locate(clean, f["text"], f["start"], len(raw)) for f in a["content"]]
            rel = [quote_interior(raw, f["start"], f["end"]) for f in a["content"]]
            rec = {"id": r["id"], "publisher": pub, "source_class": cls,
                   "raw_start": a["content"][0]["start"], "raw_end": a["content"][-1]["end"]}
            stats[pub]["gold"] += 1
            if any(x is None for x in locs):
                stats[pub]["gold_not_located"] += 1
                rec["status"] = "not located"
                records.append(rec)
                continue
            # the quoted words, shifted from the raw fragment to where it sits in the clean text
            spans = [(ls + (ri - f["start"]) - (len(f["text"]) - len(f["text"].lstrip())),
                      ls + (rj - f["start"]) - (len(f["text"]) - len(f["text"].lstrip())))
                     for (ls, _le), (ri, rj), f in zip(locs, rel, a["content"])]
            direct_spans.extend(spans)
            size = sum(e - s for s, e in spans)
            ps = [(p["s"], p["e"]) for p in preds]
            cov = sum(covered(ps, s, e) for s, e in spans)
            rec.update(clean_start=spans[0][0], clean_end=spans[-1][1])
            stats[pub]["gold_located"] += 1
            if size == 0 or cov / size <= 0.5:
                rec["status"] = "missed"
                records.append(rec)
                continue
            stats[pub]["found"] += 1
            best = max(preds, key=lambda p: sum(max(0, min(p["e"], e) - max(p["s"], s))
                                                for s, e in spans))
            speaker = best["speaker"]
            rec.update(status="found", pred_speaker=speaker, pred_surface=best["surface"],
                       pred_how=best["how"], gold_source=src)
            stats[pub][f"{cls}_found"] += 1
            if speaker:
                stats[pub][f"{cls}_with_speaker"] += 1
            if cls == "name":
                ok, strict = name_match(speaker, last, first)
                ok_l, _ = name_match(speaker or best["surface"], last, first)
                stats[pub]["name_correct"] += ok
                stats[pub]["name_correct_strict"] += strict
                stats[pub]["name_correct_surface"] += ok_l
                rec["correct"] = ok
            elif cls == "pronoun":
                before = [x for x in named_sources if x[0] < a["source"][0]["start"]]
                if before:
                    _, plast, pfirst = before[-1]
                    ok, _ = name_match(speaker, plast, pfirst)
                    stats[pub]["pronoun_proxy_known"] += 1
                    stats[pub]["pronoun_proxy_correct"] += ok
                    rec["proxy_last"] = plast
                    rec["correct_proxy"] = ok
                pg = PRONOUN_GENDER.get(src.strip().lower())
                compatible = [x for x in before
                              if pg and genders.get(x[1], pg) == pg]
                if compatible:
                    _, plast, pfirst = compatible[-1]
                    ok, _ = name_match(speaker, plast, pfirst)
                    stats[pub]["pronoun_gproxy_known"] += 1
                    stats[pub]["pronoun_gproxy_correct"] += ok
                    rec["gproxy_last"] = plast
                    rec["correct_gproxy"] = ok
            records.append(rec)
        for p in preds:
            size = p["e"] - p["s"]
            if size <= 0:
                continue
            k = p["kind"]
            stats[pub][f"pred_{k}"] += 1
            if covered(content_spans, p["s"], p["e"]) / size > 0.5:
                stats[pub][f"pred_{k}_in_any"] += 1
            if covered(direct_spans, p["s"], p["e"]) / size > 0.5:
                stats[pub][f"pred_{k}_in_direct"] += 1
    return summarise(stats), records


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def summarise(stats: dict[str, Counter[str]]) -> dict[str, Any]:
    """Turn the raw counts into the reported figures (overall and per publisher)."""
    def figs(c: Counter[str]) -> dict[str, Any]:
        found, located = c["found"], c["gold_located"]
        return {
            "articles": c["articles"], "gold_direct_quotes": c["gold"],
            "gold_not_located": c["gold_not_located"],
            "recall": _ratio(found, located),
            "precision_direct_vs_any": _ratio(c["pred_direct_in_any"], c["pred_direct"]),
            "precision_direct_vs_gold_direct": _ratio(c["pred_direct_in_direct"], c["pred_direct"]),
            "precision_all_vs_any": _ratio(c["pred_direct_in_any"] + c["pred_partial_in_any"],
                                           c["pred_direct"] + c["pred_partial"]),
            "predicted": {"direct": c["pred_direct"], "partial": c["pred_partial"]},
            "found_by_source": {k: c[f"{k}_found"]
                                for k in ("name", "pronoun", "description", "none")},
            "name_speaker_accuracy": _ratio(c["name_correct"], c["name_found"]),
            "name_speaker_accuracy_strict": _ratio(c["name_correct_strict"], c["name_found"]),
            "name_speaker_accuracy_with_surface": _ratio(c["name_correct_surface"],
                                                         c["name_found"]),
            "name_with_speaker": _ratio(c["name_with_speaker"], c["name_found"]),
            "pronoun_with_speaker": _ratio(c["pronoun_with_speaker"], c["pronoun_found"]),
            "pronoun_proxy_accuracy": _ratio(c["pronoun_proxy_correct"], c["pronoun_proxy_known"]),
            "pronoun_proxy_n": c["pronoun_proxy_known"],
            "pronoun_gender_proxy_accuracy": _ratio(c["pronoun_gproxy_correct"],
                                                    c["pronoun_gproxy_known"]),
            "pronoun_gender_proxy_n": c["pronoun_gproxy_known"],
            "name_and_pronoun_accuracy_gender_proxy": _ratio(
                c["name_correct"] + c["pronoun_gproxy_correct"],
                c["name_found"] + c["pronoun_gproxy_known"]),
            "description_with_speaker": _ratio(c["description_with_speaker"],
                                               c["description_found"]),
            "name_and_pronoun_accuracy_proxy": _ratio(
                c["name_correct"] + c["pronoun_proxy_correct"],
                c["name_found"] + c["pronoun_proxy_known"]),
        }

    total: Counter[str] = Counter()
    for c in stats.values():
        total.update(c)
    return {"overall": figs(total), "by_publisher": {p: figs(c) for p, c in sorted(stats.items())}}


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--polnear", type=Path, default=DEFAULT, help="path to PolNeAR train.jsonl")
    ap.add_argument("--n", type=int, default=150, help="articles in the sample (default 150)")
    ap.add_argument("--all", action="store_true", help="use all articles")
    ap.add_argument("--exclude-dev", action="store_true",
                    help="held-out run: all articles except the development sample of --n")
    ap.add_argument("--json", type=Path, help="write the numbers (no article text) to this file")
    ap.add_argument("--show", type=int, default=20, help="examples printed per review list")
    ap.add_argument("--actors", help="actor registry passed to analyze")
    args = ap.parse_args(argv)
    if args.exclude_dev:
        dev = {r["id"] for r in load(args.polnear, args.n)}
        rows = [r for r in load(args.polnear, None) if r["id"] not in dev]
    else:
        rows = load(args.polnear, None if args.all else args.n)
    kw = {"actors": args.actors} if args.actors else {}
    a = predict(rows, **kw)
    result, records = evaluate(rows, a)
    result["sample"] = {"articles": len(rows), "ids": [r["id"] for r in rows]}

    cols = [("recall", "recall"), ("P(dir/any)", "precision_direct_vs_any"),
            ("P(dir/gold)", "precision_direct_vs_gold_direct"),
            ("name acc", "name_speaker_accuracy"), ("strict", "name_speaker_accuracy_strict"),
            ("+surface", "name_speaker_accuracy_with_surface"),
            ("pron w/ spk", "pronoun_with_speaker"), ("pron proxy", "pronoun_proxy_accuracy"),
            ("name+pron", "name_and_pronoun_accuracy_proxy"),
            ("pron gproxy", "pronoun_gender_proxy_accuracy"),
            ("name+gpron", "name_and_pronoun_accuracy_gender_proxy")]
    print(f"{'':12} {'gold':>5} " + " ".join(f"{h:>11}" for h, _ in cols))
    blocks = [("overall", result["overall"])] + list(result["by_publisher"].items())
    for name, b in blocks:
        print(f"{name:12} {b['gold_direct_quotes']:5d} "
              + " ".join(f"{_fmt(b[k]):>11}" for _, k in cols))
    o = result["overall"]
    print(f"\nfound by source class: {o['found_by_source']}; gold quotes not located in the "
          f"clean text: {o['gold_not_located']}; predicted {o['predicted']}")
    print(f"description sources with a speaker: {_fmt(o['description_with_speaker'])}; "
          f"name sources with a speaker: {_fmt(o['name_with_speaker'])}")

    # review lists (console only: PolNeAR text is never written to files)
    docs = a.documents.set_index(a.documents["doc_id"].astype(str))["text"]

    def snip(rec: dict[str, Any]) -> str:
        t = docs[rec["id"]]
        s, e = rec["clean_start"], rec["clean_end"]
        q = t[s:e].replace("\n", " ")
        return (q[:70] + "...") if len(q) > 70 else q

    found = [x for x in records if x["status"] == "found"]
    lists = {
        "name sources, wrong or no speaker": [
            f"{x['id']}: gold {x['gold_source']!r} -> {x['pred_speaker'] or '(none)'} "
            f"[{x['pred_how']}; surface {x['pred_surface']!r}] \"{snip(x)}\""
            for x in found if x["source_class"] == "name" and not x["correct"]],
        "pronoun sources (manual review)": [
            f"{x['id']}: gold {x['gold_source']!r} (proxy {x.get('proxy_last', '?')}, "
            f"gender proxy {x.get('gproxy_last', '-')}) -> "
            f"{x['pred_speaker'] or '(none)'} [{x['pred_how']}] \"{snip(x)}\""
            for x in found if x["source_class"] == "pronoun"],
        "missed gold quotes": [
            f"{x['id']}: source class {x['source_class']} \"{snip(x)}\""
            for x in records if x["status"] == "missed"],
    }
    for k, v in lists.items():
        print(f"\n{k} ({len(v)}):")
        for line in v[:args.show]:
            print("  " + line)
    if args.json:
        result["records"] = [{k: v for k, v in x.items()
                              if k not in ("gold_source", "pred_surface")}
                             for x in records]
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n",
                             encoding="utf-8")
        print(f"\nwritten: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
