"""Does the actor registry fit the corpus? A check in plain words.

A registry is written for some coverage: its office holders and their tenures belong
to a period, its people to a story. Used on articles from another period or about
other people, roles such as "the prime minister" cannot be resolved from it, and the
people that matter are found only by discovery. :func:`check_fit` compares the
registry with the corpus and says so:

``era``
    The articles' dates (or the ``period`` given for undated articles) fall outside
    the tenures of the registry: fewer than :data:`MIN_ROLES_IN_PERIOD` of its dated
    roles were held at any time of the coverage, and the bundled office holders
    (1990-2025, with the bundled registry) do not span it either.
``none``
    No person at all is mentioned in the analysed articles: every per-person table
    is empty, and the run says so.
``people``
    Most of the registry's office holders (more than :data:`MAX_UNMENTIONED`) are
    never mentioned, while many people it does not list are (at least
    :data:`MIN_UNLISTED` of them, and :data:`UNLISTED_RATIO` times as many as the
    registry people mentioned).

A registry made of several files (a user's file added to the bundled one) fits when
one of its files fits: the check looks at each file's actors separately
(:meth:`~analytics.actors.registry.ActorRegistry.source_of`).

The analysis runs this check on every corpus (:func:`analytics.analyze`) and logs
each finding as a warning (``analysis.extras["actor_fit"]`` holds the
:class:`FitReport`); scripts can call :func:`check_fit` on tables of their own.

Examples
--------
>>> from analytics.actors.fit import check_fit
>>> report = check_fit(registry, a.documents, a.mentions, period=None)  # doctest: +SKIP
>>> for finding in report.findings:                                      # doctest: +SKIP
...     print(finding.message)
"""

from __future__ import annotations

import datetime as _dt
import shlex
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

import pandas as pd

from .registry import ActorRegistry

__all__ = ["FitFinding", "FitReport", "MAX_UNMENTIONED", "MIN_ROLES_IN_PERIOD",
           "MIN_UNLISTED", "UNLISTED_RATIO", "check_fit"]

#: Smallest share of a registry file's dated roles held during the coverage for the
#: file to fit the period.
MIN_ROLES_IN_PERIOD = 0.25
#: Smallest share of the bundled office holders' offices with a holder during the
#: coverage for their years to count as covered.
HOLDER_OFFICES_SHARE = 0.5
#: Largest share of a registry file's office holders never mentioned for it to fit.
MAX_UNMENTIONED = 0.5
#: Fewest people outside the registry for the ``people`` finding.
MIN_UNLISTED = 10
#: How many times more people outside the registry than registry people mentioned.
UNLISTED_RATIO = 2.0
#: Registry files with fewer office holders are not judged on who is mentioned.
MIN_OFFICE_HOLDERS = 3

_ADVICE = ("Write your own registry: analytics actors --init {source} --out my_actors.yaml, "
           "edit it, then analyse with --actors my_actors.yaml (see docs/registry.md).")


@dataclass(frozen=True)
class FitFinding:
    """One way the registry does not fit the corpus.

    Attributes
    ----------
    code : str
        ``"era"``, ``"people"`` or ``"none"`` (see the module documentation).
    message : str
        The finding in plain words, with what to do.
    numbers : dict
        The figures behind it.
    """

    code: str
    message: str
    numbers: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FitReport:
    """The result of :func:`check_fit`.

    Attributes
    ----------
    findings : tuple of FitFinding
        Empty when the registry fits (or nothing could be judged).
    coverage : (datetime.date, datetime.date) or None
        First and last day of the articles (their dates, and the period for the
        undated ones); None when neither is known.
    """

    findings: tuple[FitFinding, ...] = ()
    coverage: tuple[_dt.date, _dt.date] | None = None

    @property
    def fits(self) -> bool:
        """Whether no finding was made."""
        return not self.findings

    @property
    def messages(self) -> list[str]:
        """The findings' messages, in order."""
        return [f.message for f in self.findings]


