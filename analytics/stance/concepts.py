"""Concepts and the actor x concept agreement network (discourse network analysis).

The claims of :func:`~analytics.stance.claims.claims_table` name what each actor supports
or opposes in the corpus's own words ("the ID cards bill", "identity cards", "the ID card
scheme"). Here they are grouped into **concepts**:

1. each object phrase is reduced to its *key terms*: words lower-cased, plurals made
   singular ("cards" -> "card"), variants mapped to one term ("ID" -> "identity"),
   function words and the generic nouns that name the vehicle of a policy rather than
   its content ("bill", "scheme", "plans", "law") dropped (word lists in
   ``analytics/lang/en/stance_concepts.yaml``);
2. phrases are taken by number of claims (then alphabetically); each joins the first
   concept whose founding key terms it shares fully (one set holds the other: "asylum
   quota" and "quotas for asylum seekers") or by at least half (Jaccard >= 0.5), else it
   founds a new concept. A phrase with no key term ("the plans") founds its own concept;
3. a concept's ``label`` is its most frequent phrase (fewest words, shortest, then
   alphabetical, on ties).

The **network** (the discourse-network view): an actor's *position* on a concept is the
sign of the sum of the polarities of its claims on it (0: ambivalent). Edges are

* ``position``: actor -> concept, signed by the position (ambivalent actors get an edge
  with polarity 0);
* ``agreement``: actor -- actor, when both take the same (non-zero) position on a
  concept (polarity +1), one edge per concept;
* ``conflict``: actor -- actor, when they take opposite positions (polarity -1).

:func:`concept_graph` makes a :class:`networkx.MultiGraph` of it and
:func:`write_concept_network` writes it as GraphML or GEXF (through
:func:`analytics.comentions.write_graph`). All output is sorted and deterministic.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..lang import en
from ..schema import conform, empty

__all__ = ["concept_graph", "concept_tables", "key_terms", "write_concept_network"]

_WORD_RE = re.compile(r"[a-z0-9][a-z0-9'\-]*")
_NEEDED = ("actor", "object", "polarity", "doc_id")


@lru_cache(maxsize=1)
def _data() -> tuple[frozenset[str], frozenset[str], dict[str, str]]:
    t = en.table("stance_concepts")
    return (frozenset(str(w) for w in t.get("generic_heads") or []),
            frozenset(str(w) for w in t.get("stopwords") or []),
            {str(k): str(v) for k, v in (t.get("variants") or {}).items()})


def _singular(w: str) -> str:
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s")):
        return w[:-1]
    return w


def key_terms(phrase: str) -> tuple[str, ...]:
    """The key terms of an object phrase, in text order without repeats.

    Parameters
    ----------
    phrase : str
        An object phrase ("the ID cards bill").

    Returns
    -------
    tuple of str
        Singular, variant-mapped content words without generic policy nouns
        (``("identity", "card")``); empty when nothing is left ("the plans").
    """
    generic, stop, variants = _data()
    out: list[str] = []
    for w in _WORD_RE.findall(str(phrase).lower()):
        w = w.removesuffix("'s").removesuffix("'")
        if not w or w in stop or w in generic:
            continue
        w = variants.get(w, w)
        s = _singular(w)
        if s in generic:
            continue
        s = variants.get(s, s)
        if s not in out:
            out.append(s)
    return tuple(out)


def _joins(terms: frozenset[str], core: frozenset[str]) -> bool:
    if not terms or not core:
        return False
    if terms <= core or core <= terms:
        return True
    return len(terms & core) / len(terms | core) >= 0.5


def _check(claims: pd.DataFrame) -> None:
    if not isinstance(claims, pd.DataFrame):
        raise InputError("concept_tables needs the claims table (a DataFrame from "
                         "analytics.stance.claims_table)", "claims")
    missing = [c for c in _NEEDED if c not in claims.columns]
    if missing:
        raise InputError(f"the claims table lacks the columns {missing}: pass the table "
                         "analytics.stance.claims_table returns", "claims")
    pol = pd.to_numeric(claims["polarity"], errors="coerce")
    bad = claims.index[pol.isna() | ~pol.isin([-1, 1])]
    if len(bad):
        raise InputError(f"claims row {bad[0]}: polarity must be 1 or -1, got "
                         f"{claims.loc[bad[0], 'polarity']!r}", "claims")


def concept_tables(claims: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Group claims into concepts and build the actor x concept network.

    Parameters
    ----------
    claims : pandas.DataFrame
        The claims table (:func:`analytics.stance.claims_table`; at least ``actor``,
        ``object``, ``polarity`` and ``doc_id``).

    Returns
    -------
    dict of str to pandas.DataFrame
        ``concepts`` (``analytics.schema.DERIVED_TABLES["concepts"]``: concept, label,
        terms, phrases, actors, n_claims, support, oppose, n_documents; concepts
        numbered from 1 by number of claims, then label), ``concept_network``
        (``DERIVED_TABLES["concept_network"]``: source, target, kind, concept,
        polarity, weight, n_documents; see the module docstring) and
        ``claim_concepts`` (the claims with a ``concept`` column added, same rows and
        order).

    Raises
    ------
    analytics.errors.InputError
        When ``claims`` is not a claims table or a polarity is not 1 or -1 (the
        message names the row).
    """
    _check(claims)
    if not len(claims):
        return {"concepts": empty("concepts"), "concept_network": empty("concept_network"),
                "claim_concepts": claims.assign(concept=pd.Series(dtype="int64"))}
    phrases = claims["object"].astype(str).str.strip()
    counts = phrases.value_counts()
    order = sorted(counts.index, key=lambda p: (-int(counts[p]), p))
    cores: list[frozenset[str]] = []
    of_phrase: dict[str, int] = {}
    for p in order:
        terms = frozenset(key_terms(p))
        for i, core in enumerate(cores):
            if _joins(terms, core):
                of_phrase[p] = i
                break
        else:
            of_phrase[p] = len(cores)
            cores.append(terms)
    raw = phrases.map(of_phrase)
    df = claims.assign(_c=raw.to_numpy(), _p=phrases.to_numpy(),
                       polarity=pd.to_numeric(claims["polarity"]).astype(int).to_numpy())
    rows = []
    for c, g in df.groupby("_c", sort=True):
        pc = g["_p"].value_counts()
        label = sorted(pc.index, key=lambda p: (-int(pc[p]), len(p.split()), len(p), p))[0]
        terms = [t for p in sorted(pc.index, key=lambda p: (-int(pc[p]), p))
                 for t in key_terms(p)]
        rows.append({"_c": c, "label": label,
                     "terms": "; ".join(dict.fromkeys(terms)),
                     "phrases": "; ".join(sorted(pc.index, key=lambda p: (-int(pc[p]), p))),
                     "actors": "; ".join(sorted(g["actor"].astype(str).unique())),
                     "n_claims": int(len(g)), "support": int((g["polarity"] > 0).sum()),
                     "oppose": int((g["polarity"] < 0).sum()),
                     "n_documents": int(g["doc_id"].astype(str).nunique())})
    concepts = pd.DataFrame(rows).sort_values(["n_claims", "label"], ascending=[False, True],
                                              kind="stable")
    number = {c: i for i, c in enumerate(concepts["_c"], start=1)}
    concepts.insert(0, "concept", concepts["_c"].map(number).astype("int64"))
    concepts = conform("concepts", concepts.drop(columns="_c"))
    df["concept"] = df["_c"].map(number).astype("int64")
    network = _network(df)
    out_claims = claims.assign(concept=df["concept"].to_numpy())
    return {"concepts": concepts, "concept_network": network, "claim_concepts": out_claims}


