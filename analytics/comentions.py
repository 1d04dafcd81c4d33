"""Actor co-mentions: which actors are named together, at three levels of context.

Units
-----
``level="sentence"`` counts sentences (doc_id, sent_id), ``"paragraph"``
paragraphs (doc_id, para_id), ``"document"`` documents. An actor "occurs" in a
unit when the unit has at least one counted mention of it; several mentions in
one unit count once.

Which mentions count
--------------------
By default only resolved mentions with a non-empty actor whose kind is ``name``,
``alias``, ``role`` or ``discovered``. Unresolved roles never count (they name no
actor); pronoun mentions count only with ``include_pronouns=True`` (they depend
on a heuristic resolution and would repeat the same actor within a unit anyway).

Measures
--------
With ``n_a`` the number of units where actor *a* occurs, ``n_ab`` where *a* and
*b* co-occur and ``N`` the number of units considered (units with at least one
counted mention, or ``n_units`` when given):

* ``count``: ``n_ab``; the diagonal holds ``n_a``.
* ``jaccard``: ``n_ab / (n_a + n_b - n_ab)``; diagonal 1.
* ``npmi``: normalised pointwise mutual information
  ``log(p_ab / (p_a p_b)) / -log(p_ab)`` with ``p = n / N``; -1 when the pair never
  co-occurs, 1 when the two always occur together; diagonal 1.

``min_count`` drops actors occurring in fewer than ``min_count`` units and pairs
co-occurring in fewer than ``min_count`` units (their cell is 0 for count and
jaccard, -1 for npmi; they have no edge).
"""

from __future__ import annotations

from pathlib import Path
import numpy as np
import pandas as pd

from analytics.schema import conform, empty

__all__ = [
    "LEVELS",
    "MEASURES",
    "counted_mentions",
    "comention_matrix",
    "comention_edges",
    "comention_table",
    "to_networkx",
    "write_graph",
]

LEVELS: tuple[str, ...] = ("sentence", "paragraph", "document")
MEASURES: tuple[str, ...] = ("count", "jaccard", "npmi")
_DEFAULT_KINDS = ("name", "alias", "role", "discovered")


