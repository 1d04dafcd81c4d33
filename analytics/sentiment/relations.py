"""Who criticises or praises whom: directed, signed relations between actors.

From every sentence with two or more resolved actors, :func:`relation_evidence` keeps
the evaluations one actor directs at another ("Starmer accused Putin of playing games":
Starmer -> Putin, negative; "Putin was praised by Xi": Xi -> Putin, positive), with
the sentence as evidence. :func:`relation_table` counts them per (source, target,
polarity); :func:`relation_graph` makes the signed directed network (networkx), which
:func:`write_network` saves as GraphML or GEXF.

Each pair of mentions of a sentence is read by :class:`RelationClassifier`, a
multinomial logistic regression over the roles and verbs of
:mod:`analytics.sentiment.roles`, the tone model's scores toward both actors and the
structure between them (:func:`pair_cues`: an abstract word-class sequence, quotation,
possessive evaluation, passive agent, which actor the evaluative words are nearer to)
(five classes: none, first -> second positive or negative, second -> first positive or
negative), trained on the directed-sentiment news sentences of
Park, Pan and Joo (2021) by ``python -m analytics.training.relations``. It ships as
``analytics/sentiment/data/relations.npz`` (plain arrays, no pickle).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import schema
from ..resources import as_path
from ..text import normalize
from ..lang import en
from .roles import EVAL_NOUNS, NEGATIONS, NEGATIVE, POSITIVE, ROLES, SPEECH, _possessive, speech_acts
from .features import sparse_features
from .tokens import mask, tokenize, valences, vader_lexicon

__all__ = ["RELATION_CLASSES", "RelationClassifier", "pair_cues", "pair_features", "relation_evidence",
           "relation_table", "relation_graph", "write_network", "load_relation_model"]

#: the five classes of a pair (first, second) of mentions, in order of the sentence
RELATION_CLASSES = ("none", "positive_first_to_second", "positive_second_to_first",
                    "negative_first_to_second", "negative_second_to_first")
RELATIONS_RESOURCE = "relations.npz"
ARTEFACT_FORMAT = 2
_VERB_CLASSES = ("negative", "positive", "speech")
_FUNCTION_WORDS = en.words("tone_roles", "relation_function_words")


# ----------------------------------------------------------------- features
def _rule_class(roles: list, acts: list) -> int:
    """The class the verb rules alone give the pair (0 when they say nothing)."""
    for a in acts:
        if a.negated or a.verb_class == "speech":
            continue
        other = 1 - a.source
        if other not in a.targets:
            continue
        pos = a.verb_class == "positive"
        if a.source == 0:
            return 1 if pos else 3
        return 2 if pos else 4
    return 0


def _abstract(tok: str, low: str, lex: dict) -> str | None:
    """The class of a token in the abstract sequence of a pair (None: dropped)."""
    if low in NEGATIVE:
        return "NV"
    if low in POSITIVE:
        return "PV"
    if low in SPEECH:
        return "SV"
    if low in EVAL_NOUNS:
        return "EN"
    if low in NEGATIONS:
        return "NOT"
    v = lex.get(low, 0.0)
    if v <= -1.0:
        return "neg"
    if v >= 1.0:
        return "pos"
    if low in _FUNCTION_WORDS:
        return low
    if tok[:1].isupper():
        return "E"
    return None


def pair_cues(text: str, first: tuple[int, int], second: tuple[int, int]) -> dict:
    """Word-free features of how two mentions relate in a sentence.

    The sentence becomes an abstract sequence: the mentions as ``P`` and ``X``, other
    words as their class (negative / positive evaluative verb ``NV`` / ``PV``, speech
    verb ``SV``, evaluation noun ``EN``, negation, VADER polarity ``neg`` / ``pos``,
    function words as themselves, other names ``E``; the rest dropped). From it: the
    n-grams (2-4) around and between the pair that contain a mention ("P NV X", "X was
    NV by P"), which mention is inside a quotation, which mention each
    strongly-valenced word is nearer to (and whether it lies before, between or after
    them), "P's criticism of X" and passive agents ("by P").

    Parameters
    ----------
    text : str
        The sentence (normalised).
    first, second : (int, int)
        Character spans of the mentions, ``first`` starting before ``second``.

    Returns
    -------
    dict
        Feature name -> value.
    """
    toks = tokenize(text)
    lex = vader_lexicon()
    seq: list = []
    in_quote = False
    prev = None
    p_pos = q_pos = -1
    p_quoted = q_quoted = False
    pt: list = []
    qt: list = []
    for i, (tok, s, e) in enumerate(toks):
        if tok == '"':
            in_quote = not in_quote
        if e > first[0] and s < first[1]:
            pt.append(i)
            if prev != "P":
                seq.append("P")
                p_pos, p_quoted = len(seq) - 1, in_quote
            prev = "P"
            continue
        if e > second[0] and s < second[1]:
            qt.append(i)
            if prev != "X":
                seq.append("X")
                q_pos, q_quoted = len(seq) - 1, in_quote
            prev = "X"
            continue
        a = _abstract(tok, tok.lower(), lex)
        if a is None:
            prev = None
            continue
        if a != prev:
            seq.append(a)
        prev = a
    f: dict = {}
    if p_pos < 0 or q_pos < 0:
        return f
    region = seq[max(0, p_pos - 3):min(len(seq), q_pos + 4)]
    for n in (2, 3, 4):
        for i in range(len(region) - n + 1):
            g = region[i:i + n]
            if "P" in g or "X" in g:
                f["g:" + " ".join(g)] = 1.0
    between = seq[p_pos + 1:q_pos]
    if len(between) <= 6:
        f["btw:" + " ".join(between)] = 1.0
    for a in set(between):
        f["bw:" + a] = 1.0
    f[f"quote:{int(p_quoted)}{int(q_quoted)}"] = 1.0
    low = [t[0].lower() for t in toks]
    for i, v in enumerate(valences(low, lex)):
        if abs(v) < 1.0 or i in pt or i in qt:
            continue
        dp = min(abs(i - pt[0]), abs(i - pt[-1]))
        dq = min(abs(i - qt[0]), abs(i - qt[-1]))
        where = "b" if pt[-1] < i < qt[0] else ("f" if i < pt[0] else "a")
        k = f"near:{'p' if dp < dq else 'q'}:{where}:{'neg' if v < 0 else 'pos'}"
        f[k] = f.get(k, 0.0) + 1.0 / (1.0 + min(dp, dq) / 4.0)
    if _possessive(text, first[1]):
        if any(w in EVAL_NOUNS for w in low[pt[-1] + 1:min(qt[0], pt[-1] + 5)]):
            f["poss_eval"] = 1.0
    for name, idx in (("by_p", pt), ("by_q", qt)):
        if idx[0] > 0 and low[idx[0] - 1] == "by":
            f[name] = 1.0
    return f


def pair_features(text: str, first: tuple[int, int], second: tuple[int, int],
                  p_first: Sequence[float], p_second: Sequence[float]) -> tuple[dict, list]:
    """Sparse and dense features of one pair of mentions (``first`` before ``second``).

    Parameters
    ----------
    text : str
        The sentence.
    first, second : (int, int)
        Character spans of the two mentions, ``first`` starting before ``second``.
    p_first, p_second : sequence of float
        The tone model's (P(negative), P(neutral), P(positive)) toward each mention.

    Returns
    -------
    sparse : dict
        Feature name -> value: the verbs and roles of both mentions, the tone model's
        window and agent/patient cues around each, and :func:`pair_cues` (the words
        of the sentence themselves are not features: they let a model remember
        sentences rather than read them).
    dense : list of float
        Tone probabilities, rule class, roles and lexicon scores, in a fixed order.
    """
    text = normalize(str(text))
    roles, acts = speech_acts(text, [first, second])
    rule = _rule_class(roles, acts)
    toks = tokenize(text)
    low = [t[0].lower() for t in toks]
    a_end = next((i for i, t in enumerate(toks) if t[1] >= first[1]), len(toks))
    b_start = next((i for i, t in enumerate(toks) if t[2] > second[0]), len(toks))
    between = low[a_end:b_start]
    b_end = next((i for i, t in enumerate(toks) if t[1] >= second[1]), len(toks))
    after = low[b_end:]
    sparse: dict = pair_cues(text, first, second)
    # the tone model's view of each mention: its window and agent/patient cues
    for side, (s0, e0) in (("1", first), ("2", second)):
        _g, win, _c, cues = sparse_features(mask(text, s0, e0), 4)
        for name, w in win:
            sparse[side + name] = max(sparse.get(side + name, 0.0), float(w))
        for name in cues:
            sparse[side + name] = 1.0
    for a in acts:
        side = "1" if a.source == 0 else "2"
        sparse[f"act{side}:{a.verb_class}" + (":neg" if a.negated else "")
               + (":pas" if a.passive else "")] = 1.0
        sparse[f"verb{side}:{a.verb}"] = 1.0
        if (1 - a.source) in a.targets:
            sparse[f"acts_on{side}:{a.verb_class}"] = 1.0
    sparse[f"roles:{roles[0]}_{roles[1]}"] = 1.0
    lex = vader_lexicon()
    vb = valences(between, lex) if between else []
    va = valences(after, lex) if after else []
    n_between = len(between)
    dense = list(map(float, p_first)) + list(map(float, p_second))
    dense += [float(rule == k) for k in range(1, 5)]
    dense += [float(roles[0] == r) for r in ROLES] + [float(roles[1] == r) for r in ROLES]
    dense += [sum(v for v in vb if v > 0) / 4.0, sum(-v for v in vb if v < 0) / 4.0,
              sum(v for v in va if v > 0) / 4.0, sum(-v for v in va if v < 0) / 4.0,
              math.log1p(n_between) / 3.0, float(text[first[1]:first[1] + 2][:1] in "'\u2019"),
              float('"' in between or "\u201c" in text or "\u201d" in text)]
    # who holds the tone: the tone toward one mention, when the other is its source
    for k_src, p_other in ((0, p_second), (1, p_first)):
        on = [a for a in acts if a.source == k_src and (1 - k_src) in a.targets]
        holds = float(roles[k_src] == "source")
        dense += [holds * float(x) for x in p_other]
        dense += [float(bool(on)) * float(x) for x in p_other]
    dense += [float(n_between <= 3) * float(x) for x in p_second]
    return sparse, dense


N_DENSE = 6 + 4 + 6 + 7 + 12 + 3


class RelationClassifier:
    """Five-class directed sentiment between two mentions of a sentence.

    A multinomial logistic regression over :func:`pair_features`; fitted by
    :func:`analytics.training.relations.fit_relations` and saved as plain arrays.

    Attributes
    ----------
    vocabulary : dict
        Sparse feature name -> column.
    coef : ndarray of shape (5, n_features)
    intercept : ndarray of shape (5,)
    dense_mean, dense_scale : ndarray
        Standardisation of the dense block.
    metadata : dict
    """

    def __init__(self, vocabulary: dict, coef: np.ndarray, intercept: np.ndarray,
                 dense_mean: np.ndarray, dense_scale: np.ndarray, metadata: dict | None = None):
        self.vocabulary = vocabulary
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.dense_mean = np.asarray(dense_mean, dtype=np.float64)
        self.dense_scale = np.asarray(dense_scale, dtype=np.float64)
        self.metadata = metadata or {}

    @staticmethod
    def matrix(feats: list, vocabulary: dict, dense_mean, dense_scale) -> sp.csr_matrix:
        """The design matrix of ``(sparse, dense)`` feature pairs."""
        rows, cols, vals = [], [], []
        for i, (s, _d) in enumerate(feats):
            for k, v in s.items():
                j = vocabulary.get(k)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
                    vals.append(v)
        S = sp.csr_matrix((vals, (rows, cols)), shape=(len(feats), len(vocabulary)))
        D = np.array([d for _s, d in feats], dtype=np.float64).reshape(len(feats), N_DENSE)
        D = (D - dense_mean) / dense_scale
        return sp.hstack([S, sp.csr_matrix(D)], format="csr")

    def predict_proba(self, feats: list) -> np.ndarray:
        """Class probabilities (columns in the order of :data:`RELATION_CLASSES`)."""
        if not feats:
            return np.zeros((0, len(RELATION_CLASSES)))
        X = self.matrix(feats, self.vocabulary, self.dense_mean, self.dense_scale)
        z = np.asarray(X @ self.coef.T) + self.intercept
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, feats: list) -> np.ndarray:
        """Class indices into :data:`RELATION_CLASSES`."""
        return self.predict_proba(feats).argmax(axis=1)

    def save(self, path) -> Path:
        """Write the model as ``.npz`` (no pickle)."""
        names = sorted(self.vocabulary, key=self.vocabulary.get)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path, vocabulary=np.array(names, dtype=str), coef=self.coef.astype(np.float32),
            intercept=self.intercept, dense_mean=self.dense_mean, dense_scale=self.dense_scale,
            params=np.array(json.dumps({"format": ARTEFACT_FORMAT, "classes": RELATION_CLASSES,
                                        "n_dense": N_DENSE, "metadata": self.metadata},
                                       sort_keys=True)))
        return path

    @classmethod
    def load(cls, path) -> "RelationClassifier":
        """Read a model written by :meth:`save` (``allow_pickle=False``)."""
        with np.load(path, allow_pickle=False) as z:
            params = json.loads(str(z["params"]))
            if params.get("format") != ARTEFACT_FORMAT or params.get("n_dense") != N_DENSE:
                raise ValueError("unsupported relations artefact: retrain with "
                                 "python -m analytics.training.relations")
            vocab = {str(v): i for i, v in enumerate(z["vocabulary"])}
            return cls(vocab, z["coef"].astype(np.float64), z["intercept"], z["dense_mean"],
                       z["dense_scale"], params.get("metadata", {}))


@lru_cache(maxsize=1)
def load_relation_model() -> RelationClassifier:
    """The shipped relation classifier (cached)."""
    with as_path(f"data/{RELATIONS_RESOURCE}", __package__) as path:
        return RelationClassifier.load(path)


# ----------------------------------------------------------------- tables
def _empty_evidence() -> pd.DataFrame:
    return schema.empty("relation_evidence")


def relation_evidence(sentences: pd.DataFrame, tone: pd.DataFrame, *,
                      model: RelationClassifier | None = None) -> pd.DataFrame:
    """Directed evaluations between actors, one row per sentence and pair (table
    ``relation_evidence``).

    Parameters
    ----------
    sentences : DataFrame
        Table ``sentences``.
    tone : DataFrame
        Table ``tone`` with its probability columns (``p_negative``, ``p_neutral``,
        ``p_positive``), as :func:`analytics.sentiment.tone_table` returns it.
    model : RelationClassifier, optional
        Default: the shipped one.

    Returns
    -------
    DataFrame
        Columns of ``schema.TABLES["relation_evidence"]``: ``doc_id``, ``sent_id``,
        ``source``, ``target`` (actors), ``polarity`` (-1 or +1), ``probability`` (of
        that class), ``text`` (the sentence). Pairs read as "no relation" and pairs of
        mentions of the same actor give no row. Sorted by document, sentence, source,
        target.
    """
    need = {"p_negative", "p_neutral", "p_positive"}
    if tone is None or not len(tone) or sentences is None or not len(sentences) \
            or not need <= set(tone.columns):
        return _empty_evidence()
    m = model if model is not None else load_relation_model()
    t = tone.sort_values(["doc_id", "sent_id", "start", "end", "actor"], kind="stable")
    s = sentences[["doc_id", "sent_id", "start", "text"]].drop_duplicates(["doc_id", "sent_id"])
    t = t.merge(s.rename(columns={"start": "s_start", "text": "s_text"}),
                on=["doc_id", "sent_id"], how="inner", sort=False)
    n_act = t.groupby(["doc_id", "sent_id"], sort=False)["actor"].transform("nunique")
    t = t[(n_act >= 2).to_numpy()]
    feats, meta = [], []
    for (doc, sid), g in t.groupby(["doc_id", "sent_id"], sort=True):
        text = str(g["s_text"].iloc[0])
        off = int(g["s_start"].iloc[0])
        rows = list(g.itertuples(index=False))
        # one mention per actor: its first one in the sentence
        seen: dict = {}
        for r in rows:
            seen.setdefault(str(r.actor), r)
        ments = sorted(seen.values(), key=lambda r: (int(r.start), int(r.end)))
        for i in range(len(ments)):
            for j in range(i + 1, len(ments)):
                a, b = ments[i], ments[j]
                sa = (int(a.start) - off, int(a.end) - off)
                sb = (int(b.start) - off, int(b.end) - off)
                feats.append(pair_features(text, sa, sb,
                                           (a.p_negative, a.p_neutral, a.p_positive),
                                           (b.p_negative, b.p_neutral, b.p_positive)))
                meta.append((doc, sid, str(a.actor), str(b.actor), text))
    if not feats:
        return _empty_evidence()
    proba = m.predict_proba(feats)
    cls = proba.argmax(axis=1)
    out = []
    for (doc, sid, a, b, text), c, p in zip(meta, cls, proba):
        if c == 0:
            continue
        name = RELATION_CLASSES[c]
        src, tgt = (a, b) if name.endswith("first_to_second") else (b, a)
        out.append({"doc_id": doc, "sent_id": sid, "source": src, "target": tgt,
                    "polarity": 1 if name.startswith("positive") else -1,
                    "probability": float(p[c]), "text": text})
    if not out:
        return _empty_evidence()
    df = pd.DataFrame(out).sort_values(["doc_id", "sent_id", "source", "target"], kind="stable")
    df["polarity"] = df["polarity"].astype("int64")
    return schema.conform("relation_evidence", df)


def relation_table(evidence: pd.DataFrame, *, max_evidence: int = 3) -> pd.DataFrame:
    """Who criticises or praises whom, over the corpus (table ``relations``).

    Parameters
    ----------
    evidence : DataFrame
        Table ``relation_evidence``.
    max_evidence : int
        Evidence sentences kept per relation (those read with the highest probability).

    Returns
    -------
    DataFrame
        Columns of ``schema.TABLES["relations"]``: ``source``, ``target``, ``polarity``
        (-1 criticises, +1 praises), ``n_sentences``, ``n_documents``, ``weight``
        (``polarity * n_documents``, the signed edge weight of the network),
        ``evidence`` (up to ``max_evidence`` sentences joined by " | "),
        ``evidence_doc_ids`` (their documents, same order). Sorted by documents
        (desc), sentences (desc), source, target, polarity.
    """
    if evidence is None or not len(evidence):
        return schema.empty("relations")
    e = evidence.copy()
    e["polarity"] = pd.to_numeric(e["polarity"]).astype(int)
    e = e.sort_values(["source", "target", "polarity", "probability", "doc_id", "sent_id"],
                      ascending=[True, True, True, False, True, True], kind="stable")
    rows = []
    for (src, tgt, pol), g in e.groupby(["source", "target", "polarity"], sort=True):
        ev = g.drop_duplicates("text").head(max_evidence)
        nd = int(g["doc_id"].astype(str).nunique())
        rows.append({"source": src, "target": tgt, "polarity": int(pol),
                     "n_sentences": int(len(g)), "n_documents": nd, "weight": int(pol) * nd,
                     "evidence": " | ".join(ev["text"].astype(str)),
                     "evidence_doc_ids": " | ".join(ev["doc_id"].astype(str))})
    out = pd.DataFrame(rows).sort_values(
        ["n_documents", "n_sentences", "source", "target", "polarity"],
        ascending=[False, False, True, True, True], kind="stable")
    return schema.conform("relations", out)


def relation_graph(relations: pd.DataFrame):
    """The signed directed actor network (:class:`networkx.MultiDiGraph`).

    One node per actor, one edge per row of ``relations`` (an actor may both criticise
    and praise another) with attributes ``polarity``, ``weight`` (signed),
    ``n_sentences``, ``n_documents`` and ``sign`` ("negative" / "positive").
    """
    import networkx as nx

    g = nx.MultiDiGraph()
    if relations is None or not len(relations):
        return g
    for r in relations.sort_values(["source", "target", "polarity"], kind="stable").itertuples(index=False):
        g.add_node(str(r.source))
        g.add_node(str(r.target))
        g.add_edge(str(r.source), str(r.target), polarity=int(r.polarity),
                   weight=int(r.weight), n_sentences=int(r.n_sentences),
                   n_documents=int(r.n_documents),
                   sign="positive" if int(r.polarity) > 0 else "negative")
    return g


def write_network(relations: pd.DataFrame, path, *, fmt: str | None = None) -> Path:
    """Write the signed actor network as GraphML (``.graphml``) or GEXF (``.gexf``).

    Parameters
    ----------
    relations : DataFrame
        Table ``relations``.
    path : path-like
        The file written.
    fmt : {"graphml", "gexf"}, optional
        Default: from the suffix of ``path``.

    Raises
    ------
    analytics.errors.InputError
        For another format.
    """
    import networkx as nx

    from ..errors import InputError

    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    g = relation_graph(relations)
    if fmt == "graphml":
        nx.write_graphml(g, path)
    elif fmt == "gexf":
        nx.write_gexf(g, path)
    else:
        raise InputError(f"cannot write the relation network as {fmt!r}: use a .graphml or "
                         ".gexf file name", str(path))
    return path
