"""Findings about what each person supports or opposes, with the sentences behind it."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .counts import is_person, issue_registry
from .evidence import evidence
from ..text.format import (MAX_DETAILED, MAX_LISTED, fmt_int, fmt_tone, join_words, plural,
                     present, quoted, shorten)
from .model import Evidence, Finding, table

#: Minimum number of evidence sentences before a stance is stated without a caveat.
MIN_STANCE_EVIDENCE = 2

_STANCE_VERB = {
    "support": "supports", "supports": "supports", "favor": "supports",
    "favour": "supports", "pro": "supports", "for": "supports",
    "oppose": "opposes", "opposes": "opposes", "against": "opposes", "con": "opposes",
    "mixed": "has mixed positions on", "neutral": "takes no clear side on",
    "unclear": "takes no clear side on", "none": "takes no clear side on",
}

_SOURCE_NOTE = {"quote": "in their own words", "reported": "reported position"}


def issue_labels(analysis: Any) -> dict[str, str]:
    """Issue id -> readable label, from the issue registry the analysis used.

    Parameters
    ----------
    analysis : Analysis
        The analysis; its ``options["issues"]`` names the registry (None: the
        bundled one).

    Returns
    -------
    dict

    Raises
    ------
    InputError
        When the issue file named in the options can no longer be read.
    """
    cache = getattr(analysis, "__dict__", {}).get("_narrative_issue_labels")
    if cache is not None:
        return cache
    out = {i.id: i.label for i in issue_registry(analysis) if getattr(i, "label", None)}
    try:
        analysis.__dict__["_narrative_issue_labels"] = out
    except (AttributeError, TypeError):
        pass
    return out


def _fit_message(analysis: Any) -> str:
    """Whether the issue list fits the corpus, in plain words ("" when it fits); see
    :func:`analytics.stance.issue_fit`."""
    from analytics.stance import issue_fit
    return issue_fit(table(analysis, "documents"), table(analysis, "stance_evidence"),
                     issue_registry(analysis)).message


def _issue(analysis: Any, issue: Any) -> str:
    label = issue_labels(analysis).get(str(issue))
    return label if label else str(issue).replace("_", " ")


def _verb(stance: Any) -> tuple[str, str]:
    """(lower-cased stance label, the verb phrase used in prose)."""
    label = str(stance).strip().lower()
    return label, _STANCE_VERB.get(label, f"is {label} on")


def build(analysis: Any) -> list[Finding]:
    """The stance section: a summary, each person's stances, thin and other actors'."""
    st = table(analysis, "stance")
    fit = _fit_message(analysis)
    if st.empty:
        text = fit or ("No stance on any tracked issue could be attributed to a person in "
                       "these documents.")
        return [Finding("stance", text, caveat=True, headline=True)]
    if fit:
        return [Finding("stance", fit, caveat=True, headline=True)]
    s = st.copy()
    s["_n"] = pd.to_numeric(s["n_evidence"], errors="coerce").fillna(0).astype(int)
    s["_score"] = pd.to_numeric(s["score"], errors="coerce")
    s["_abs"] = s["_score"].abs().fillna(0)
    s, others = _split_people(analysis, s)
    ev_tab = table(analysis, "stance_evidence")
    out: list[Finding] = []
    solid: list[Finding] = []
    order = s.groupby("actor")["_n"].sum().sort_values(ascending=False, kind="stable").index
    n_thin = int((s[~s["actor"].isin(order[:MAX_DETAILED])]["_n"] < MIN_STANCE_EVIDENCE).sum())
    for actor in order[:MAX_DETAILED]:
        rows = s[s["actor"] == actor].sort_values(["_n", "_abs"], ascending=False)
        for _, r in rows[rows["_n"] >= MIN_STANCE_EVIDENCE].iterrows():
            f = _stance(analysis, ev_tab, actor, r)
            out.append(f)
            if _verb(r["stance"])[1] in ("supports", "opposes"):
                solid.append(f)
        thin = rows[rows["_n"] < MIN_STANCE_EVIDENCE]
        if len(thin):
            n_thin += len(thin)
            out.append(_thin(analysis, ev_tab, actor, thin))
    summary = _summary(s, n_thin, solid)
    if summary.evidence:  # the quote shown with the summary is not repeated below
        shown = {e.text for e in summary.evidence}
        for f in out:
            f.evidence = [e for e in f.evidence if e.text not in shown]
    out.insert(0, summary)
    if len(order) > MAX_DETAILED:
        rest = len(order) - MAX_DETAILED
        out.append(Finding("stance", f"The stances of {plural(rest, 'more person', 'more people')} "
                                     "are in the stance table and the chart.",
                           numbers={"more": rest}))
    if len(others):
        out.append(_others(others))
    return out


def _split_people(analysis: Any, s: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(stances of people, stances of organisations, countries and institutions)."""
    check = is_person(analysis)
    person = s["actor"].astype(str).map(check).astype(bool)
    return s[person], s[~person]


def _stance(analysis: Any, ev_tab: pd.DataFrame, actor: str, r: pd.Series) -> Finding:
    """One stance resting on enough sentences."""
    label, verb = _verb(r["stance"])
    n = int(r["_n"])
    nums = {f"n_evidence[{actor}|{r['issue']}]": n}
    text = (f"{actor} {verb} {quoted(_issue(analysis, r['issue']))} "
            f"({plural(n, 'piece')} of evidence")
    if pd.notna(r["_score"]):
        nums[f"score[{actor}|{r['issue']}]"] = float(r["_score"])
        text += f", score {fmt_tone(r['_score'])}"
    text += ")."
    ev = _stance_evidence(analysis, ev_tab, actor, r["issue"], label, r["evidence"])
    return Finding("stance", text, evidence=ev, numbers=nums)


