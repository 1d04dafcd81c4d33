"""The counts a reader sees, from one place and with one set of filters.

The report's headline numbers, the prose and the charts all count through this
module, so that "12 people are mentioned" in the header, in the text and in the chart
are the same number:

- **analysed documents**: rows of ``documents`` with status ``ok`` (skipped and
  duplicate documents are reported, not analysed);
- **sentences analysed**: rows of ``sentences`` of the analysed documents;
- **counted mentions** (:func:`counted_mentions`): mentions resolved to an actor, of an
  analysed document, not a pronoun (unless the analysis resolved pronouns);
- **people mentioned**: the persons (registry type ``person``, or found by discovery)
  with at least one counted mention.

The registries are read from the analysis's options (``actors``, ``extend_actors``,
``issues``, ``boilerplate``); a file that can no longer be read raises
:class:`~analytics.errors.InputError` naming it (a label silently missing would be
worse than a clear error).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..errors import InputError
from ..text.format import present
from .model import table

__all__ = ["actor_registry", "analysed_doc_ids", "corpus_counts", "counted_mentions",
           "is_person", "issue_registry", "mention_counts", "rule_labels"]


def _cache(analysis: Any, key: str) -> Any:
    return getattr(analysis, "__dict__", {}).get(key)


def _store(analysis: Any, key: str, value: Any) -> Any:
    try:
        analysis.__dict__[key] = value
    except (AttributeError, TypeError):
        pass
    return value


def _option(analysis: Any, name: str, default: Any = None) -> Any:
    opts = getattr(analysis, "options", None) or {}
    value = opts.get(name, default) if isinstance(opts, dict) else default
    if isinstance(value, str) and value in ("None", ""):
        return default
    return value


def _registry(analysis: Any, option: str, what: str, ready: Any, load: Any) -> Any:
    """The registry named by ``options[option]``, loaded once per analysis: ``ready``
    turns an already loaded value into the registry (None if it is a path), ``load``
    reads a path; a file that cannot be read is an InputError naming it."""
    key = f"_narrative_{option}_registry"
    cached = _cache(analysis, key)
    if cached is not None:
        return cached
    path = _option(analysis, option)
    reg = ready(path)
    if reg is None:
        try:
            reg = load(path)
        except OSError as exc:
            raise InputError(f"the {what} of this analysis cannot be read ({exc}); pass "
                             f"the file again with {option}=PATH (or --{option} PATH)",
                             str(path)) from exc
    return _store(analysis, key, reg)


def actor_registry(analysis: Any) -> Any:
    """The actor registry the analysis ran with (cached on the analysis).

    Raises
    ------
    InputError
        When the registry file named in the analysis's options cannot be read.
    """
    from ..actors.registry import ActorRegistry, load_registry

    extend = _option(analysis, "extend_actors", True)
    extend = not (isinstance(extend, str) and extend.lower() == "false") and extend is not False
    return _registry(analysis, "actors", "actor registry",
                     lambda p: p if isinstance(p, ActorRegistry) else None,
                     lambda p: load_registry(p, extend_default=bool(extend)))


def issue_registry(analysis: Any) -> Any:
    """The issue registry the analysis ran with (cached on the analysis).

    Raises
    ------
    InputError
        When the issue file named in the analysis's options cannot be read.
    """
    from ..stance import load_issues
    from ..stance.registry import IssueRegistry

    def ready(p: Any) -> Any:
        if isinstance(p, IssueRegistry):
            return p
        return IssueRegistry(p) if isinstance(p, list) else None

    return _registry(analysis, "issues", "issue list", ready, load_issues)


def analysed_doc_ids(analysis: Any) -> set:
    """The ids of the documents that were analysed (status ``ok``, not a duplicate)."""
    docs = table(analysis, "documents")
    if docs.empty:
        return set()
    ok = docs["status"].astype(str).isin(["ok", "nan", "None", ""]) \
        if "status" in docs.columns else pd.Series(True, index=docs.index)
    if "duplicate_of" in docs.columns:
        ok &= ~docs["duplicate_of"].map(present)
    return set(docs.loc[ok, "doc_id"])


def is_person(analysis: Any) -> Any:
    """A function ``actor name -> bool``: whether the actor is a person.

    Registry actors are persons when their type is; other names are persons unless
    they are places of the registry (its scopes: "Russia", "Downing Street") or names
    the discovery classed as something else than a person.
    """
    reg = actor_registry(analysis)
    places: set[str] = set()
    for key, scope in (getattr(reg, "scopes", None) or {}).items():
        places |= {str(key), *map(str, scope.names), *map(str, scope.adjectives)}
    cand = table(analysis, "candidates")
    if not cand.empty and "kind" in cand.columns:
        kinds = cand["kind"].fillna("").astype(str).str.lower()
        places |= set(cand.loc[~kinds.isin(["", "person", "nan"]), "name"].astype(str))

    def check(name: Any) -> bool:
        actor = reg.get(str(name))
        if actor is not None:
            return bool(actor.is_person)
        return str(name) not in places

    return check


def counted_mentions(analysis: Any, *, people_only: bool = True) -> pd.DataFrame:
    """The mentions every count of the report is made of.

    Parameters
    ----------
    analysis : Analysis
        The analysis.
    people_only : bool, default True
        Keep only mentions of persons (see :func:`is_person`).

    Returns
    -------
    pandas.DataFrame
        Rows of ``mentions``: resolved to an actor, in an analysed document, not a
        pronoun unless the analysis resolved pronouns (option ``pronouns``).
    """
    key = f"_narrative_counted_{people_only}"
    cached = _cache(analysis, key)
    if cached is not None:
        return cached
    m = table(analysis, "mentions")
    if m.empty:
        return _store(analysis, key, m)
    m = m[m["actor"].map(present)]
    if "resolved" in m.columns:
        res = m["resolved"]
        keep = res.isna() | res.astype(str).str.lower().isin(["true", "1", "yes"])
        m = m[keep]
    if "kind" in m.columns and not _option(analysis, "pronouns", False):
        m = m[m["kind"].astype(str) != "pronoun"]
    docs = table(analysis, "documents")
    if not docs.empty:
        m = m[m["doc_id"].isin(analysed_doc_ids(analysis))]
    if people_only and len(m):
        check = is_person(analysis)
        persons = {a for a in m["actor"].astype(str).unique() if check(a)}
        m = m[m["actor"].astype(str).isin(persons)]
    return _store(analysis, key, m)


def mention_counts(analysis: Any) -> pd.DataFrame:
    """Mentions and documents per person, most mentioned first (ties by name).

    Returns
    -------
    pandas.DataFrame
        Indexed by actor, columns ``mentions`` and ``documents``.
    """
    m = counted_mentions(analysis)
    if m.empty:
        return pd.DataFrame(columns=["mentions", "documents"])
    counts = m.groupby("actor").agg(mentions=("actor", "size"),
                                    documents=("doc_id", "nunique"))
    counts = counts.reset_index().sort_values(["mentions", "documents", "actor"],
                                              ascending=[False, False, True], kind="stable")
    return counts.set_index("actor")


def corpus_counts(analysis: Any) -> dict[str, int]:
    """The headline counts: documents, analysed documents, sentences analysed, people
    mentioned, topics.

    Returns
    -------
    dict
        ``documents`` (loaded), ``analysed`` (status ok), ``sentences`` (of the analysed
        documents), ``people`` (persons with a counted mention), ``topics``.
    """
    docs = table(analysis, "documents")
    sents = table(analysis, "sentences")
    ids = analysed_doc_ids(analysis)
    n_sent = int(sents["doc_id"].isin(ids).sum()) if len(sents) else 0
    return {"documents": len(docs), "analysed": len(ids), "sentences": n_sent,
            "people": int(counted_mentions(analysis)["actor"].nunique())
            if len(counted_mentions(analysis)) else 0,
            "topics": len(table(analysis, "topics"))}


def rule_labels(analysis: Any) -> dict[str, str]:
    """Cleaning rule name -> a label for readers (``cookie_consent`` -> "cookie and
    consent notices"): ``analytics/lang/en/cleaning_labels.yaml``, else the rule's
    description in the boilerplate file the analysis used, else the name in words."""
    cached = _cache(analysis, "_narrative_rule_labels")
    if cached is not None:
        return cached
    from ..lang import en

    out: dict[str, str] = {}
    try:
        from ..corpus.clean import load_rules
        rules = load_rules(_option(analysis, "boilerplate"),
                           replace=bool(_option(analysis, "boilerplate_replace", False)))
    except (OSError, InputError):  # a moved rules file: the names in words still read
        rules = []
    for r in rules:
        if r.description and r.name not in out:
            out[r.name] = r.description.split(" - ")[0].split(" (")[0].strip()
    out.update({str(k): str(v) for k, v in en.table("cleaning_labels").items()})
    removed = table(analysis, "removed")
    for name in (set(removed["rule"].astype(str)) if len(removed) else set()):
        out.setdefault(name, name.replace("_", " "))
    return _store(analysis, "_narrative_rule_labels", out)
