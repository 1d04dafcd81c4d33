"""Train (and cross-validate) the entity-span classifier on the GMB news NER corpus.

Usage (from the repository root)::

    python -m analytics.training.ner              # fit, write analytics/actors/data/ner.npz
    python -m analytics.training.ner --cv         # grouped 5-fold CV report first
    python -m analytics.training.ner --cv --no-save --json cv.json
    python -m analytics.training.ner --fixture tests/fixtures/ner_sentences.jsonl

The corpus (``--data``, default ``../shared/data/gmb_ner/gmb_ner.jsonl`` next to the
repository) has one sentence per line: ``{"id", "tokens", "tags"}`` with BIO tags of the
types per, org, geo, gpe, tim, art, eve and nat. Only the weights and the cue lists go
into the artefact; no text of the corpus does.

How the training examples are made
----------------------------------
* Each sentence is detokenised to plain text ("Britain 's" -> "Britain's") and cut
  into candidate spans exactly as at run time (:mod:`analytics.actors.ner`).
* A candidate's label is the type of the entity with exactly its tokens, after the
  titles at the start of the entity are removed (GMB tags "President Bush" as one
  person; the candidate is "Bush"): per -> ``PERSON``, org -> ``ORG``, geo and gpe ->
  ``PLACE``; any other candidate (dates, events, artefacts, fragments, capitalised
  ordinary words) is ``OTHER``.
* Label noise with a clear fix: a name right after a personal title ("Mr.", "Mrs.";
  ``personal_titles`` in the cue file) is a ``PERSON`` whatever the corpus says ("Mr.
  Bush" is tagged as a place 57 times).
* Headlines: a share of the sentences (``--headline-rate``) is added again as a
  headline, the first 5 to 14 tokens in Title Case (every word capitalised, or every
  word but short function words), so that the model learns that capitalisation alone
  is no evidence there.

Cross-validation folds are grouped by blocks of :data:`BLOCK` consecutive sentence ids
(the corpus has no document ids; consecutive sentences come from the same article), and
a sentence's headline copy stays in its fold. Reported: span-level accuracy and per
class precision/recall/F1 over candidates (sentences and headlines separately), and
entity-level precision/recall/F1 of :func:`~analytics.actors.ner.find_entities` against
the gold entities.

Deterministic for a fixed ``--seed``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from array import array
from pathlib import Path

import numpy as np

from ..actors.ner import (LABELS, PersonSpanClassifier, _Analyzer, _norm, _select,
                          case_vocabulary, load_cues)
from ..errors import InputError

DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "gmb_ner" / "gmb_ner.jsonl"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "actors" / "data" / "ner.npz"
#: hyper-parameters of the shipped model (chosen by grouped CV on GMB)
DEFAULT_PARAMS: dict = dict(n_features_log2=20, C=0.3, min_count=2, max_iter=500, tol=1e-4)
#: share of sentences added again as a Title Case headline
HEADLINE_RATE = 0.25
#: weight of a headline candidate in the fit (a headline has many sub-span candidates)
HEADLINE_WEIGHT = 0.3
#: share of sentence candidates added again without the span's own words (teaches the
#: model names it has never seen, from their shape and context)
DROPOUT_RATE = 0.3
_LEXICAL = ("w=", "W=", "f=", "l=", "init&f=")
#: consecutive sentence ids per cross-validation group
BLOCK = 500
TYPES = {"per": "PERSON", "org": "ORG", "geo": "PLACE", "gpe": "PLACE"}

_NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "]", "}", "%", "'s", "’s", "'", "n't",
                    "'ll", "'m", "'re", "'ve", "'d", "...", "…", "”", "’"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "#", "“", "‘"}


# --------------------------------------------------------------------------- corpus
def load_gmb(path) -> list[dict]:
    """Read the GMB JSONL file; every line must have ``id``, ``tokens`` and ``tags``."""
    path = Path(path)
    if not path.is_file():
        raise InputError("GMB NER file not found; pass --data PATH to gmb_ner.jsonl", str(path))
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                toks, tags = r["tokens"], r["tags"]
                int(r["id"])
            except (ValueError, KeyError, TypeError) as e:
                raise InputError(f"not a {{id, tokens, tags}} JSON object ({e})",
                                 f"{path}:{n}") from None
            if len(toks) != len(tags) or not toks:
                raise InputError(f"{len(toks)} tokens but {len(tags)} tags", f"{path}:{n}")
            rows.append(r)
    return rows


def detokenize(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Plain text of GMB tokens and the character span of each token."""
    parts: list[str] = []
    spans = []
    pos = 0
    quote_open = False
    prev = None
    for t in tokens:
        space = bool(parts)
        if t in _NO_SPACE_BEFORE or (t == '"' and quote_open):
            space = False
        if prev is not None and (prev in _NO_SPACE_AFTER or (prev == '"' and quote_open)):
            space = False
        if t == '"':
            quote_open = not quote_open
        if space:
            parts.append(" ")
            pos += 1
        spans.append((pos, pos + len(t)))
        parts.append(t)
        pos += len(t)
        prev = t
    return "".join(parts), spans


