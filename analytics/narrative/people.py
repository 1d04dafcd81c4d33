"""What the report says about one person: the tables behind a person page.

Every number comes from the analysis tables through the shared definitions of
:mod:`.counts` (mentions in analysed documents, persons only), so a person's page,
the prose and the charts count alike.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable

import pandas as pd

from ..errors import InputError
from ..text.format import present, shorten
from .comentions import pick_comentions
from ..corpus.dates import parse_dates
from .counts import counted_mentions, mention_counts
from .evidence import titles
from .model import table
from .stance import _STANCE_VERB, _stance_evidence, _issue

__all__ = ["PersonProfile", "select_people", "person_slugs", "person_profile",
           "DEFAULT_PEOPLE", "MAX_QUOTES"]

#: People with a page by default: the most mentioned.
DEFAULT_PEOPLE = 12
#: Quotes shown per person.
MAX_QUOTES = 5
_NO_VALUE = "(not given)"
# speaker attributions from most to least direct
_METHOD_RANK = {"name": 0, "description": 1, "continuation": 2, "pronoun": 3}


@dataclass
class PersonProfile:
    """The tables of one person's page (every frame has plain columns, no index).

    Attributes
    ----------
    actor : str
        The person's name as in the tables.
    mentions, documents : int
        Counted mentions and the analysed articles they are in.
    by_month : DataFrame
        ``month, mentions, articles``: every month from the first to the last dated
        article mentioning the person, in order (zero where none does).
    undated : int
        Counted mentions in articles without a date.
    by_outlet : DataFrame
        ``outlet, mentions, articles`` (most mentions first; no outlet: "(not given)").
    tone : dict or None
        The person's row of ``leaders`` (None when the person has no tone row).
    comentions : DataFrame
        ``person, together``: co-mentions, most first.
    unit : str or None
        What ``together`` counts (``sentence`` when the table has that level).
    relations : DataFrame
        ``direction, person, polarity, articles, sentences, evidence, title``.
    quotes : DataFrame
        ``quote, title, kind, speaker_method``: at most :data:`MAX_QUOTES`.
    n_quotes : int
        All quotes attributed to the person.
    stances : list of dict
        ``issue, stance, verb, n_evidence, evidence`` (a list of Evidence).
    """

    actor: str
    mentions: int
    documents: int
    by_month: pd.DataFrame
    undated: int
    by_outlet: pd.DataFrame
    tone: dict | None
    comentions: pd.DataFrame
    unit: str | None
    relations: pd.DataFrame
    quotes: pd.DataFrame
    n_quotes: int
    stances: list[dict] = field(default_factory=list)


def select_people(analysis: Any, n: int = DEFAULT_PEOPLE,
                  extra: Iterable[str] | None = None) -> list[str]:
    """The people who get a page: the ``n`` most mentioned, then those in ``extra``.

    Parameters
    ----------
    analysis : Analysis
        The analysis.
    n : int
        How many of the most mentioned people (:func:`.counts.mention_counts` order).
    extra : iterable of str, optional
        More people, by name (case-insensitive; as in the ``mentions`` table).

    Returns
    -------
    list of str

    Raises
    ------
    InputError
        When a name in ``extra`` is not a person with a counted mention.
    """
    counts = mention_counts(analysis)
    names = [str(a) for a in counts.index]
    out = names[:max(int(n), 0)]
    lower = {a.lower(): a for a in names}
    for name in extra or ():
        key = " ".join(str(name).split()).lower()
        if key not in lower:
            close = [a for a in names if key and key in a.lower()][:5]
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise InputError(f"no person of that name is mentioned in the analysed "
                             f"documents{hint}; give a name as written in the mentions "
                             f"table", str(name))
        if lower[key] not in out:
            out.append(lower[key])
    return out


def person_slugs(names: Iterable[str], prefix: str = "person-") -> dict[str, str]:
    """Name -> a safe, unique file stem (``person-keir-starmer``).

    Only ``a-z``, ``0-9`` and ``-`` survive (accents are folded, anything else becomes a
    dash), so no name can make a path; clashes get ``-2``, ``-3``...
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        ascii_ = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
        base = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:60].strip("-")
        base = prefix + (base or "unnamed")
        slug, k = base, 2
        while slug in used:
            slug, k = f"{base}-{k}", k + 1
        used.add(slug)
        out[name] = slug
    return out


