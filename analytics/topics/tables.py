"""The topics stage of the pipeline: paragraphs (+ mentions) -> topic tables.

:func:`topic_tables` returns a dict with the four documented tables (see
``analytics.schema.TABLES``) and the fitted :class:`~analytics.topics.TopicModel`
under ``"model"`` (``None`` when there was nothing to model).

Units and short paragraphs
--------------------------
* Only body paragraphs (``kind == "body"``) are modelled; titles and headings are
  not assigned.
* ``unit="paragraph"`` (default): each body paragraph is one text. Paragraphs with
  fewer than ``min_terms`` (default 5) content terms -- captions, one-line quotes,
  datelines -- are *not used to fit* the model; they are assigned afterwards by
  ``transform`` on the fitted vocabulary. A paragraph with no content term at all
  (e.g. only boilerplate or numbers) gets topic ``-1`` and weight 0.
* ``unit="document"``: the body paragraphs of each document are joined and the
  documents are clustered; every paragraph of a document then carries its
  document's topic in ``topic_assignments``.

Tables
------
``topics``: topic, label, top_terms, size (units assigned), weight (mean topic
weight over units with content). Empty when the paragraphs have no content term at
all (only stop words, numbers or boilerplate): there is no topic to describe, and every
paragraph is listed in ``topic_assignments`` with topic ``-1``.
``topic_assignments``: one row per body paragraph: doc_id, para_id, topic, weight
(the weight of the assigned topic in the unit's topic mixture).
``topic_prevalence``: doc_id, topic, share: the document's topic mixture; for
paragraph units, the paragraphs' mixtures averaged with their length in characters
as weight. Every (document, topic) pair is listed (share may be 0); documents without
any content paragraph are left out.
``topic_actors``: actor, topic, share, mentions: the mentions of each actor are
located in their paragraph (or document) and counted per topic; ``share`` is the
fraction of the actor's mentions in *assigned* units (topic >= 0) that fall in the
topic.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from analytics.corpus.dates import parse_dates, period_labels
from analytics.errors import InputError
from analytics.schema import conform, empty

from .hierarchy import TopicHierarchy
from .model import METHODS, TopicWarning, validate_random_state


def _mask_terms(mentions: pd.DataFrame | None) -> list[str]:
    if mentions is None or len(mentions) == 0:
        return []
    terms: set[str] = set()
    for col in ("surface", "actor"):
        if col in mentions.columns:
            for v in mentions[col].dropna().astype(str):
                v = v.strip()
                if len(v) >= 2:
                    terms.add(v)
    return sorted(terms)


#: The tables :func:`topic_tables` returns (see ``analytics.schema.TABLES``).
TOPIC_TABLES = ("topics", "topic_assignments", "topic_prevalence", "topic_actors",
                "topic_themes", "topic_search", "topic_examples", "topic_trends",
                "topic_outlets")


def _empty_result(model=None) -> dict:
    out: dict = {name: empty(name) for name in TOPIC_TABLES}
    out["model"] = model
    return out


def topic_tables(paragraphs: pd.DataFrame, mentions: pd.DataFrame | None = None, *,
                 documents: pd.DataFrame | None = None, unit: str = "paragraph", n_topics="auto", method: str = "nmf",
                 random_state: int = 0, mask_actors: bool = True, min_terms: int = 5,
                 fit_sample: int | None = 200_000, batch_size: int = 50_000,
                 n_examples: int = 3, **model_params) -> dict:
    """Fit topics on the body paragraphs and build the topic tables.

    Parameters
    ----------
    paragraphs : DataFrame
        The ``paragraphs`` table (doc_id, para_id, start, end, kind, text).
    mentions : DataFrame, optional
        The ``mentions`` table (doc_id, sent_id, para_id, actor, surface, ...); used
        for ``topic_actors`` and, with ``mask_actors``, to remove actor names.
    documents : DataFrame, optional
        The ``documents`` table (doc_id, date, outlet); used for ``topic_trends``
        and ``topic_outlets`` (empty without it).
    unit : {"paragraph", "document"}
    n_topics : int or "auto"
    method : {"nmf", "lda", "kmeans"}
    random_state : int
    mask_actors : bool
        Remove the actors' surface forms and names before modelling, so that topics
        describe issues rather than people.
    min_terms : int
        Units with fewer content terms are assigned but not used to fit.
    fit_sample : int or None, default 200,000
        With more units than this, the model is fitted on a seeded random sample of
        this size and every unit is then assigned with ``transform`` in batches of
        ``batch_size``, which bounds memory on large corpora. ``None``: fit on all.
    batch_size : int, default 50,000
        Units per ``transform`` batch when sampling.
    n_examples : int, default 3
        Typical units listed per topic in ``topic_examples``.
    **model_params
        Passed to :class:`~analytics.topics.hierarchy.TopicHierarchy` (``max_themes``,
        ``max_stories``, ``max_share``, ``min_split``, ``story_sample``) or to its
        coarse :class:`~analytics.topics.TopicModel`.

    Returns
    -------
    dict
        The tables of :data:`TOPIC_TABLES` (DataFrames) and ``model`` (the fitted
        :class:`~analytics.topics.hierarchy.TopicHierarchy`, or None). The number of
        topics is ``model.n_topics_``: with ``n_topics="auto"`` the stories of the
        automatically chosen themes; an integer ``n_topics`` capped (with a
        :class:`TopicWarning`) by the number of distinct texts and vocabulary terms.

    Raises
    ------
    InputError
        For an unknown ``unit`` or ``method``, a bad ``n_topics`` or a ``random_state``
        that is not a non-negative integer (checked before any work).
    """
    if unit not in ("paragraph", "document"):
        raise InputError(f"unit must be 'paragraph' or 'document', got {unit!r}")
    if not isinstance(method, str) or method not in METHODS:
        raise InputError(f"method must be one of {METHODS}, got {method!r}")
    if not (isinstance(n_topics, str) and n_topics == "auto") and not (
            isinstance(n_topics, (int, np.integer)) and not isinstance(n_topics, (bool, np.bool_))
            and n_topics >= 1):
        raise InputError(f"n_topics must be 'auto' or an integer >= 1, got {n_topics!r}")
    random_state = validate_random_state(random_state)
    if paragraphs is None or len(paragraphs) == 0:
        warnings.warn("no paragraphs: topic tables are empty", TopicWarning, stacklevel=2)
        return _empty_result()
    paras = paragraphs
    if "kind" in paras.columns:
        paras = paras[paras["kind"].fillna("body").astype(str) == "body"]
    paras = paras.reset_index(drop=True)
    if len(paras) == 0:
        warnings.warn("no body paragraphs: topic tables are empty", TopicWarning, stacklevel=2)
        return _empty_result()
    paras_text = paras["text"].fillna("").astype(str)

    if unit == "paragraph":
        unit_doc = paras["doc_id"].to_numpy()
        texts = paras_text.tolist()
        para_unit = np.arange(len(paras))
    else:
        order = pd.unique(paras["doc_id"])
        pos = {d: i for i, d in enumerate(order)}
        para_unit = paras["doc_id"].map(pos).to_numpy()
        texts = paras_text.groupby(para_unit, sort=True).agg("\n".join).tolist()
        unit_doc = np.asarray(order)

    mask = _mask_terms(mentions) if mask_actors else []
    params = dict(model_params)
    hier_keys = ("max_themes", "max_theme_share", "max_stories", "max_share", "min_split", "story_sample")
    hier = {k: params.pop(k) for k in hier_keys if k in params}
    model = TopicHierarchy(n_topics=n_topics, method=method, random_state=random_state,
                           model_params={"mask_terms": mask or None, "min_terms": min_terms,
                                         **params}, **hier)
    sampled = fit_sample is not None and len(texts) > fit_sample
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TopicWarning)
        if sampled:
            rng = np.random.default_rng(random_state)
            sample = np.sort(rng.choice(len(texts), size=fit_sample, replace=False))
            model.fit([texts[i] for i in sample])
        else:
            model.fit(texts)
    no_terms = len(model.feature_names_) == 0
    if no_terms:
        warnings.warn("no content terms in the paragraphs (only stop words, numbers or "
                      "boilerplate): topic tables are empty", TopicWarning, stacklevel=2)
    for w in caught:
        if not (no_terms and issubclass(w.category, TopicWarning)):
            warnings.warn(w.message, w.category, stacklevel=2)
    if sampled:
        parts = [model._transform(texts[i:i + batch_size])
                 for i in range(0, len(texts), batch_size)]
        D = np.vstack([p[0] for p in parts])
        labels = np.concatenate([p[1] for p in parts])
        theme_labels = np.concatenate([p[2] for p in parts])
        del parts
    else:
        labels, theme_labels = model.labels_, model.theme_labels_
        D = model.doc_topic_
    k = model.n_topics_

    # ---- topics
    if no_terms:
        # no content term anywhere: no topic, every paragraph unassigned
        out = _empty_result(model)
        out["topic_assignments"] = conform("topic_assignments", pd.DataFrame({
            "doc_id": paras["doc_id"].to_numpy(),
            "para_id": paras["para_id"].to_numpy(),
            "topic": np.full(len(paras), -1, dtype=int),
            "weight": np.zeros(len(paras), dtype=float),
            "theme": np.full(len(paras), -1, dtype=int),
        }))
        return out
    topics = conform("topics", model.topics_.copy())
    themes = conform("topic_themes", model.theme_table_.copy())
    if sampled:
        # sizes and weights over every unit, not just the fitting sample
        has = D.sum(axis=1) > 0
        topics["size"] = np.bincount(labels[labels >= 0], minlength=k).astype(int)
        topics["weight"] = (D[has].mean(axis=0) if has.any() else np.zeros(k)).astype(float)
        nt = model.n_themes_
        themes["size"] = np.bincount(theme_labels[theme_labels >= 0], minlength=nt).astype(int)
        Dt = np.zeros((len(D), nt))
        np.add.at(Dt.T, model.topic_theme_, D.T)
        themes["weight"] = (Dt[has].mean(axis=0) if has.any() else np.zeros(nt)).astype(float)

    # ---- assignments (one row per body paragraph)
    u_topic = labels[para_unit]
    u_weight = np.where(u_topic >= 0, D[para_unit, np.maximum(u_topic, 0)], 0.0)
    assignments = conform("topic_assignments", pd.DataFrame({
        "doc_id": paras["doc_id"].to_numpy(),
        "para_id": paras["para_id"].to_numpy(),
        "topic": u_topic.astype(int),
        "weight": u_weight.astype(float),
        "theme": theme_labels[para_unit].astype(int),
    }))

    # ---- prevalence per document
    if unit == "paragraph":
        w = paras_text.str.len().to_numpy(dtype=float)
        Wt = D * w[:, None]
        agg = pd.DataFrame(Wt).groupby(unit_doc, sort=False).sum()
    else:
        agg = pd.DataFrame(D, index=unit_doc)
    tot = agg.sum(axis=1)
    agg = agg[tot > 0]
    share = agg.div(agg.sum(axis=1), axis=0)
    share.index.name = "doc_id"
    share.columns = list(range(k))
    prevalence = share.reset_index().melt(id_vars="doc_id", var_name="topic", value_name="share")
    prevalence["topic"] = prevalence["topic"].astype(int)
    doc_order = {d: i for i, d in enumerate(pd.unique(paras["doc_id"]))}
    prevalence = prevalence.sort_values(
        ["doc_id", "topic"], key=lambda s: s.map(doc_order) if s.name == "doc_id" else s)
    prevalence = conform("topic_prevalence", prevalence)

    # ---- examples, trends, outlets
    examples = _examples(D, labels, unit_doc, texts, paras, para_unit, unit, n_examples)
    trends, outlets = _over_documents(agg, labels, unit_doc, model.topic_theme_, documents)

    # ---- actors x topics
    actors = empty("topic_actors")
    if mentions is not None and len(mentions) and "actor" in mentions.columns:
        m = mentions[["doc_id", "para_id", "actor"]].dropna(subset=["actor"]).copy()
        # join keys of the same type as the paragraphs' (ids may arrive as str/float)
        for col in ("doc_id", "para_id"):
            if m[col].dtype != paras[col].dtype:
                try:
                    m[col] = m[col].astype(paras[col].dtype)
                except (TypeError, ValueError):
                    m[col] = m[col].astype(str)
        if unit == "paragraph":
            key = assignments[["doc_id", "para_id", "topic"]]
            m = m.merge(key, on=["doc_id", "para_id"], how="inner")
        else:
            key = pd.DataFrame({"doc_id": unit_doc, "topic": labels})
            m = m.merge(key, on="doc_id", how="inner")
        m = m[m["topic"] >= 0]
        if len(m):
            cnt = m.groupby(["actor", "topic"]).size().rename("mentions").reset_index()
            cnt["share"] = cnt["mentions"] / cnt.groupby("actor")["mentions"].transform("sum")
            cnt["topic"] = cnt["topic"].astype(int)
            cnt["mentions"] = cnt["mentions"].astype(int)
            actors = conform("topic_actors", cnt.sort_values(["actor", "topic"]))

    return {
        "topics": topics,
        "topic_assignments": assignments,
        "topic_prevalence": prevalence,
        "topic_actors": actors,
        "topic_themes": themes,
        "topic_search": conform("topic_search", model.search_.copy()),
        "topic_examples": examples,
        "topic_trends": trends,
        "topic_outlets": outlets,
        "model": model,
    }


def _examples(D, labels, unit_doc, texts, paras, para_unit, unit: str, n: int) -> pd.DataFrame:
    """The ``n`` units with the strongest weight in each topic, among those assigned to it."""
    rows = []
    first_para = pd.Series(paras["para_id"].to_numpy()).groupby(para_unit).first()
    for t in range(D.shape[1]):
        mine = np.flatnonzero(labels == t)
        if not len(mine) or n <= 0:
            continue
        order = mine[np.lexsort((mine, -D[mine, t]))][:n]
        for r, u in enumerate(order, start=1):
            rows.append({"topic": t, "rank": r, "doc_id": unit_doc[u],
                         "para_id": paras["para_id"].iloc[u] if unit == "paragraph"
                         else first_para.iloc[u],
                         "weight": float(D[u, t]), "text": texts[u]})
    if not rows:
        return empty("topic_examples")
    return conform("topic_examples", pd.DataFrame(rows))


def _over_documents(agg: pd.DataFrame, labels, unit_doc, topic_theme, documents
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Topic shares per period and per outlet, from the documents' topic mass ``agg``.

    ``agg`` holds each document's (unnormalised) topic mass; a period's or outlet's
    share of a topic is its documents' mass in the topic over their total mass.
    Documents without a readable date (or outlet) are left out of that table, with a
    :class:`TopicWarning` saying how many.
    """
    trends, outlets = empty("topic_trends"), empty("topic_outlets")
    if documents is None or len(documents) == 0 or agg.empty:
        return trends, outlets
    docs = documents.drop_duplicates("doc_id").set_index("doc_id")
    k = agg.shape[1]
    unit_counts = pd.DataFrame({"doc_id": unit_doc, "topic": labels})
    unit_counts = unit_counts[unit_counts["topic"] >= 0]

    def table(key: pd.Series, name: str) -> pd.DataFrame:
        mass = agg.groupby(key.reindex(agg.index).to_numpy(), sort=True).sum()
        mass = mass[mass.sum(axis=1) > 0]
        share = mass.div(mass.sum(axis=1), axis=0)
        share.columns = list(range(k))
        share.index.name = name
        long = share.reset_index().melt(id_vars=name, var_name="topic", value_name="share")
        u = unit_counts.assign(**{name: key.reindex(unit_counts["doc_id"]).to_numpy()})
        u = u.dropna(subset=[name]).groupby([name, "topic"]).size().rename("units")
        long = long.merge(u.reset_index(), on=[name, "topic"], how="left")
        long["units"] = long["units"].fillna(0).astype(int)
        long["topic"] = long["topic"].astype(int)
        long["theme"] = np.asarray(topic_theme, dtype=int)[long["topic"].to_numpy()]
        return long.sort_values([name, "topic"], kind="stable")

    if "date" in docs.columns:
        dates = parse_dates(docs["date"].reindex(agg.index))
        missing = int(dates.isna().sum())
        if 0 < missing < len(dates):
            warnings.warn(f"{missing} of {len(dates)} document(s) have no readable date: "
                          "they are left out of topic_trends", TopicWarning, stacklevel=3)
        dates = dates.dropna()
        if len(dates):
            period, kind = period_labels(dates)
            t = table(period, "period")
            t["period_kind"] = kind
            trends = conform("topic_trends", t)
    if "outlet" in docs.columns:
        outlet = docs["outlet"].reindex(agg.index)
        outlet = outlet[outlet.notna() & (outlet.astype(str).str.strip() != "")].astype(str)
        if len(outlet):
            missing = len(agg) - len(outlet)
            if missing:
                warnings.warn(f"{missing} of {len(agg)} document(s) have no outlet: they "
                              "are left out of topic_outlets", TopicWarning, stacklevel=3)
            outlets = conform("topic_outlets", table(outlet, "outlet"))
    return trends, outlets
