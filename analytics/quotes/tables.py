"""Who is quoted: per-person quote counts and who is quoted about whom.

Both functions read the ``quotes`` table (and the ``documents`` or ``mentions`` table)
and return tidy DataFrames; they are reductions a report or notebook calls on a saved
analysis, not pipeline stages.

* :func:`quote_counts`: one row per (speaker, outlet): how often each person is quoted.
* :func:`quoted_about`: one row per (speaker, about): quotations whose words mention
  another actor ("who is quoted about whom").

Only quotations with a known speaker count (``speaker != ""``); offices and
spokespeople count under the office they speak for (``speaker_kind == "office"``).
"""

from __future__ import annotations

import pandas as pd

from ..errors import InputError

__all__ = ["QUOTE_COUNT_COLUMNS", "QUOTED_ABOUT_COLUMNS", "quote_counts", "quoted_about"]

#: Columns of :func:`quote_counts`.
QUOTE_COUNT_COLUMNS = ["speaker", "outlet", "quotes", "direct", "documents", "share",
                       "by_name", "by_pronoun", "by_description", "by_continuation"]

#: Columns of :func:`quoted_about`.
QUOTED_ABOUT_COLUMNS = ["speaker", "about", "quotes", "documents", "example_doc_id",
                        "example"]


def _need(df: pd.DataFrame | None, name: str, cols: list[str]) -> pd.DataFrame:
    if df is None or not isinstance(df, pd.DataFrame):
        raise InputError(f"the {name} table is needed (a pandas DataFrame)", name)
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise InputError(f"the {name} table lacks the columns {missing}; pass the "
                         f"'{name}' table of an analysis", name)
    return df


def quote_counts(quotes: pd.DataFrame, documents: pd.DataFrame | None = None, *,
                 kind: str | None = None) -> pd.DataFrame:
    """How often each person is quoted, by outlet.

    Parameters
    ----------
    quotes : pandas.DataFrame
        The ``quotes`` table.
    documents : pandas.DataFrame, optional
        The ``documents`` table, for the ``outlet`` of each quotation; without it (or
        without an ``outlet`` column) every quotation counts under outlet ``""``.
    kind : {"direct", "partial"}, optional
        Count only quotations of this kind; all by default.

    Returns
    -------
    pandas.DataFrame
        One row per (speaker, outlet), plus one per speaker with outlet ``"(all)"``:

        - ``speaker``: the person (or office) quoted;
        - ``outlet``: the outlet, ``"(all)"`` for the total over outlets;
        - ``quotes``: quotations attributed to the speaker;
        - ``direct``: of which direct quotations;
        - ``documents``: documents in which the speaker is quoted;
        - ``share``: the speaker's share of the attributed quotations of the outlet;
        - ``by_name``, ``by_pronoun``, ``by_description``, ``by_continuation``: how
          the speaker was found (``speaker_method``), so that a reader can keep only
          the most certain attributions.

        Sorted by outlet (``"(all)"`` first), then by ``quotes`` (descending) and
        ``speaker``.

    Raises
    ------
    InputError
        When ``quotes`` lacks ``doc_id``, ``speaker`` or ``kind``, or ``kind`` is not
        ``"direct"``, ``"partial"`` or ``None``.
    """
    q = _need(quotes, "quotes", ["doc_id", "speaker", "kind"])
    if kind not in (None, "direct", "partial"):
        raise InputError(f"kind must be 'direct', 'partial' or None, not {kind!r}", "kind")
    q = q[q["speaker"].fillna("").astype(str) != ""]
    if kind is not None:
        q = q[q["kind"] == kind]
    outlet = pd.Series("", index=q.index, dtype=object)
    if documents is not None and "outlet" in documents.columns and "doc_id" in documents.columns:
        by_doc = dict(zip(documents["doc_id"], documents["outlet"].fillna("").astype(str)))
        outlet = q["doc_id"].map(by_doc).fillna("")
    method = q["speaker_method"] if "speaker_method" in q.columns else pd.Series(
        "name", index=q.index)
    frame = pd.DataFrame({"speaker": q["speaker"].astype(str), "outlet": outlet.astype(str),
                          "doc_id": q["doc_id"], "direct": q["kind"] == "direct",
                          "method": method.fillna("").astype(str)})
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c not in ("speaker", "outlet", "share")
                                          else ("float64" if c == "share" else object))
                             for c in QUOTE_COUNT_COLUMNS})
    total = frame.assign(outlet="(all)")
    both = pd.concat([total, frame], ignore_index=True)
    for m in ("name", "pronoun", "description", "continuation"):
        both[f"by_{m}"] = both["method"] == m
    g = both.groupby(["outlet", "speaker"], sort=True)
    out = g.agg(quotes=("doc_id", "size"), direct=("direct", "sum"),
                documents=("doc_id", "nunique"), by_name=("by_name", "sum"),
                by_pronoun=("by_pronoun", "sum"), by_description=("by_description", "sum"),
                by_continuation=("by_continuation", "sum")).reset_index()
    per_outlet = out.groupby("outlet")["quotes"].transform("sum")
    out["share"] = (out["quotes"] / per_outlet).round(6)
    out["_all"] = out["outlet"] != "(all)"
    out = out.sort_values(["_all", "outlet", "quotes", "speaker"],
                          ascending=[True, True, False, True], kind="stable")
    for c in ("quotes", "direct", "documents", "by_name", "by_pronoun", "by_description",
              "by_continuation"):
        out[c] = out[c].astype("int64")
    return out[QUOTE_COUNT_COLUMNS].reset_index(drop=True)