def gold_entities(tags: list[str]) -> list[tuple[int, int, str]]:
    """``(i, j, type)`` token ranges of the BIO entities."""
    out, i, n = [], 0, len(tags)
    while i < n:
        if tags[i].startswith("B-"):
            typ = tags[i][2:]
            j = i + 1
            while j < n and tags[j] == "I-" + typ:
                j += 1
            out.append((i, j, typ))
            i = j
        else:
            i += 1
    return out


def headline_variant(tokens, tags, rng, function_words) -> tuple[list[str], list[str]] | None:
    """The first 5-14 tokens of a sentence in Title Case (never cutting an entity)."""
    k = int(rng.randint(5, 15))
    if k >= len(tokens):
        k = len(tokens)
    while k < len(tokens) and tags[k].startswith("I-"):
        k += 1
    toks, tg = list(tokens[:k]), list(tags[:k])
    while toks and not toks[-1][0].isalnum():
        toks.pop()
        tg.pop()
    if len(toks) < 4:
        return None
    keep_small = rng.rand() < 0.5
    out = []
    for n, t in enumerate(toks):
        c = t[0]
        if c.islower() and len(c.upper()) == 1 and not (
                keep_small and n > 0 and t in function_words and len(t) <= 4):
            t = c.upper() + t[1:]
        out.append(t)
    return out, tg


# --------------------------------------------------------------------------- examples
class Dataset:
    """Hashed candidate rows with labels, and per-sentence gold entities for decoding."""

    def __init__(self) -> None:
        self.indices = array("q")
        self.indptr = array("q", [0])
        self.labels: list[str] = []
        self.weights = array("d")
        self.aug = array("b")               # 1: a word-dropout copy (never scored)
        self.sent_of: list[int] = []        # sentence number of each candidate
        self.cands: list[list[tuple[int, int]]] = []
        self.levels: list[list[int]] = []
        self.ntok: list[int] = []
        self.gold: list[set[tuple[int, int, str]]] = []
        self.group: list[int] = []
        self.headline: list[bool] = []
        self.unaligned = 0
        self.unreachable = 0
        self.n_gold = 0
        self.lowercase_words: frozenset[int] = frozenset()
        self.cue_fix: dict[str, str] = {}

    def matrix(self, n_features_log2: int):
        from scipy import sparse

        idx = np.frombuffer(self.indices, dtype=np.int64)
        ptr = np.frombuffer(self.indptr, dtype=np.int64)
        X = sparse.csr_matrix((np.ones(len(idx)), idx, ptr),
                              shape=(len(ptr) - 1, 1 << n_features_log2))
        X.sum_duplicates()
        return X