def _by(m: pd.DataFrame, key: str) -> pd.DataFrame:
    g = m.groupby(key, sort=False).agg(mentions=("doc_id", "size"),
                                       articles=("doc_id", "nunique")).reset_index()
    return g


def person_profile(analysis: Any, actor: str) -> PersonProfile:
    """Everything a person's page shows, computed from the tables.

    Parameters
    ----------
    analysis : Analysis
        The analysis.
    actor : str
        The person (as in the ``mentions`` table).

    Returns
    -------
    PersonProfile
    """
    m = counted_mentions(analysis)
    m = m[m["actor"].astype(str) == actor] if len(m) else m
    docs = table(analysis, "documents")
    meta = docs[["doc_id", "date", "outlet"]].drop_duplicates("doc_id")
    md = m[["doc_id"]].merge(meta, on="doc_id", how="left")
    dates = parse_dates(md["date"].where(md["date"].map(present)))
    md["month"] = dates.dt.strftime("%Y-%m")
    dated = md[md["month"].notna()]
    by_month = pd.DataFrame(columns=["month", "mentions", "articles"])
    if len(dated):
        # every month from the first to the last, so a gap shows as zero
        months = pd.period_range(min(dated["month"]), max(dated["month"]), freq="M")
        by_month = (_by(dated, "month").set_index("month")
                    .reindex([str(mo) for mo in months], fill_value=0)
                    .rename_axis("month").reset_index())
    md["outlet"] = md["outlet"].where(md["outlet"].map(present), _NO_VALUE).astype(str)
    by_outlet = (_by(md, "outlet").sort_values(["mentions", "outlet"], ascending=[False, True],
                                               kind="stable").reset_index(drop=True)
                 if len(md) else pd.DataFrame(columns=["outlet", "mentions", "articles"]))
    ld = table(analysis, "leaders")
    row = ld[ld["actor"].astype(str) == actor]
    tone = row.iloc[0].to_dict() if len(row) else None
    partners, unit = _partners(analysis, actor)
    quotes, n_quotes = _quotes(analysis, actor)
    return PersonProfile(
        actor=actor, mentions=len(m), documents=int(m["doc_id"].nunique()) if len(m) else 0,
        by_month=by_month, undated=int(len(md) - len(dated)), by_outlet=by_outlet,
        tone=tone, comentions=partners, unit=unit, relations=_relations(analysis, actor),
        quotes=quotes, n_quotes=n_quotes, stances=_stances(analysis, actor))


def _partners(analysis: Any, actor: str, limit: int = 10) -> tuple[pd.DataFrame, str | None]:
    """Who the person is named with (finest level of ``comentions``), most first."""
    sub, level, _ = pick_comentions(analysis)
    cols = ["person", "together"]
    if sub.empty:
        return pd.DataFrame(columns=cols), level
    rows = sub[(sub["source"].astype(str) == actor) | (sub["target"].astype(str) == actor)]
    out = pd.DataFrame({
        "person": [str(t if str(s) == actor else s)
                   for s, t in zip(rows["source"], rows["target"])],
        "together": rows["_n"].astype(int).to_list()}, columns=cols)
    out = out.sort_values(["together", "person"], ascending=[False, True], kind="stable")
    return out.head(limit).reset_index(drop=True), level