def _network(df: pd.DataFrame) -> pd.DataFrame:
    pos = (df.groupby(["actor", "concept"], sort=True)
           .agg(net=("polarity", "sum"), n=("polarity", "size"),
                docs=("doc_id", lambda s: frozenset(s.astype(str)))).reset_index())
    rows = []
    for r in pos.itertuples(index=False):
        sign = (r.net > 0) - (r.net < 0)
        rows.append({"source": str(r.actor), "target": f"concept {r.concept}",
                     "kind": "position", "concept": int(r.concept), "polarity": int(sign),
                     "weight": int(r.n), "n_documents": len(r.docs)})
    for c, g in pos.groupby("concept", sort=True):
        items = [(str(a), (n > 0) - (n < 0), d) for a, n, d in
                 zip(g["actor"], g["net"], g["docs"])]
        items = [t for t in items if t[1] != 0]
        for i, (a, sa, da) in enumerate(items):
            for b, sb, db in items[i + 1:]:
                rows.append({"source": min(a, b), "target": max(a, b),
                             "kind": "agreement" if sa == sb else "conflict",
                             "concept": int(c), "polarity": 1 if sa == sb else -1,
                             "weight": 1, "n_documents": len(da | db)})
    if not rows:
        return empty("concept_network")
    out = pd.DataFrame(rows)
    kind_order = out["kind"].map({"position": 0, "agreement": 1, "conflict": 2})
    out = out.assign(_k=kind_order).sort_values(["_k", "concept", "source", "target"],
                                                kind="stable").drop(columns="_k")
    return conform("concept_network", out)