def quoted_about(quotes: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Who is quoted about whom: quotations whose words mention another actor.

    A quotation of speaker S is *about* actor A when a mention of A (``mentions``
    table, any kind with an actor, pronouns excluded) lies inside the quoted words and A
    is not S. Each quotation counts once per actor it mentions.

    Parameters
    ----------
    quotes : pandas.DataFrame
        The ``quotes`` table.
    mentions : pandas.DataFrame
        The ``mentions`` table of the same analysis.

    Returns
    -------
    pandas.DataFrame
        One row per (speaker, about) pair:

        - ``speaker``: who is quoted;
        - ``about``: the actor the quotation mentions;
        - ``quotes``: quotations of ``speaker`` that mention ``about``;
        - ``documents``: documents they come from;
        - ``example_doc_id``, ``example``: the first such quotation (document order),
          for reading it in context.

        Sorted by ``quotes`` (descending), then ``speaker`` and ``about``.

    Raises
    ------
    InputError
        When a table lacks the columns it needs.
    """
    q = _need(quotes, "quotes", ["doc_id", "start", "end", "quote", "speaker"])
    m = _need(mentions, "mentions", ["doc_id", "start", "end", "actor"])
    q = q[q["speaker"].fillna("").astype(str) != ""]
    if "kind" in m.columns:
        m = m[m["kind"] != "pronoun"]
    m = m[m["actor"].fillna("").astype(str) != ""]
    by_doc: dict[object, list[tuple[int, int, str]]] = {}
    for d, s, e, a in zip(m["doc_id"], m["start"], m["end"], m["actor"]):
        by_doc.setdefault(d, []).append((int(s), int(e), str(a)))
    rows = []
    for d, s, e, text, spk in zip(q["doc_id"], q["start"], q["end"], q["quote"], q["speaker"]):
        seen: set[str] = set()
        for ms, me, actor in sorted(by_doc.get(d, [])):
            if ms >= int(s) and me <= int(e) and actor != spk and actor not in seen:
                seen.add(actor)
                rows.append((str(spk), actor, d, int(s), str(text)))
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("quotes", "documents")
                                          else object) for c in QUOTED_ABOUT_COLUMNS})
    df = pd.DataFrame(rows, columns=["speaker", "about", "doc_id", "start", "quote"])
    df = df.sort_values(["speaker", "about", "doc_id", "start"], kind="stable")
    g = df.groupby(["speaker", "about"], sort=True)
    out = g.agg(quotes=("quote", "size"), documents=("doc_id", "nunique"),
                example_doc_id=("doc_id", "first"), example=("quote", "first")).reset_index()
    out = out.sort_values(["quotes", "speaker", "about"], ascending=[False, True, True],
                          kind="stable")
    out["quotes"] = out["quotes"].astype("int64")
    out["documents"] = out["documents"].astype("int64")
    return out[QUOTED_ABOUT_COLUMNS].reset_index(drop=True)