def _relations(analysis: Any, actor: str) -> pd.DataFrame:
    """Who the person criticises / praises and who criticises / praises them."""
    cols = ["direction", "person", "polarity", "articles", "sentences", "evidence", "title"]
    rel = table(analysis, "relations")
    if rel.empty:
        return pd.DataFrame(columns=cols)
    rel = rel.copy()
    for c in ("polarity", "n_documents", "n_sentences"):
        rel[c] = pd.to_numeric(rel[c], errors="coerce")
    rel = rel.dropna(subset=["polarity", "n_documents", "n_sentences"])
    rows = []
    for _, r in rel.iterrows():
        src, tgt = str(r["source"]), str(r["target"])
        if actor not in (src, tgt) or src == tgt or r["polarity"] == 0:
            continue
        outgoing = src == actor
        ev = str(r.get("evidence") or "").split(" | ")[0] if present(r.get("evidence")) else ""
        doc = str(r.get("evidence_doc_ids") or "").split(" | ")[0] \
            if present(r.get("evidence_doc_ids")) else ""
        rows.append({"direction": "out" if outgoing else "in",
                     "person": tgt if outgoing else src,
                     "polarity": int(1 if r["polarity"] > 0 else -1),
                     "articles": int(r["n_documents"]), "sentences": int(r["n_sentences"]),
                     "evidence": shorten(ev) if ev else "",
                     "title": titles(analysis).get(doc, "") if doc else ""})
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["direction", "polarity", "articles", "sentences", "person"],
                           ascending=[False, True, False, False, True],
                           kind="stable").reset_index(drop=True)


def _quotes(analysis: Any, actor: str) -> tuple[pd.DataFrame, int]:
    """The person's top quotes: direct before partial, attributed by name first,
    longer first (one per sentence), with the article's title."""
    cols = ["quote", "title", "kind", "speaker_method"]
    q = table(analysis, "quotes")
    if q.empty:
        return pd.DataFrame(columns=cols), 0
    q = q[(q["speaker"].astype(str) == actor) & q["quote"].map(present)]
    q = q[q["doc_id"].isin(set(counted_mentions(analysis)["doc_id"]))] \
        if len(counted_mentions(analysis)) else q.iloc[0:0]
    n = len(q)
    if not n:
        return pd.DataFrame(columns=cols), 0
    q = q.copy()
    q["_m"] = q["speaker_method"].astype(str).map(_METHOD_RANK).fillna(9)
    q["_k"] = (q["kind"].astype(str) != "direct").astype(int)
    q["_len"] = -q["quote"].astype(str).str.len().clip(upper=400)
    q = q.sort_values(["_k", "_m", "_len", "doc_id", "sent_id"], kind="stable")
    q = q.drop_duplicates(["doc_id", "sent_id"]).head(MAX_QUOTES)
    out = pd.DataFrame({"quote": q["quote"].map(shorten).to_list(),
                        "title": [titles(analysis).get(d, "") for d in q["doc_id"]],
                        "kind": q["kind"].astype(str).to_list(),
                        "speaker_method": q["speaker_method"].astype(str).to_list()},
                       columns=cols)
    return out, n


def _stances(analysis: Any, actor: str) -> list[dict]:
    """The person's stances, most evidence first, each with up to two sentences."""
    st = table(analysis, "stance")
    if st.empty:
        return []
    s = st[st["actor"].astype(str) == actor].copy()
    s["_n"] = pd.to_numeric(s["n_evidence"], errors="coerce").fillna(0).astype(int)
    s = s.sort_values(["_n", "issue"], ascending=[False, True], kind="stable")
    ev_tab = table(analysis, "stance_evidence")
    out = []
    for _, r in s.iterrows():
        label = str(r["stance"]).strip().lower()
        out.append({"issue": _issue(analysis, r["issue"]), "stance": label,
                    "verb": _STANCE_VERB.get(label, f"is {label} on"),
                    "n_evidence": int(r["_n"]),
                    "evidence": _stance_evidence(analysis, ev_tab, actor, r["issue"], label,
                                                 r.get("evidence"))})
    return out
