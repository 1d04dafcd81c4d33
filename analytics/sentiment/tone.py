"""Tone tables: per mention (``tone``), per leader (``leaders``), per leader and document.

``tone_table`` scores every resolved actor mention with the target-dependent model.
``leader_summary`` aggregates per actor with a *cluster* bootstrap: documents, not
mentions, are resampled, because mentions of a leader in one article are not
independent (one article's slant moves all of them together).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import schema

#: target-sentiment models of :func:`analytics.sentiment.classify_targets`
TONE_MODELS = ("default", "linear", "minilm")

_LABEL_WORDS = {"negative": -1, "neg": -1, "neutral": 0, "neu": 0, "positive": 1, "pos": 1}


def _labels_as_int(labels: pd.Series) -> np.ndarray:
    """Accept -1/0/1 or 'negative'/'neutral'/'positive'."""
    if labels.dtype == object or pd.api.types.is_string_dtype(labels):
        mapped = labels.map(lambda v: _LABEL_WORDS.get(str(v).strip().lower(), v))
        return pd.to_numeric(mapped, errors="coerce").fillna(0).astype(int).to_numpy()
    return pd.to_numeric(labels, errors="coerce").fillna(0).astype(int).to_numpy()


def _tone_model_argument(tone_model: str, backend: str | None) -> str:
    """The tone model asked for, accepting the deprecated ``backend`` keyword.

    Called by the public functions that take ``tone_model``; the warning points at their
    caller. Raises ``TypeError`` when both names are given with different values and
    ``ValueError`` for an unknown model.
    """
    if backend is not None:
        warnings.warn("the 'backend' keyword is deprecated: use 'tone_model' ('backend' is "
                      "the execution backend of analytics.analyze)", DeprecationWarning,
                      stacklevel=3)
        if tone_model not in ("default", backend):
            raise TypeError(f"got tone_model={tone_model!r} and backend={backend!r}: pass "
                            "tone_model only")
        tone_model = backend
    if tone_model not in TONE_MODELS:
        raise ValueError(f"unknown tone_model {tone_model!r}; use one of "
                         f"{', '.join(TONE_MODELS)}")
    return tone_model


def _locate(sentences: pd.DataFrame, m: pd.DataFrame) -> pd.DataFrame:
    """Attach sentence text/start to mentions, by sent_id or else by offsets."""
    s = sentences[["doc_id", "sent_id", "start", "end", "text"]].rename(
        columns={"start": "s_start", "end": "s_end", "text": "s_text"})
    out = m.merge(s, on=["doc_id", "sent_id"], how="left", sort=False)
    bad = out["s_text"].isna() | (out["start"] < out["s_start"]) | (out["end"] > out["s_end"])
    if bad.any():
        # find the sentence containing the mention by offsets; drop it if there is none
        out.loc[bad, "s_text"] = np.nan
        s_sorted = s.sort_values(["doc_id", "s_start"])
        by_doc = {d: g for d, g in s_sorted.groupby("doc_id", sort=False)}
        for i in np.flatnonzero(bad.to_numpy()):
            g = by_doc.get(out.at[i, "doc_id"])
            if g is None:
                continue
            st = int(out.at[i, "start"])
            k = np.searchsorted(g["s_start"].to_numpy(), st, side="right") - 1
            if k >= 0 and st < int(g["s_end"].iloc[k]):
                out.loc[i, ["sent_id", "s_start", "s_end", "s_text"]] = [
                    g["sent_id"].iloc[k], g["s_start"].iloc[k], g["s_end"].iloc[k],
                    g["s_text"].iloc[k]]
    return out


def tone_table(sentences: pd.DataFrame, mentions: pd.DataFrame, *, model=None,
               tone_model: str = "default", backend: str | None = None) -> pd.DataFrame:
    """Tone toward each resolved actor mention (table ``tone``).

    Parameters
    ----------
    sentences : DataFrame
        Table ``sentences`` (``doc_id``, ``sent_id``, ``start``, ``end``, ``text``).
    mentions : DataFrame
        Table ``mentions`` (``doc_id``, ``sent_id``, ``actor``, ``kind``, ``start``,
        ``end``, ...); rows with an empty ``actor`` (unresolved) are skipped.
    model : estimator, optional
        A fitted target-sentiment model; default: the shipped model of ``tone_model``.
    tone_model : {"default", "linear", "minilm"}
        See :func:`analytics.sentiment.classify_targets`.
    backend : str, optional
        Deprecated name of ``tone_model`` (emits a ``DeprecationWarning``).

    Returns
    -------
    DataFrame
        Columns of ``schema.TABLES["tone"]`` (``label`` int -1/0/+1, ``score`` in
        [-1, 1] = P(positive) - P(negative)), then ``p_negative``, ``p_neutral``,
        ``p_positive``. One row per scored mention, in the mentions' order;
        ``start``/``end`` are the mention's offsets in the clean document text;
        ``role`` is ``"target"``, ``"source"`` or ``"present"``
        (:mod:`analytics.sentiment.roles`). A source ("Starmer" in "Starmer accused
        Putin of playing games") is scored on the part of the sentence that portrays
        it (the words before its verb), so its accusation does not count against it;
        :func:`portrayal` keeps the rows that summaries of a leader use.
    """
    from . import classify_targets

    tone_model = _tone_model_argument(tone_model, backend)
    extra = ["p_negative", "p_neutral", "p_positive"]
    cols = schema.TABLES["tone"] + extra
    if mentions is None or len(mentions) == 0 or sentences is None or len(sentences) == 0:
        return schema.conform("tone", pd.DataFrame({c: pd.Series(dtype="object") for c in cols}))
    m = mentions.copy()
    actor = m["actor"]
    keep = actor.notna() & (actor.astype(str).str.strip() != "")
    m = m[keep].reset_index(drop=True)
    if "kind" not in m.columns:
        m["kind"] = ""
    if m.empty:
        return schema.conform("tone", pd.DataFrame({c: pd.Series(dtype="object") for c in cols}))
    m["start"] = m["start"].astype(int)
    m["end"] = m["end"].astype(int)
    loc = _locate(sentences, m)
    ok = loc["s_text"].notna().to_numpy()
    loc = loc[ok].reset_index(drop=True)
    if loc.empty:
        return schema.conform("tone", pd.DataFrame({c: pd.Series(dtype="object") for c in cols}))
    s_start = loc["s_start"].astype(int).to_numpy()
    spans = list(zip(loc["start"].to_numpy() - s_start, loc["end"].to_numpy() - s_start))
    texts = loc["s_text"].astype(str).tolist()
    roles, contexts = _roles(loc, texts, spans)
    # a source is scored on what portrays it: the sentence without its own evaluation
    src = [i for i, r in enumerate(roles) if r == "source"]
    texts_in = list(texts)
    spans_in = list(spans)
    for i in src:
        texts_in[i], spans_in[i] = contexts[i]
    res = classify_targets(texts_in, spans_in, model=model, tone_model=tone_model)
    out = pd.DataFrame({
        "doc_id": loc["doc_id"].to_numpy(),
        "sent_id": loc["sent_id"].to_numpy(),
        "actor": loc["actor"].astype(str).to_numpy(),
        "kind": loc["kind"].to_numpy(),
        "label": res["label"].to_numpy(),
        "score": res["score"].to_numpy(),
        "start": loc["start"].to_numpy(),
        "end": loc["end"].to_numpy(),
        "role": roles,
        "p_negative": res["p_negative"].to_numpy(),
        "p_neutral": res["p_neutral"].to_numpy(),
        "p_positive": res["p_positive"].to_numpy(),
    })
    return schema.conform("tone", out)


def _roles(loc: pd.DataFrame, texts: list, spans: list) -> tuple[list, list]:
    """Role of every located mention (read per sentence, with all its mentions) and,
    for sources, the (text, span) that portrays them (:func:`roles.source_context`)."""
    from .roles import source_context, speech_acts

    roles = ["present"] * len(texts)
    contexts: list = [None] * len(texts)
    keys = list(zip(loc["doc_id"].astype(str), loc["s_start"].astype(int)))
    groups: dict = {}
    for i, k in enumerate(keys):
        groups.setdefault(k, []).append(i)
    for idx in groups.values():
        text = texts[idx[0]]
        found, acts = speech_acts(text, [spans[i] for i in idx])
        first = {}
        for a in acts:
            first.setdefault(a.source, a)
        for j, i in enumerate(idx):
            roles[i] = found[j]
            if found[j] == "source":
                contexts[i] = source_context(text, spans[i], first.get(j))
    return roles, contexts


def portrayal(tone: pd.DataFrame) -> pd.DataFrame:
    """The rows of table ``tone`` that portray their actor: ``role`` target or present.

    Rows where the actor is the source of an evaluation or a statement ("Starmer
    accused Putin": Starmer) say what the actor did, not how the coverage shows them;
    every summary of a leader's tone (``leaders``, ``leader_documents``, the charts and
    the findings) leaves them out. A table without ``role`` is returned as it is.
    """
    if tone is None or "role" not in tone.columns or not len(tone):
        return tone
    keep = tone["role"].astype(str) != "source"
    return tone[keep.to_numpy()].reset_index(drop=True)


def _canonical_order(tone: pd.DataFrame) -> pd.DataFrame:
    """The rows sorted by actor, document and position (then score): sums and means
    over them add the same numbers in the same order whatever the order of ``tone``,
    so the summaries are identical to the last bit."""
    keys = [c for c in ("actor", "doc_id", "sent_id", "start", "end", "kind", "score", "label")
            if c in tone.columns]
    try:
        return tone.sort_values(keys, kind="stable").reset_index(drop=True)
    except TypeError:  # values of mixed types in a key column: keep the given order
        return tone.reset_index(drop=True)


def _shares(lab: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """(n_groups, 3) counts of -1, 0, +1 labels."""
    out = np.zeros((n_groups, 3))
    np.add.at(out, (groups, lab + 1), 1.0)
    return out


def _percentile_boot(score, a_idx, u_idx, na, nu, n_boot, rng, confidence):
    """Percentile interval of each actor's mean under resampling of units (documents).

    One multinomial weight vector over the ``nu`` units per replicate (drawn in chunks
    to bound memory); replicate mean = (units weights @ sums) / (weights @ counts).
    """
    S = sp.csr_matrix((score, (a_idx, u_idx)), shape=(na, nu))  # actors x units, summed
    N = sp.csr_matrix((np.ones_like(score), (a_idx, u_idx)), shape=(na, nu))
    chunk = max(1, min(n_boot, int(1e7 // max(nu, 1))))
    reps = np.empty((n_boot, na))
    done = 0
    while done < n_boot:
        b = min(chunk, n_boot - done)
        draws = rng.integers(0, nu, size=(b, nu), dtype=np.int32)
        Wt = np.empty((b, nu), dtype=np.float64)
        for r in range(b):  # one bincount per replicate (vectorised over units)
            Wt[r] = np.bincount(draws[r], minlength=nu)
        W = np.ascontiguousarray(Wt.T)  # W[u, r] = times unit u is drawn in replicate r
        num = (S @ W).T  # (b, na)
        den = (N @ W).T
        with np.errstate(invalid="ignore", divide="ignore"):
            reps[done:done + b] = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
        done += b
    alpha = (1.0 - confidence) / 2.0
    lo = np.full(na, np.nan)
    hi = np.full(na, np.nan)
    has = (~np.isnan(reps)).any(axis=0)
    if has.any():
        r = reps[:, has]
        if np.isnan(r).any():
            q = np.nanquantile(r, [alpha, 1 - alpha], axis=0)
        else:
            q = np.quantile(r, [alpha, 1 - alpha], axis=0)
        lo[has], hi[has] = q[0], q[1]
    return lo, hi


#: fewest articles behind a leader's interval: below it the interval misses the truth
#: far more often than its nominal level says (``benchmarks/tone/interval_simulation.py``:
#: a nominal 95% article-bootstrap interval contains the true mean 0.49 / 0.75 / 0.86 of
#: the time with 2 / 3 / 4 articles, then levels off at 0.88 to 0.91 from 5 articles on),
#: so a leader in fewer articles gets no interval and is never ranked or compared
MIN_ARTICLES = 5


def leader_summary(tone: pd.DataFrame, *, n_boot: int = 2000, random_state: int = 0,
                   min_mentions: int = 5, min_documents: int = MIN_ARTICLES,
                   confidence: float = 0.95) -> pd.DataFrame:
    """Tone per actor with a document-level (cluster) bootstrap interval (table ``leaders``).

    Parameters
    ----------
    tone : DataFrame
        Table ``tone``; rows with ``role`` ``"source"`` are left out (see
        :func:`portrayal`).
    n_boot : int
        Bootstrap replicates (0: no interval, NaN bounds).
    random_state : int
        Seed: the same input and seed give the same table.
    min_mentions, min_documents : int
        Below either, ``low_evidence`` is True (the mean is shown but should not be
        read as a finding, ranked or compared). Below ``min_documents`` articles
        (default :data:`MIN_ARTICLES`) there is no interval (NaN bounds).
    confidence : float
        Coverage of the percentile interval.

    Returns
    -------
    DataFrame
        ``actor, mentions, documents, tone_mean, tone_ci_low, tone_ci_high,
        share_positive, share_neutral, share_negative, low_evidence``, sorted by
        mentions (desc) then actor.

    Notes
    -----
    ``tone_mean`` is the mean ``score`` over the actor's mentions. The interval
    resamples *documents* with replacement (all documents of the table at once, one
    multinomial weight vector per replicate), recomputes each actor's mention-weighted
    mean as ``(w @ score_sums) / (w @ mention_counts)`` with a documents x actors
    sparse matrix, and takes percentiles; replicates in which none of an actor's
    documents were drawn are ignored for that actor. Resampling whole documents keeps
    the within-article correlation of mentions, so the interval is wider (and honest)
    when a leader's mentions come from few articles. The interval is widened to
    include ``tone_mean`` if the percentile interval happens to miss it. With fewer
    than ``min_documents`` articles an article bootstrap is too optimistic (it cannot
    see how much articles differ), so the bounds are NaN.
    """
    cols = schema.TABLES["leaders"]
    tone = portrayal(tone)
    if tone is None or len(tone) == 0:
        return schema.empty("leaders")
    t = _canonical_order(tone)[["actor", "doc_id", "score", "label"]]
    t = t[t["actor"].notna() & (t["actor"].astype(str) != "")]
    if t.empty:
        return schema.empty("leaders")
    t["score"] = pd.to_numeric(t["score"], errors="coerce").astype(float)
    t = t[t["score"].notna()]
    if t.empty:
        return schema.empty("leaders")
    a_idx, actors = pd.factorize(t["actor"].astype(str), sort=True)
    d_idx, docs = pd.factorize(t["doc_id"].astype(str), sort=True)
    actors = np.asarray(actors, dtype=object)
    na, nd = len(actors), len(docs)
    score = t["score"].to_numpy()
    lab = np.clip(_labels_as_int(t["label"]), -1, 1)

    n_mentions = np.bincount(a_idx, minlength=na).astype(float)
    sums = np.bincount(a_idx, weights=score, minlength=na)
    mean = sums / n_mentions
    shares = _shares(lab, a_idx, na) / n_mentions[:, None]
    pairs = np.unique(a_idx.astype(np.int64) * nd + d_idx)
    n_docs = np.bincount(pairs // nd, minlength=na).astype(int)

    lo = np.full(na, np.nan)
    hi = np.full(na, np.nan)
    if n_boot and n_boot > 0:
        rng = np.random.default_rng(random_state)
        lo, hi = _percentile_boot(score, a_idx, d_idx, na, nd, n_boot, rng, confidence)
        lo = np.minimum(lo, mean)
        hi = np.maximum(hi, mean)
        thin = n_docs < max(int(min_documents), 1)
        lo[thin] = np.nan
        hi[thin] = np.nan
    out = pd.DataFrame({
        "actor": actors,
        "mentions": n_mentions.astype(int),
        "documents": n_docs,
        "tone_mean": mean,
        "tone_ci_low": lo,
        "tone_ci_high": hi,
        "share_positive": shares[:, 2],
        "share_neutral": shares[:, 1],
        "share_negative": shares[:, 0],
        "low_evidence": (n_mentions < min_mentions) | (n_docs < min_documents),
    })
    out["low_evidence"] = out["low_evidence"].astype(bool)
    out = out.sort_values(["mentions", "actor"], ascending=[False, True], kind="mergesort")
    return schema.conform("leaders", out[cols])


#: a document's portrayal of an actor is negative when its ``tone_mean`` is below this
DOCUMENT_NEGATIVE_BELOW = -0.35
#: ... and positive when its ``tone_mean`` is above this (neutral in between)
DOCUMENT_POSITIVE_ABOVE = 0.0


def document_label(tone_mean, share_positive=None, share_negative=None) -> np.ndarray:
    """The portrayal label (-1, 0, +1) of an actor in a document from its mean tone.

    The neutral band is [-0.35, 0.0], not centred on zero: news reports negative
    events, and the tone model reads some of that as negative tone toward the people
    involved, so a document's mean tone toward a person it portrays neutrally sits a
    little below zero. The band was chosen by cross-validation on the author's
    sentiment toward the main person of news articles (PerSenT dev, folds grouped by
    person; ``benchmarks/tone/eval_persent.py``, ``benchmarks/SENTIMENT.md``). A
    document is called positive only when at least one of its mentions is labelled
    positive, and negative only when one is labelled negative, so the label never
    contradicts every mention (two neutral mentions scored +0.2 stay neutral).

    Parameters
    ----------
    tone_mean : array-like of float
        Mean tone of an actor's portrayal mentions in a document.
    share_positive, share_negative : array-like of float, optional
        Shares of those mentions labelled positive / negative (no condition when
        omitted).

    Returns
    -------
    ndarray of int64
        -1 below :data:`DOCUMENT_NEGATIVE_BELOW`, +1 above
        :data:`DOCUMENT_POSITIVE_ABOVE`, 0 otherwise (also for NaN).
    """
    def _num(v) -> np.ndarray:
        return np.asarray(pd.to_numeric(pd.Series(np.atleast_1d(v)), errors="coerce"),
                          dtype=float)

    x = _num(tone_mean)
    pos = x > DOCUMENT_POSITIVE_ABOVE
    neg = x < DOCUMENT_NEGATIVE_BELOW
    if share_positive is not None:
        pos &= _num(share_positive) > 0
    if share_negative is not None:
        neg &= _num(share_negative) > 0
    out = np.zeros(len(x), dtype=np.int64)
    out[pos] = 1
    out[neg] = -1
    return out


def leader_documents(tone: pd.DataFrame) -> pd.DataFrame:
    """Tone per actor and document (table ``leader_documents``), sorted by actor, doc_id.

    Rows where the actor is a ``source`` are left out (:func:`portrayal`). ``label``
    is the document's portrayal of the actor (-1, 0, +1; :func:`document_label`).
    """
    tone = portrayal(tone)
    if tone is None or len(tone) == 0:
        return schema.empty("leader_documents")
    t = _canonical_order(tone)[["actor", "doc_id", "score", "label"]]
    t = t[t["actor"].notna() & (t["actor"].astype(str) != "")]
    if t.empty:
        return schema.empty("leader_documents")
    t["score"] = pd.to_numeric(t["score"], errors="coerce").astype(float)
    lab = np.clip(_labels_as_int(t["label"]), -1, 1)
    t["_pos"] = (lab == 1).astype(float)
    t["_neu"] = (lab == 0).astype(float)
    t["_neg"] = (lab == -1).astype(float)
    g = t.groupby(["actor", "doc_id"], sort=True)
    out = g.agg(mentions=("score", "size"), tone_mean=("score", "mean"),
                share_positive=("_pos", "mean"), share_neutral=("_neu", "mean"),
                share_negative=("_neg", "mean")).reset_index()
    out["mentions"] = out["mentions"].astype(int)
    out["label"] = document_label(out["tone_mean"].to_numpy(), out["share_positive"].to_numpy(),
                                  out["share_negative"].to_numpy())
    return schema.conform("leader_documents", out)


def leader_difference(tone: pd.DataFrame, first: str, second: str, *, n_boot: int = 2000,
                      random_state: int = 0, confidence: float = 0.95) -> dict:
    """Difference of two leaders' mean tone with an article-bootstrap interval.

    Parameters
    ----------
    tone : DataFrame
        Table ``tone`` (``source`` rows are left out, see :func:`portrayal`).
    first, second : str
        The actors compared; the difference is ``first - second``.
    n_boot : int
        Bootstrap replicates.
    random_state : int
        Seed: the same input and seed give the same numbers.
    confidence : float
        Coverage of the percentile interval.

    Returns
    -------
    dict
        ``difference``, ``ci_low``, ``ci_high``, ``articles`` (documents mentioning
        either) and ``excludes_zero`` (True when the whole interval is on one side of
        zero: only then may one be called more negative than the other).

    Notes
    -----
    The articles mentioning either leader are resampled together (one weight vector
    per replicate for both means), so an article that mentions both moves both means,
    as it does in the data.
    """
    t = portrayal(tone)
    nan = {"difference": float("nan"), "ci_low": float("nan"), "ci_high": float("nan"),
           "articles": 0, "excludes_zero": False}
    if t is None or not len(t):
        return nan
    t = _canonical_order(t)
    t = t[t["actor"].astype(str).isin([first, second])]
    sc = pd.to_numeric(t["score"], errors="coerce")
    t = t[sc.notna().to_numpy()]
    is_a = (t["actor"].astype(str) == first).to_numpy()
    if not is_a.any() or is_a.all():
        return nan
    score = pd.to_numeric(t["score"]).to_numpy(dtype=float)
    d_idx, docs = pd.factorize(t["doc_id"].astype(str), sort=True)
    nd = len(docs)
    sa = np.bincount(d_idx, weights=score * is_a, minlength=nd)
    na_ = np.bincount(d_idx, weights=is_a.astype(float), minlength=nd)
    sb = np.bincount(d_idx, weights=score * ~is_a, minlength=nd)
    nb = np.bincount(d_idx, weights=(~is_a).astype(float), minlength=nd)
    diff = sa.sum() / na_.sum() - sb.sum() / nb.sum()
    out = dict(nan, difference=float(diff), articles=int(nd))
    if n_boot <= 0:
        return out
    rng = np.random.default_rng(random_state)
    reps = np.full(n_boot, np.nan)
    for r in range(n_boot):
        w = np.bincount(rng.integers(0, nd, size=nd), minlength=nd).astype(float)
        da, db = w @ na_, w @ nb
        if da > 0 and db > 0:
            reps[r] = (w @ sa) / da - (w @ sb) / db
    reps = reps[~np.isnan(reps)]
    if not len(reps):
        return out
    alpha = (1.0 - confidence) / 2.0
    lo, hi = np.quantile(reps, [alpha, 1.0 - alpha])
    out.update(ci_low=float(min(lo, diff)), ci_high=float(max(hi, diff)),
               excludes_zero=bool(lo > 0 or hi < 0))
    return out