def _check(level: str, measure: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, got {measure!r}")


def counted_mentions(mentions: pd.DataFrame, *, include_pronouns: bool = False) -> pd.DataFrame:
    """The mentions that co-mention measures count (see module docstring)."""
    if mentions is None or len(mentions) == 0:
        return empty("mentions")
    kinds = set(_DEFAULT_KINDS) | ({"pronoun"} if include_pronouns else set())
    m = mentions
    keep = m["kind"].isin(kinds) & m["actor"].astype(str).ne("")
    if "resolved" in m.columns:
        keep &= m["resolved"].astype(bool)
    return m[keep]


def _incidence(mentions: pd.DataFrame, level: str, include_pronouns: bool):
    """Unit x actor 0/1 matrix (scipy sparse), actor names, number of units."""
    from scipy import sparse

    m = counted_mentions(mentions, include_pronouns=include_pronouns)
    if len(m) == 0:
        return sparse.csr_matrix((0, 0)), [], 0
    if level == "sentence":
        keys = list(zip(m["doc_id"], m["sent_id"]))
    elif level == "paragraph":
        keys = list(zip(m["doc_id"], m["para_id"]))
    else:
        keys = list(m["doc_id"])
    unit_codes, _ = pd.factorize(pd.Series(keys, dtype=object))
    actors = sorted(set(m["actor"].astype(str)))
    amap = {a: i for i, a in enumerate(actors)}
    acodes = np.fromiter((amap[a] for a in m["actor"].astype(str)), dtype=np.int64, count=len(m))
    n_units = int(unit_codes.max()) + 1
    x = sparse.coo_matrix(
        (np.ones(len(m), dtype=np.int64), (unit_codes, acodes)), shape=(n_units, len(actors))
    ).tocsr()
    x.sum_duplicates()
    x.data[:] = 1  # several mentions in one unit count once
    return x, actors, n_units


def _cooc(mentions, level, include_pronouns):
    x, actors, n = _incidence(mentions, level, include_pronouns)
    if not actors:
        return np.zeros((0, 0), dtype=np.int64), [], 0
    co = (x.T @ x).toarray().astype(np.int64)
    return co, actors, n


def _measure(co: np.ndarray, n_units: int, measure: str, min_count: int) -> np.ndarray:
    diag = np.diag(co).astype(float)
    low = co < min_count
    if measure == "count":
        out = co.astype(float)
        out[low] = 0
        np.fill_diagonal(out, diag)
        return out
    if measure == "jaccard":
        union = diag[:, None] + diag[None, :] - co
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(union > 0, co / union, 0.0)
        out[low] = 0.0
        np.fill_diagonal(out, 1.0)
        return out
    # npmi
    n = float(max(n_units, 1))
    p_ab = co / n
    p_a = diag / n
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(p_ab / (p_a[:, None] * p_a[None, :]))
        denom = -np.log(p_ab)
        out = np.where(denom > 0, pmi / denom, 1.0)
    out = np.where(co > 0, out, -1.0)
    out = np.clip(out, -1.0, 1.0)
    out[low] = -1.0
    np.fill_diagonal(out, 1.0)
    return out


def comention_matrix(
    mentions: pd.DataFrame,
    level: str = "sentence",
    measure: str = "count",
    min_count: int = 1,
    *,
    include_pronouns: bool = False,
    n_units: int | None = None,
) -> pd.DataFrame:
    """Symmetric actor x actor co-mention matrix.

    Parameters
    ----------
    mentions : pandas.DataFrame
        The ``mentions`` table.
    level : {"sentence", "paragraph", "document"}
        Unit of co-occurrence.
    measure : {"count", "jaccard", "npmi"}
        See the module docstring; the diagonal is ``n_a`` for count, 1 otherwise.
    min_count : int, default 1
        Minimum number of units for an actor to be listed and for a pair to get a
        non-null value.
    include_pronouns : bool, default False
        Count pronoun mentions too.
    n_units : int, optional
        Total number of units for npmi (e.g. ``len(sentences)``); default: units
        with at least one counted mention.

    Returns
    -------
    pandas.DataFrame
        Square, symmetric, indexed and columned by actor (sorted by name).
    """
    _check(level, measure)
    co, actors, n = _cooc(mentions, level, include_pronouns)
    if not actors:
        return pd.DataFrame(dtype=float)
    keep = np.diag(co) >= min_count
    co = co[np.ix_(keep, keep)]
    actors = [a for a, k in zip(actors, keep) if k]
    vals = _measure(co, n_units or n, measure, min_count)
    df = pd.DataFrame(vals, index=pd.Index(actors, name="actor"), columns=pd.Index(actors, name="actor"))
    if measure == "count":
        df = df.astype("int64")
    return df


def comention_edges(
    mentions: pd.DataFrame,
    level: str = "sentence",
    measure: str = "count",
    min_count: int = 1,
    *,
    include_pronouns: bool = False,
    n_units: int | None = None,
) -> pd.DataFrame:
    """Co-mention edges as a tidy table.

    Parameters
    ----------
    mentions, level, measure, min_count, include_pronouns, n_units
        As in :func:`comention_matrix`.

    Returns
    -------
    pandas.DataFrame
        Columns of ``TABLES["comentions"]``: source, target (``source < target``),
        weight (the measure), n_units (units where both occur), level, measure.
        One row per pair co-occurring in at least ``max(min_count, 1)`` units,
        sorted by weight (descending), then source, target.
    """
    _check(level, measure)
    co, actors, n = _cooc(mentions, level, include_pronouns)
    if not actors:
        return empty("comentions")
    keep = np.diag(co) >= min_count
    co = co[np.ix_(keep, keep)]
    actors = [a for a, k in zip(actors, keep) if k]
    vals = _measure(co, n_units or n, measure, min_count)
    iu, ju = np.triu_indices(len(actors), k=1)
    sel = co[iu, ju] >= max(min_count, 1)
    iu, ju = iu[sel], ju[sel]
    df = pd.DataFrame({
        "source": [actors[i] for i in iu],
        "target": [actors[j] for j in ju],
        "weight": vals[iu, ju].astype(float),
        "n_units": co[iu, ju].astype("int64"),
        "level": level,
        "measure": measure,
    })
    if measure == "count":
        df["weight"] = df["n_units"].astype(float)
    df = df.sort_values(["weight", "source", "target"], ascending=[False, True, True], kind="stable")
    return conform("comentions", df)


def comention_table(
    mentions: pd.DataFrame,
    measure: str = "count",
    min_count: int = 1,
    *,
    include_pronouns: bool = False,
) -> pd.DataFrame:
    """Edges of the three levels (sentence, paragraph, document) concatenated.

    This is the ``comentions`` table of an Analysis.
    """
    parts = [comention_edges(mentions, lv, measure, min_count, include_pronouns=include_pronouns)
             for lv in LEVELS]
    parts = [p for p in parts if len(p)]
    if not parts:
        return empty("comentions")
    return conform("comentions", pd.concat(parts, ignore_index=True))


def to_networkx(
    mentions_or_edges: pd.DataFrame,
    level: str = "sentence",
    measure: str = "count",
    min_count: int = 1,
    *,
    include_pronouns: bool = False,
):
    """A :class:`networkx.Graph` of co-mentions.

    Parameters
    ----------
    mentions_or_edges : pandas.DataFrame
        Either the ``mentions`` table (edges are computed with ``level``,
        ``measure``, ``min_count``) or an edges/``comentions`` table (rows of
        ``level``/``measure`` are used when those columns hold several values).

    Returns
    -------
    networkx.Graph
        Node attribute ``mentions``: number of counted mentions of the actor
        (from a mentions table) or, from an edges table, the largest ``n_units``
        of its edges (a lower bound). Edge attributes ``weight`` and
        ``n_units``. Graph attributes ``level`` and ``measure``.
    """
    import networkx as nx

    df = mentions_or_edges
    g = nx.Graph(level=level, measure=measure)
    if df is not None and "source" in df.columns:
        edges = df
        if "level" in edges.columns and edges["level"].nunique() > 1:
            edges = edges[edges["level"] == level]
        if "measure" in edges.columns and edges["measure"].nunique() > 1:
            edges = edges[edges["measure"] == measure]
        node_m: dict[str, int] = {}
        for s, t, n in zip(edges["source"], edges["target"], edges["n_units"]):
            node_m[s] = max(node_m.get(s, 0), int(n))
            node_m[t] = max(node_m.get(t, 0), int(n))
        for a in sorted(node_m):
            g.add_node(a, mentions=int(node_m[a]))
    else:
        counted = counted_mentions(df, include_pronouns=include_pronouns) if df is not None else empty("mentions")
        counts = counted.groupby("actor").size() if len(counted) else pd.Series(dtype=int)
        co, actors, _ = _cooc(df, level, include_pronouns) if len(counted) else (None, [], 0)
        keep = set(a for a, k in zip(actors, np.diag(co) >= min_count) if k) if actors else set()
        for a in sorted(keep):
            g.add_node(a, mentions=int(counts.get(a, 0)))
        edges = comention_edges(df, level, measure, min_count, include_pronouns=include_pronouns)
    for s, t, w, n in zip(edges["source"], edges["target"], edges["weight"], edges["n_units"]):
        g.add_edge(s, t, weight=float(w), n_units=int(n))
    return g


def write_graph(graph, path: str | Path) -> Path:
    """Write a graph to GraphML (``.graphml``) or GEXF (``.gexf``), by extension.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    import networkx as nx

    p = Path(path)
    ext = p.suffix.lower()
    if ext == ".graphml":
        nx.write_graphml(graph, p)
    elif ext == ".gexf":
        nx.write_gexf(graph, p)
    else:
        raise ValueError(f"unknown graph format {ext!r}: use a .graphml or .gexf file name")
    return p