def _thin(analysis: Any, ev_tab: pd.DataFrame, actor: str, thin: pd.DataFrame) -> Finding:
    """An actor's stances that rest on a single sentence, grouped by verb."""
    groups: dict[str, list[str]] = {}
    ev = []
    for _, r in thin.iterrows():
        label, verb = _verb(r["stance"])
        groups.setdefault(verb, []).append(quoted(_issue(analysis, r["issue"])))
        e = _stance_evidence(analysis, ev_tab, actor, r["issue"], label,
                             r["evidence"], limit=1)
        for x in e:
            x.note = "; ".join(filter(None, [f"{verb} {_issue(analysis, r['issue'])}",
                                             x.note]))
        ev += e
    pieces = [f"{verb} {join_words(issues)}" for verb, issues in groups.items()]
    return Finding(
        "stance",
        f"{actor} {'; '.join(pieces)}, "
        + ("each on a single sentence: read the sentences before relying on "
           "them." if len(thin) > 1 else
           "on a single sentence: read it before relying on it."),
        evidence=ev, caveat=True)


def _summary(s: pd.DataFrame, n_thin: int, solid: list[Finding]) -> Finding:
    """The headline: how many stances, how many thin, the best supported one."""
    nums = {"stances": len(s), "people": int(s["actor"].nunique()),
            "issues": int(s["issue"].nunique())}
    head = (f"{plural(len(s), 'stance')} of {plural(s['actor'].nunique(), 'person', 'people')} "
            f"on {plural(s['issue'].nunique(), 'issue')} were found")
    if n_thin:
        nums["thin"] = n_thin
        head += (f"; {fmt_int(n_thin)} of them "
                 f"{'rests' if n_thin == 1 else 'rest'} on a single sentence")
    head += "."
    ev = []
    if solid:
        best = max(solid, key=lambda f: max(
            [v for k, v in f.numbers.items() if k.startswith("n_evidence")] or [0]))
        head += " The best supported: " + best.text
        nums.update(best.numbers)
        ev = best.evidence[:1]
    else:
        head += " None rests on more than one sentence, so no stance is well established."
    return Finding("stance", head, evidence=ev, numbers=nums, headline=True,
                   caveat=not solid)


def _others(others: pd.DataFrame) -> Finding:
    """Stances of organisations, countries and institutions, named but not described."""
    names = list(dict.fromkeys(others["actor"].astype(str)))
    nums = {"other_actors": len(names), "other_stances": len(others)}
    shown = names[:MAX_LISTED]
    extra = len(names) - len(shown)
    listed = join_words(shown + ([f"{extra} more"] if extra else []))
    return Finding(
        "stance",
        f"{plural(len(others), 'stance')} of {plural(len(names), 'organisation')}, "
        f"countries or institutions ({listed}) "
        f"are in the stance table but not described here.",
        numbers=dict(nums, **({"more": extra} if extra else {})))


def _stance_evidence(analysis: Any, ev_tab: pd.DataFrame, actor: str, issue: Any,
                     label: str, fallback: Any, limit: int = 2) -> list[Evidence]:
    out: list[Evidence] = []
    if not ev_tab.empty:
        sub = ev_tab[(ev_tab["actor"] == actor) & (ev_tab["issue"] == issue)].copy()
        if not sub.empty:
            sub["_s"] = pd.to_numeric(sub["score"], errors="coerce").abs().fillna(0)
            same = sub[sub["label"].astype(str).str.lower() == label]
            sub = (same if not same.empty else sub).sort_values("_s", ascending=False)
            for _, r in sub.head(limit).iterrows():
                src = str(r["source"]) if present(r["source"]) else None
                note = _SOURCE_NOTE.get(src, src) if src else None
                e = evidence(analysis, r["doc_id"], r["sent_id"], text=r["text"], note=note)
                if e is not None:
                    out.append(e)
    if not out and isinstance(fallback, str) and present(fallback):
        out.append(Evidence(text=shorten(fallback)))
    return out


def stance_overview(analysis: Any, min_evidence: int = MIN_STANCE_EVIDENCE) -> pd.DataFrame:
    """What each person supports / opposes, on at least ``min_evidence`` sentences.

    Parameters
    ----------
    analysis : Analysis
        An analysis with a ``stance`` table (missing counts as empty).
    min_evidence : int
        Fewest evidence sentences for a stance to be listed.

    Returns
    -------
    pandas.DataFrame
        Columns ``person, supports, opposes``; each cell lists issues with the number
        of evidence sentences, e.g. ``"Ceasefire (5)"``.
    """
    cols = ["person", "supports", "opposes"]
    st = table(analysis, "stance")
    if st.empty:
        return pd.DataFrame(columns=cols)
    s = st.copy()
    s["_n"] = pd.to_numeric(s["n_evidence"], errors="coerce").fillna(0).astype(int)
    s = s[s["_n"] >= min_evidence]
    s, _ = _split_people(analysis, s)
    rows = []
    order = s.groupby("actor")["_n"].sum().sort_values(ascending=False, kind="stable").index
    for actor in order:
        g = s[s["actor"] == actor].sort_values("_n", ascending=False)
        cell = {}
        for verb in ("supports", "opposes"):
            sub = g[g["stance"].astype(str).str.lower().map(_STANCE_VERB.get) == verb]
            cell[verb] = "; ".join(f"{_issue(analysis, r['issue'])} ({fmt_int(r['_n'])})"
                                   for _, r in sub.iterrows())
        if cell["supports"] or cell["opposes"]:
            rows.append({"person": actor, **cell})
    return pd.DataFrame(rows, columns=cols)