def check_fit(registry: ActorRegistry, documents: pd.DataFrame | None = None,
              mentions: pd.DataFrame | None = None,
              period: tuple[_dt.date, _dt.date] | None = None, *,
              source: str | None = None) -> FitReport:
    """Check whether an actor registry fits a corpus.

    Parameters
    ----------
    registry : ActorRegistry
        The registry the mentions were found with.
    documents : pandas.DataFrame, optional
        The ``documents`` table (``date`` and ``status`` columns are read; only
        documents with status ``ok`` count when there is a status).
    mentions : pandas.DataFrame, optional
        The ``mentions`` table (``actor`` and ``kind``). Without it, only the dates
        are checked.
    period : (datetime.date, datetime.date), optional
        The coverage period given for undated documents (``analyze(period=...)``;
        see :func:`analytics.options.parse_period`).
    source : str, optional
        The corpus path, shown in the advice (``analytics actors --init SOURCE``).

    Returns
    -------
    FitReport
        Its findings say, in plain words, what does not fit and what to do.
    """
    advice = _ADVICE.format(source=shlex.quote(source) if source and not source.startswith("<")
                            else "SOURCE")
    coverage = _coverage(documents, period)
    files = _by_source(registry)
    findings = []
    era = None if _holders_cover(registry, coverage) else _era(files, coverage, period,
                                                               documents, advice)
    if era is not None:
        findings.append(era)
    if mentions is not None:
        nobody = _nobody(documents, mentions)
        if nobody is not None:
            findings.append(nobody)
        else:
            people = _people(registry, files, mentions, advice)
            if people is not None:
                findings.append(people)
    return FitReport(tuple(findings), coverage)


def _nobody(documents: pd.DataFrame | None, mentions: pd.DataFrame) -> FitFinding | None:
    """No person (registry or discovered) is mentioned in any analysed document."""
    n_docs = None
    if documents is not None and len(documents):
        ok = documents[documents["status"] == "ok"] if "status" in documents.columns \
            else documents
        n_docs = len(ok)
        if n_docs == 0:
            return None
    found = mentions
    if len(found) and {"kind", "resolved", "actor"} <= set(found.columns):
        found = found[(found["kind"] != "pronoun") & found["resolved"].astype(bool)
                      & (found["actor"] != "")]
    if len(found):
        return None
    where = ("these articles" if not n_docs else "the one analysed article" if n_docs == 1
             else f"the {n_docs:,} analysed articles")
    return FitFinding("none", (
        f"No person was found in {where}: the actor tables (mentions, co-mentions, "
        "tone, quotes and stance by person) are empty. People are found by name, title "
        "or role (\"Mr Brown\", \"the prime minister\"); if the articles name people, "
        "list them in an actor registry (see docs/registry.md) and pass it with "
        "--actors."), {"documents": n_docs or 0})


# ------------------------------------------------------------------------ coverage
def _to_date(value: Any) -> _dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        return None
    return None if pd.isna(ts) else ts.date()


def _coverage(documents: pd.DataFrame | None,
              period: tuple[_dt.date, _dt.date] | None) -> tuple[_dt.date, _dt.date] | None:
    """First and last day of the analysed documents (dates, else the period)."""
    days: list[_dt.date] = []
    undated = documents is None or len(documents) == 0
    if documents is not None and len(documents):
        docs = documents
        if "status" in docs.columns:
            docs = docs[docs["status"] == "ok"]
        dates = ([_to_date(v) for v in docs["date"]] if "date" in docs.columns
                 else [None] * len(docs))
        days = [d for d in dates if d is not None]
        undated = len(days) < len(dates)
    if period is not None and undated:
        days.extend(period)
    if not days:
        return None
    return min(days), max(days)


def _years(first: _dt.date, last: _dt.date) -> str:
    return str(first.year) if first.year == last.year else f"{first.year}-{last.year}"


def _by_source(registry: ActorRegistry) -> dict[str, list]:
    """The person actors of each registry file, in registry order."""
    files: dict[str, list] = {}
    for actor in registry:
        if actor.is_person:
            files.setdefault(registry.source_of(actor.name), []).append(actor)
    return files


def _describe(sources: Iterable[str]) -> str:
    """``The actor registry (the bundled registry)`` / ``The actor registries (a, b)``."""
    names = [s or "given in code" for s in sources]
    word = "registry" if len(names) == 1 else "registries"
    return f"The actor {word} ({', '.join(names)})"