def label_sentence(an: _Analyzer, tokens, tags, personal: frozenset,
                   cue_fix: dict[str, str] | None = None):
    """Analyse a GMB sentence; return it with the label of each candidate and the gold entities.

    Returns
    -------
    (sentence, labels, entities, unaligned)
        ``labels`` has one label per candidate; ``entities`` the ``(i, j, label)`` token
        spans of the gold PERSON/ORG/PLACE entities (titles removed).
    """
    text, spans = detokenize(tokens)
    s = an.analyse(text)
    by_start = {a: k for k, a in enumerate(s.starts)}
    by_end = {b: k + 1 for k, b in enumerate(s.ends)}
    gold: dict[tuple[int, int], str] = {}
    tok_type: list[str | None] = [None] * len(s.toks)
    tok_ent: list[int] = [-1] * len(s.toks)
    unaligned = 0
    for i0, j0, typ in gold_entities(tags):
        i, j = by_start.get(spans[i0][0]), by_end.get(spans[j0 - 1][1])
        if i is None or j is None:
            unaligned += 1
            continue
        lab = TYPES.get(typ, "OTHER")
        for q in range(i, j):
            tok_type[q] = lab
            tok_ent[q] = i0
        while i < j and s.title[i]:
            i += 1
        if i < j:
            gold[(i, j)] = lab
    for c, (i, j) in enumerate(s.cands):
        if (s.levels[c] == 0 and i > 0 and s.title[i - 1]
                and _norm(s.low[i - 1]) in personal):
            gold[(i, j)] = "PERSON"
    if cue_fix:
        for (i, j), lab in list(gold.items()):
            if lab == "PERSON" and j - i >= 2 and _norm(s.low[j - 1]) in cue_fix:
                gold[(i, j)] = cue_fix[_norm(s.low[j - 1])]
    labels = []
    for c, (i, j) in enumerate(s.cands):
        lab = gold.get((i, j))
        if lab is None:
            # a whole run inside one entity (the entity has words the run cannot
            # hold, such as "and"): the entity's type
            covered = (s.levels[c] == 0 and tok_ent[i] >= 0
                       and all(tok_ent[q] == tok_ent[i] for q in range(i, j)))
            lab = tok_type[j - 1] if covered else "OTHER"
            if cue_fix and lab == "PERSON" and j - i >= 2 and _norm(s.low[j - 1]) in cue_fix:
                lab = cue_fix[_norm(s.low[j - 1])]
        labels.append(lab)
    ents = {(i, j, lab) for (i, j), lab in gold.items() if lab != "OTHER" and s.name[i]}
    return s, labels, ents, unaligned


def cue_corrections(rows, an: _Analyzer, personal: frozenset, max_share: float = 0.25
                    ) -> dict[str, str]:
    """Cue words after which a PERSON tag is a tagging error ("Melinda Gates Foundation").

    For each organisation or place cue word, the labels of the multi-word candidates
    ending in it are counted; where persons are at most ``max_share`` of them, persons
    ending in the word are relabelled ``ORG`` (organisation cue) or ``PLACE``. Cue words
    that are also common surnames ("Hill", "Hall") keep their persons.
    """
    org, place = set(an.cues.org_cues), set(an.cues.place_cues)
    counts: dict[str, dict[str, int]] = {}
    for r in rows:
        s, labels, _e, _u = label_sentence(an, r["tokens"], r["tags"], personal)
        for (i, j), lab in zip(s.cands, labels):
            w = _norm(s.low[j - 1])
            if j - i >= 2 and (w in org or w in place):
                d = counts.setdefault(w, {})
                d[lab] = d.get(lab, 0) + 1
    fix = {}
    for w, d in sorted(counts.items()):
        n_per = d.get("PERSON", 0)
        if n_per and n_per <= max_share * sum(d.values()):
            if w in org and w in place:
                fix[w] = "ORG" if d.get("ORG", 0) >= d.get("PLACE", 0) else "PLACE"
            else:
                fix[w] = "ORG" if w in org else "PLACE"
    return fix


def add_sentence(ds: Dataset, an: _Analyzer, tokens, tags, group: int, personal: frozenset,
                 rng=None, dropout: float = 0.0, headline_weight: float = 1.0,
                 cue_fix: dict[str, str] | None = None):
    s, labels, ents, unaligned = label_sentence(an, tokens, tags, personal, cue_fix)
    ds.unaligned += unaligned
    cand_set = set(s.cands)
    ds.n_gold += len(ents)
    ds.unreachable += sum((i, j) not in cand_set for i, j, _ in ents)
    sid = len(ds.cands)
    weight = headline_weight if s.headline else 1.0
    for (i, j), label in zip(s.cands, labels):
        feats = an.features(s, i, j)
        copies = [feats]
        if not s.headline and dropout and rng.rand() < dropout:
            copies.append([f for f in feats if not f.startswith(_LEXICAL)])
        for c, fs in enumerate(copies):
            ds.indices.extend(an.buckets(fs))
            ds.indptr.append(len(ds.indices))
            ds.labels.append(label)
            ds.sent_of.append(sid)
            ds.weights.append(weight)
            ds.aug.append(c > 0)
    ds.cands.append(list(s.cands))
    ds.levels.append(list(s.levels))
    ds.ntok.append(len(s.toks))
    ds.gold.append(ents)
    ds.group.append(group)
    ds.headline.append(s.headline)