def concept_graph(concepts: pd.DataFrame, network: pd.DataFrame):
    """The actor x concept network as a :class:`networkx.MultiGraph`.

    Parameters
    ----------
    concepts, network : pandas.DataFrame
        The ``concepts`` and ``concept_network`` tables of :func:`concept_tables`.

    Returns
    -------
    networkx.MultiGraph
        Actor nodes (attribute ``kind`` = "actor", ``label``) and concept nodes (named
        "concept <n>", ``kind`` = "concept", ``label``, ``n_claims``, ``support``,
        ``oppose``); one edge per row of ``network`` with attributes ``kind``,
        ``concept``, ``polarity``, ``weight``, ``n_documents`` and ``sign``
        ("positive", "negative" or "neutral").
    """
    import networkx as nx

    g = nx.MultiGraph()
    for r in concepts.sort_values("concept", kind="stable").itertuples(index=False):
        g.add_node(f"concept {int(r.concept)}", kind="concept", label=str(r.label),
                   n_claims=int(r.n_claims), support=int(r.support), oppose=int(r.oppose))
    if network is None or not len(network):
        return g
    actors = sorted(set(network.loc[network["kind"] == "position", "source"].astype(str)))
    for a in actors:
        g.add_node(a, kind="actor", label=a)
    for r in network.itertuples(index=False):
        pol = int(r.polarity)
        g.add_edge(str(r.source), str(r.target), kind=str(r.kind), concept=int(r.concept),
                   polarity=pol, weight=int(r.weight), n_documents=int(r.n_documents),
                   sign="positive" if pol > 0 else "negative" if pol < 0 else "neutral")
    return g


def write_concept_network(concepts: pd.DataFrame, network: pd.DataFrame, path) -> Path:
    """Write the actor x concept network as GraphML (``.graphml``) or GEXF (``.gexf``).

    Parameters
    ----------
    concepts, network : pandas.DataFrame
        The ``concepts`` and ``concept_network`` tables of :func:`concept_tables`.
    path : path-like
        The file written; its suffix chooses the format.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    analytics.errors.InputError
        For another suffix.
    """
    from ..comentions import write_graph

    p = Path(path)
    if p.suffix.lower() not in (".graphml", ".gexf"):
        raise InputError(f"cannot write the concept network as {p.suffix!r}: use a "
                         ".graphml or .gexf file name", str(p))
    return write_graph(concept_graph(concepts, network), p)