# ------------------------------------------------------------------------ findings
def _holders_cover(registry: ActorRegistry,
                   coverage: tuple[_dt.date, _dt.date] | None) -> bool:
    """Whether the registry's office holders
    (:meth:`~analytics.actors.registry.ActorRegistry.office_holders`) had a holder in
    at least :data:`HOLDER_OFFICES_SHARE` of their offices during the coverage: roles
    are then resolved for it whatever the registry's own era."""
    holders = registry.office_holders()
    if holders is None or coverage is None:
        return False
    first, last = coverage
    offices: dict[tuple[str, str], bool] = {}
    for a in holders:
        for r in a.roles:
            key = (r.scope or "", r.title.lower())
            held = (r.start is None or r.start <= last) and (r.end is None or r.end > first)
            offices[key] = offices.get(key, False) or held
    return bool(offices) and sum(offices.values()) >= HOLDER_OFFICES_SHARE * len(offices)


def _era(files: dict[str, list], coverage: tuple[_dt.date, _dt.date] | None,
         period: tuple[_dt.date, _dt.date] | None, documents: pd.DataFrame | None,
         advice: str) -> FitFinding | None:
    """``era``: no registry file has enough roles held during the coverage."""
    if coverage is None:
        return None
    first, last = coverage
    spans: dict[str, tuple[int, int]] = {}
    titles: Counter[str] = Counter()
    shares: dict[str, float] = {}
    for source, actors in files.items():
        roles = [r for a in actors for r in a.roles if r.start is not None or r.end is not None]
        if not roles:
            continue
        held = sum(1 for r in roles
                   if (r.start is None or r.start <= last) and (r.end is None or r.end > first))
        shares[source] = held / len(roles)
        if shares[source] >= MIN_ROLES_IN_PERIOD:
            return None
        starts = sorted(r.start.year for r in roles if r.start is not None)
        ends = [r.end.year for r in roles if r.end is not None]
        low = starts[len(starts) // 4] if starts else min(ends)
        spans[source] = (low, max(starts + ends))
        titles.update(r.title.lower() for r in roles)
    if not spans:
        return None
    described = "; ".join(f"{s or 'given in code'}: {a}-{b}" if len(spans) > 1 else f"{a}-{b}"
                          for s, (a, b) in spans.items())
    dated = documents is not None and "date" in documents.columns and \
        any(_to_date(v) is not None for v in documents["date"])
    when = (f"these articles are dated {_years(first, last)}" if dated
            else f"the period given for these articles is {_years(first, last)}")
    title = titles.most_common(1)[0][0]
    message = (f"{_describe(spans)} describes office holders of {described}; {when}: roles "
               f"like 'the {title}' are resolved only from the articles themselves. {advice}")
    return FitFinding("era", message, {
        "coverage": f"{first}..{last}", "roles_held_share": {k: round(v, 3) for k, v in
                                                            shares.items()}})


def _people(registry: ActorRegistry, files: dict[str, list], mentions: pd.DataFrame,
            advice: str) -> FitFinding | None:
    """``people``: most office holders never mentioned, many unlisted people are."""
    if len(mentions) == 0 or not {"actor", "kind"} <= set(mentions.columns):
        return None
    counted = mentions[(mentions["actor"] != "") & (mentions["kind"] != "pronoun")]
    per_actor = counted.groupby("actor", sort=False).size()
    listed = {a for a in per_actor.index if a in registry}
    unlisted = per_actor[[a not in registry for a in per_actor.index]]
    holders = 0
    unmentioned = 0
    judged = []
    for source, actors in files.items():
        with_roles = [a.name for a in actors if a.roles]
        if len(with_roles) < MIN_OFFICE_HOLDERS:
            continue
        missing = sum(1 for a in with_roles if a not in listed)
        if missing / len(with_roles) <= MAX_UNMENTIONED:
            return None
        judged.append(source)
        holders += len(with_roles)
        unmentioned += missing
    n_listed = sum(1 for a in listed if registry[a].is_person)
    if not holders or len(unlisted) < MIN_UNLISTED or len(unlisted) < UNLISTED_RATIO * n_listed:
        return None
    top = unlisted.reset_index().set_axis(["actor", "n"], axis=1)
    top = top.sort_values(["n", "actor"], ascending=[False, True], kind="stable")
    names = ", ".join(top["actor"].head(3))
    message = (f"{_describe(judged)} lists {holders:,} office holders; {unmentioned:,} of them "
               f"are never mentioned in these articles, while {len(unlisted):,} people it "
               f"does not list are "
               f"(most mentioned: {names}): it was written for other coverage, so roles "
               f"and aliases of the people these articles are about are unknown. {advice}")
    return FitFinding("people", message, {
        "office_holders": holders, "unmentioned": unmentioned,
        "registry_people_mentioned": n_listed, "unlisted_people": int(len(unlisted))})