def build_dataset(rows, params: dict | None = None, *, seed: int = 0,
                  headline_rate: float = HEADLINE_RATE, headline_weight: float = HEADLINE_WEIGHT,
                  dropout: float = DROPOUT_RATE, log=None) -> Dataset:
    """Candidates of every sentence (and of the headline copies) with their labels."""
    params = {**DEFAULT_PARAMS, **(params or {})}
    cues = load_cues()
    ds = Dataset()
    ds.lowercase_words = case_vocabulary(detokenize(r["tokens"])[0] for r in rows)
    an = _Analyzer(cues, int(params["n_features_log2"]), ds.lowercase_words)
    personal = frozenset(cues.personal_titles)
    function_words = frozenset(cues.function_words)
    rng = np.random.RandomState(seed)
    drop_rng = np.random.RandomState(seed + 1)
    t0 = time.time()
    ds.cue_fix = cue_corrections(rows, an, personal)
    if log:
        log(f"  person tags corrected after: {ds.cue_fix}")
    for n, r in enumerate(rows):
        group = (int(r["id"]) - 1) // BLOCK
        add_sentence(ds, an, r["tokens"], r["tags"], group, personal, drop_rng, dropout,
                     cue_fix=ds.cue_fix)
        if rng.rand() < headline_rate:
            hv = headline_variant(r["tokens"], r["tags"], rng, function_words)
            if hv is not None:
                add_sentence(ds, an, hv[0], hv[1], group, personal, drop_rng, dropout,
                             headline_weight, ds.cue_fix)
        if log and n and n % 10000 == 0:
            log(f"  {n} sentences, {len(ds.labels)} candidates ({time.time() - t0:.0f} s)")
    return ds


# --------------------------------------------------------------------------- scoring
def span_scores(y_true, y_pred, labels=LABELS) -> dict:
    """Accuracy and per-class precision, recall and F1 of span labels."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    out: dict = {"n": int(len(y_true)),
                 "accuracy": round(float(np.mean(y_true == y_pred)), 4) if len(y_true) else None}
    for lab in labels:
        tp = int(np.sum((y_true == lab) & (y_pred == lab)))
        fp = int(np.sum((y_true != lab) & (y_pred == lab)))
        fn = int(np.sum((y_true == lab) & (y_pred != lab)))
        out[lab] = _prf(tp, fp, fn)
    return out


def _count(counts: dict[str, list[int]], pred: set, gold: set) -> None:
    """Add true positives, false positives and false negatives per label."""
    for lab, cnt in counts.items():
        P = {x for x in pred if x[2] == lab}
        G = {x for x in gold if x[2] == lab}
        cnt[0] += len(P & G)
        cnt[1] += len(P - G)
        cnt[2] += len(G - P)


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "support": tp + fn}


def entity_scores(ds: Dataset, sents, probs_by_sent, classes) -> dict:
    """Entity-level P/R/F1 of the decoded spans against the gold entities."""
    other = classes.index("OTHER")
    counts = {lab: [0, 0, 0] for lab in LABELS if lab != "OTHER"}
    for sid in sents:
        pred = {(i, j, classes[c]) for i, j, c, _p in
                _select(ds.cands[sid], ds.levels[sid], ds.ntok[sid],
                                    probs_by_sent.get(sid, []), other)}
        gold = ds.gold[sid]
        _count(counts, pred, gold)
    return {lab: _prf(*cnt) for lab, cnt in counts.items()}


def cross_validate(ds: Dataset, params: dict | None = None, *, n_splits: int = 5, seed: int = 0,
                   log=None, return_proba: bool = False, max_folds: int | None = None):
    """Grouped k-fold CV: span-level and entity-level scores on the held-out folds."""
    from sklearn.model_selection import GroupKFold

    params = {**DEFAULT_PARAMS, **(params or {})}
    X = ds.matrix(int(params["n_features_log2"]))
    y = np.array(ds.labels)
    w = np.frombuffer(ds.weights, dtype=np.float64)
    aug = np.frombuffer(ds.aug, dtype=np.int8).astype(bool)
    sent_of = np.array(ds.sent_of)
    groups = np.array(ds.group)
    headline = np.array(ds.headline)
    n_sent = len(ds.cands)
    pred = np.empty(len(y), dtype=object)
    proba = np.zeros((len(y), len(LABELS)))
    classes = None
    cues = load_cues()
    folds = GroupKFold(n_splits=n_splits).split(np.zeros(n_sent), groups=groups)
    for k, (tr_s, te_s) in enumerate(folds):
        t0 = time.time()
        tr = np.isin(sent_of, tr_s)
        te = ~tr & ~aug
        model = PersonSpanClassifier(**params, random_state=seed)
        model.cues_ = cues
        model.lowercase_words_ = ds.lowercase_words
        model._fit_matrix(X[tr], y[tr], w[tr])
        classes = [str(c) for c in model.classes_]
        S = np.asarray(X[te] @ model.coef_.T) + model.intercept_
        P = model._softmax(S)
        proba[te] = P
        pred[te] = model.classes_[np.argmax(P, axis=1)]
        if log:
            log(f"  fold {k + 1}/{n_splits}: {int(tr.sum())} train spans, "
                f"{int(te.sum())} test, {model.n_iter_} iterations, {time.time() - t0:.0f} s")
        if max_folds and k + 1 >= max_folds:
            break
    scored = pred != None  # noqa: E711  (folds that were run)
    hl_cand = headline[sent_of] & scored
    pl_cand = ~headline[sent_of] & scored
    by_sent: dict[int, list] = {}
    for r, sid in enumerate(ds.sent_of):
        if not aug[r]:
            by_sent.setdefault(sid, []).append(proba[r].tolist())
    done = set(sent_of[scored].tolist())
    sents_plain = [s for s in range(n_sent) if not ds.headline[s] and s in done]
    sents_hl = [s for s in range(n_sent) if ds.headline[s] and s in done]
    report = {
        "params": params,
        "folds": n_splits,
        "groups": f"blocks of {BLOCK} consecutive sentence ids",
        "spans_sentences": span_scores(y[pl_cand], pred[pl_cand]),
        "spans_headlines": span_scores(y[hl_cand], pred[hl_cand]),
        "entities_sentences": entity_scores(ds, sents_plain, by_sent, classes),
        "entities_headlines": entity_scores(ds, sents_hl, by_sent, classes),
        "gold_entities": ds.n_gold,
        "gold_not_a_candidate": ds.unreachable,
        "gold_not_token_aligned": ds.unaligned,
    }
    return (report, proba) if return_proba else report


def train(ds: Dataset, out=DEFAULT_OUT, params: dict | None = None, *, seed: int = 0,
          save: bool = True) -> PersonSpanClassifier:
    """Fit the model on every candidate and write the artefact."""
    params = {**DEFAULT_PARAMS, **(params or {})}
    model = PersonSpanClassifier(**params, random_state=seed)
    model.cues_ = load_cues()
    model.lowercase_words_ = ds.lowercase_words
    model._fit_matrix(ds.matrix(int(params["n_features_log2"])), np.array(ds.labels),
                      np.frombuffer(ds.weights, dtype=np.float64))
    if save:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        model.save(out)
    return model


# --------------------------------------------------------------------------- fixture
def load_fixture(path) -> list[dict]:
    """Hand-labelled sentences: ``{"text", "kind", "spans": [[surface, label], ...]}`` per line.

    Labels: ``PERSON``, ``ORG``, ``PLACE``, ``OTHER``; ``!PERSON`` (anything but a
    person, for fragments of names such as "Fiscal Studies"); ``IGNORE`` (ambiguous
    spans such as "Democrat": not scored). A surface may be given as ``[surface,
    label, n]`` for its n-th occurrence (0-based). Returns the rows with resolved
    ``(start, end, label)`` spans.
    """
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            r = json.loads(line)
            text, spans = r["text"], []
            for item in r["spans"]:
                surface, label = item[0], item[1]
                if label not in FIXTURE_LABELS:
                    raise InputError(f"label {label!r} of {surface!r} is not one of "
                                     f"{FIXTURE_LABELS}", f"{path}:{n}")
                occ = item[2] if len(item) > 2 else 0
                pos = -1
                for _ in range(occ + 1):
                    pos = text.find(surface, pos + 1)
                    if pos < 0:
                        raise InputError(f"{surface!r} (occurrence {occ}) not in the text",
                                         f"{path}:{n}")
                spans.append((pos, pos + len(surface), label))
            rows.append({"text": text, "spans": spans, "kind": r.get("kind", "")})
    return rows


FIXTURE_LABELS = (*LABELS, "!PERSON", "IGNORE")


def fixture_scores(model: PersonSpanClassifier, rows: list[dict]) -> dict:
    """Span accuracy (given spans) and entity P/R/F1 (found spans) on a hand-labelled set."""
    y_true, y_pred, correct = [], [], []
    counts = {lab: [0, 0, 0] for lab in LABELS if lab != "OTHER"}
    errors = []
    found = model.find_entities_batch([r["text"] for r in rows])
    for r, ents in zip(rows, found):
        text = r["text"]
        scored = [(a, b, lab) for a, b, lab in r["spans"] if lab != "IGNORE"]
        for (a, b, lab), e in zip(scored, model.classify_spans(text, [(a, b) for a, b, _ in scored])):
            ok = e.label != "PERSON" if lab == "!PERSON" else e.label == lab
            correct.append(ok)
            if lab != "!PERSON":
                y_true.append(lab)
                y_pred.append(e.label)
            if not ok:
                errors.append(f"span {text[a:b]!r}: {lab} -> {e.label} ({e.prob:.2f})")
        gold = {(a, b, lab) for a, b, lab in r["spans"] if lab in counts}
        ignore = {(a, b) for a, b, lab in r["spans"] if lab == "IGNORE"}
        pred = {(e.start, e.end, e.label) for e in ents if (e.start, e.end) not in ignore}
        _count(counts, pred, gold)
        for lab in counts:
            P = {x for x in pred if x[2] == lab}
            G = {x for x in gold if x[2] == lab}
            for a, b, _ in sorted(P - G):
                errors.append(f"found {text[a:b]!r} as {lab}: not in gold")
            for a, b, _ in sorted(G - P):
                errors.append(f"missed {lab} {text[a:b]!r}")
    spans = span_scores(y_true, y_pred)
    spans["accuracy_all"] = round(float(np.mean(correct)), 4) if correct else None
    spans["n_all"] = len(correct)
    return {"sentences": len(rows), "spans": spans,
            "entities": {lab: _prf(*cnt) for lab, cnt in counts.items()}, "errors": errors}


# --------------------------------------------------------------------------- main
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analytics.training.ner", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="GMB NER JSONL file")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="artefact path (.npz)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cv", action="store_true", help="report grouped k-fold CV first")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-save", action="store_true", help="do not fit/write the artefact")
    ap.add_argument("--json", default=None, help="write the report to this JSON file")
    ap.add_argument("--params", default=None, help="JSON dict overriding DEFAULT_PARAMS")
    ap.add_argument("--headline-rate", type=float, default=HEADLINE_RATE)
    ap.add_argument("--fixture", default=None,
                    help="hand-labelled JSONL to score the model on (the written one, or the "
                         "bundled one with --no-save)")
    args = ap.parse_args(argv)

    def log(m):
        print(m, file=sys.stderr)

    params = json.loads(args.params) if args.params else None
    report: dict = {}
    model = None
    if args.cv or not args.no_save:
        t0 = time.time()
        rows = load_gmb(args.data)
        ds = build_dataset(rows, params, seed=args.seed, headline_rate=args.headline_rate, log=log)
        log(f"{len(ds.cands)} sentences, {len(ds.labels)} candidate spans "
            f"({time.time() - t0:.0f} s)")
        if args.cv:
            report["cv"] = cross_validate(ds, params, n_splits=args.folds, seed=args.seed, log=log)
        if not args.no_save:
            model = train(ds, args.out, params, seed=args.seed)
            log(f"wrote {args.out} ({Path(args.out).stat().st_size} bytes)")
    if args.fixture:
        if model is None:
            model = PersonSpanClassifier.load(args.out)
        report["fixture"] = fixture_scores(model, load_fixture(args.fixture))
    if report:
        print(json.dumps(report, indent=2))
        if args.json:
            Path(args.json).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
