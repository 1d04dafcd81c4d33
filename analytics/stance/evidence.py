"""Stance evidence (who says or does what about which issue) and the stance table.

Evidence comes from two sources, sentence by sentence, only where an issue trigger
occurs (``issues.yaml``; generic anaphors such as "the deal" count when the issue was
named in the same or the previous two sentences):

``quote``
    A direct quotation (``quotes`` table, ``kind == "direct"``) attributed to an actor:
    the triggers inside the quoted words of that sentence, classified on the quoted
    words. Partial quotations are read as part of the reported clause around them.

``reported``
    An actor who is the grammatical subject of a speech or action verb: a mention
    (from ``mentions``: names, roles, resolved pronouns), not possessive, followed —
    after auxiliaries, adverbs, negators and an optional appositive ("X, the minister,
    said") — by a verb of the speech-verb lexicon or the stance lexicon (or, for a
    person, any -ed/-s verb form). The actor's clause runs from the subject to the end
    of the sentence or the next clause break (", but", ";"); triggers in it are
    classified on it. When the clause after the verb is short and the triggers come
    before the subject ("Ukraine is on a path to NATO, Starmer said"; "an initiative
    Russia has dismissed"), the fronted content is classified with the verb phrase.
    Countries named as subjects ("Russia insists", "Kyiv rejects") are actors too
    (``countries=True``; the actor is the registry's scope key, e.g. ``Russia``,
    ``Ukraine``). A subject inside a quotation only counts when the quotation comes
    from an office or spokesperson (``speaker_kind == "office"``), who report what the
    leader said or did; otherwise the words belong to the speaker.

Each piece is classified with :func:`analytics.stance.classify.classify`. The stance
table aggregates the signed scores of an (actor, issue) pair:
``score = mean(scores) * n / (n + shrink)`` (``shrink = 1`` by default, so one piece
of evidence counts half), ``stance`` is ``support`` if ``score >= threshold``,
``oppose`` if ``score <= -threshold`` and ``neutral`` otherwise.
"""

from __future__ import annotations

import bisect
import os
import re
from typing import Any

import numpy as np
import pandas as pd

from ..schema import conform, empty
from ..textnorm import normalize
from .classify import OPPOSE as OPPOSE_SCORE
from .classify import SUPPORT as SUPPORT_SCORE
from .classify import classify
from .registry import Issue, IssueRegistry, Lexicon, load_issues, load_lexicon

__all__ = ["stance_evidence", "stance_table"]

_FILLER = {
    "has", "have", "had", "is", "are", "was", "were", "will", "would", "could", "can", "may",
    "might", "must", "should", "shall", "did", "does", "do", "not", "never", "also",
    "reportedly", "further", "previously", "repeatedly", "already", "now", "still", "just",
    "then", "once", "again", "yesterday", "today", "tonight", "be", "been", "being", "n't",
    "didn't", "doesn't", "don't", "won't", "wouldn't", "hasn't", "haven't", "hadn't",
    "isn't", "wasn't", "aren't", "weren't", "cannot", "can't", "couldn't", "shouldn't",
    "both", "all", "himself", "herself", "themselves", "itself", "later", "earlier",
    "recently", "first", "finally", "clearly", "publicly", "privately", "firmly",
    "on", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "last", "this", "week", "month", "year", "in", "principle", "so", "far", "long",
    "since", "meanwhile", "however", "too", "either", "personally", "reportedly",
}
_NOT_VERBS = {
    "his", "her", "its", "this", "us", "as", "plus", "news", "always", "was", "has", "is",
    "does", "series", "various", "previous", "serious", "famous", "citizens", "forces",
    "officials", "leaders", "allies", "troops", "administration", "government", "needs",
    "talks", "hawks", "relations", "interests", "position", "ministers", "ambitions",
    "counterparts", "supporters", "critics", "efforts", "demands", "remarks", "comments",
    "pronouncements", "statements", "views", "plans", "proposals", "aides", "advisers",
    "speed", "need", "red", "bed", "seed", "shed", "united", "limited", "based",
}
_ADJ_PRED = {
    "ready", "willing", "open", "determined", "committed", "prepared", "keen", "eager",
    "reluctant", "unwilling", "opposed", "adamant", "firm", "unequivocal", "clear",
    "cautious", "confident", "sceptical", "skeptical", "against", "in", "unlikely", "likely",
}
_PRONOUNS = {"he": "male", "she": "female"}
_POSS_HEAD_RE = re.compile(
    r"'s?\s+(?:[a-z-]+\s+){0,2}?(?:initiative|plan|proposal|strategy|government|administration|"
    r"office|team|statement|remarks|comments|letter|message|speech|op-ed|policy|approach|"
    r"decision|position|peace plan|camp|campaign)\b")
_ENTOURAGE = {"administration", "government", "team", "camp", "campaign", "cabinet"}


def _lexicon_verbs() -> re.Pattern:
    from ..quotes import load_cues

    cues = load_cues()
    lex = load_lexicon()
    words = sorted(cues.forms, key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words)
    parts = [alt]
    for cls in ("support", "oppose", "reverse", "strong", "expect_neg"):
        rx = lex.classes.get(cls)
        if rx is not None:
            parts.append(rx.pattern)
    return re.compile(r"(?:" + "|".join(f"(?:{p})" for p in parts) + r")", re.IGNORECASE)


_VERB_RE: re.Pattern | None = None


def _verb_re() -> re.Pattern:
    global _VERB_RE
    if _VERB_RE is None:
        _VERB_RE = _lexicon_verbs()
    return _VERB_RE


_TOKEN_RE = re.compile(r"[a-z][a-z'\-]*|\d+|[^\sa-z\d]")


def _find_verb(low: str, pos: int, end: int, person: bool) -> tuple[int, int] | None:
    """Position of the verb a subject ending at ``pos`` governs, or None."""
    i = pos
    # appositive: ", the Chancellor," / ", who was ... ,"
    m = re.match(r"\s*,\s*([^,;:]{1,90}?),", low[i:end])
    if m and (len(m.group(1).split()) == 1 or m.group(1).split()[0] in ("the", "a", "an", "who", "which", "his", "her",
                                         "their", "its", "now", "then", "once", "himself",
                                         "herself", "both", "also")
              or re.match(r"(?:former|chief|prime|foreign|defen[cs]e|president|minister|"
                          r"secretary|leader|head|envoy|spokes)", m.group(1))):
        i += m.end()
    skipped = 0
    first = True
    for t in _TOKEN_RE.finditer(low, i, end):
        w = t.group(0)
        if w in ("\"", "'"):
            continue  # Starmer "remains committed"
        if first and person and w in _ENTOURAGE:
            first = False
            continue  # "the Trump administration is seeking ..." acts for the person
        first = False
        if w in _FILLER or (w.endswith("ly") and len(w) > 4 and w not in ("italy", "rally")):
            skipped += 1
            if skipped > 5:
                return None
            continue
        if w in _ADJ_PRED:
            return t.start(), t.end()
        vm = _verb_re().match(low, t.start(), end)
        if vm and vm.end() >= t.end() - 1:
            return t.start(), vm.end()
        if person and w not in _NOT_VERBS and len(w) > 3 and (
                w.endswith("ed") or (w.endswith("s") and not w.endswith("ss"))):
            return t.start(), t.end()
        return None
    return None


def _country_patterns(registry: Any) -> list[tuple[re.Pattern, dict[str, str]]]:
    """One regex over every country/capital name of the registry scopes, and the map
    from the matched (lower-cased) name to the scope key."""
    names: dict[str, str] = {}
    scopes = getattr(registry, "scopes", None) or {}
    for key, sc in scopes.items():
        for n in getattr(sc, "names", ()) or ():
            if n:
                names.setdefault(normalize(n).lower(), str(key))
    if not names:
        return []
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    rx = re.compile(r"(?<![\w'])(?:the\s+)?(" + alt + r")(?![\w])(?!'s)(?!-)")
    return [(rx, names)]


def _default_registry() -> Any:
    from ..quotes import _default_registry as cached

    return cached()


def _person_types(registry: Any) -> tuple[dict[str, str], dict[str, str]]:
    from ..quotes import _actor_info

    return _actor_info(registry)


def _hits(issue: Issue, low: str, prev_lows: list[str],
          prev_hit: bool) -> list[tuple[int, int, int, float, str]]:
    """Trigger hits of ``issue`` in a sentence; anaphors only in context (the issue named
    in this or the previous two sentences)."""
    out = [(a, b, t.sign, t.weight, t.pattern) for a, b, t in issue.find(low)]
    if issue.anaphors:
        ana = issue.find_anaphors(low)
        if ana and (out or prev_hit or issue.in_context(" ".join(prev_lows + [low]))):
            taken = [(a, b) for a, b, *_ in out]
            for a, b, t in ana:
                if not any(x < b and a < y for x, y in taken):
                    out.append((a, b, 1, 0.8 * t.weight, t.pattern))
    return out


def _is_anaphor(issue: Issue, pattern: str) -> bool:
    return any(t.pattern == pattern for t in issue.anaphors)


def _best(low: str, hits, lo: int, hi: int, exclude, lex: Lexicon, extra_ops: str = ""):
    """Classify each hit in [lo, hi) and return the strongest (judgement, hit)."""
    best = None
    for a, b, sign, weight, pat in hits:
        if not (lo <= a and b <= hi):
            continue
        j = classify(low, a, b, sign, weight, lo=lo, hi=hi, exclude=exclude, lexicon=lex)
        if best is None or abs(j.score) > abs(best[0].score):
            best = (j, (a, b, sign, weight, pat))
    return best


def _fronted(low: str, hits, subj_start: int, sent_end: int, exclude, lex: Lexicon, s_lo: int):
    """Triggers before the subject, verb phrase after it ("..., Starmer has told X";
    "an initiative Russia has dismissed"): the fronted clause is classified, then the
    verb phrase's operators act on it."""
    vp = low[subj_start:sent_end]
    vj = classify(vp + " xxx", len(vp) + 1, len(vp) + 4, 1, 1.0, lexicon=lex)
    best = None
    for a, b, sign, weight, pat in hits:
        if b > subj_start:
            continue
        j = classify(low, a, b, sign, weight, lo=s_lo, hi=subj_start, exclude=exclude, lexicon=lex)
        score = j.score
        if vj.label == "oppose":
            score = -score if score else -abs(vj.score) * sign * weight
        elif vj.label == "support" and not score:
            score = abs(vj.score) * sign * weight
        label = "support" if score > 0 else "oppose" if score < 0 else "neutral"
        if best is None or abs(score) > abs(best[1]):
            best = (label, round(float(score), 4), (a, b, sign, weight, pat))
    return best


def stance_evidence(sentences: pd.DataFrame, mentions: pd.DataFrame | None,
                    quotes: pd.DataFrame | None, issues: IssueRegistry | str | None = None,
                    *, registry: Any = None, countries: bool = True,
                    lexicon: Lexicon | str | None = None) -> pd.DataFrame:
    """Find and classify stance evidence.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The ``sentences`` table (doc_id, sent_id, para_id, start, end, text).
    mentions : pandas.DataFrame or None
        The ``mentions`` table (pronoun mentions are used as subjects when present).
    quotes : pandas.DataFrame or None
        The ``quotes`` table from :func:`analytics.quotes.extract_quotes`.
    issues : IssueRegistry, list of Issue, str or os.PathLike, optional
        An issue registry or the path of one; the default registry otherwise.
    registry : optional
        Actor registry (person types, genders and country scopes); the default one.
    countries : bool, default True
        Also take countries/capitals named as subjects ("Russia insists") as actors.
    lexicon : Lexicon or str, optional
        Stance lexicon or its path.

    Returns
    -------
    pandas.DataFrame
        Table ``stance_evidence`` (actor, issue, doc_id, sent_id, source, label, score,
        text) plus ``trigger`` (the matched issue pattern) and ``start``/``end`` (offsets
        of the sentence or quotation part in the clean text).
    """
    if issues is None or isinstance(issues, (str, os.PathLike)):
        issues = load_issues(issues)
    if lexicon is None or isinstance(lexicon, (str, os.PathLike)):
        lexicon = load_lexicon(None if lexicon is None else str(lexicon))
    if sentences is None or len(sentences) == 0:
        return _empty()
    if registry is None:
        registry = _default_registry()
    types, genders = _person_types(registry)
    country_pats = _country_patterns(registry) if countries else []

    ments: dict[Any, list[tuple[int, int, str, str]]] = {}
    has_pronouns = False
    if mentions is not None and len(mentions):
        kinds = mentions["kind"] if "kind" in mentions.columns else pd.Series("name", index=mentions.index)
        for d, s, e, a, k in zip(mentions["doc_id"], mentions["start"], mentions["end"],
                                 mentions["actor"], kinds):
            if not isinstance(a, str) or not a:
                continue
            ments.setdefault(d, []).append((int(s), int(e), a, str(k)))
            has_pronouns = has_pronouns or k == "pronoun"
    for v in ments.values():
        v.sort()
    qby: dict[Any, list[dict]] = {}
    if quotes is not None and len(quotes):
        for r in quotes.to_dict("records"):
            qby.setdefault(r["doc_id"], []).append(r)

    rows: list[dict] = []
    srt = sentences.sort_values(["doc_id", "start"], kind="stable")
    cols = [c for c in ("doc_id", "sent_id", "start", "end", "text") if c in srt.columns]
    grouped: dict[Any, list[dict]] = {}
    for rec in zip(*(srt[c].tolist() for c in cols)):
        d = dict(zip(cols, rec))
        grouped.setdefault(d["doc_id"], []).append(d)
    for doc_id, recs in grouped.items():
        lows = [normalize(str(r["text"])).lower() for r in recs]
        dm = ments.get(doc_id, [])
        dstarts = [m[0] for m in dm]
        dq = qby.get(doc_id, [])
        qranges = [(int(q["start"]), int(q["end"])) for q in dq]
        seen_at: dict[str, int] = {}  # issue -> last sentence index with a trigger
        for idx, r in enumerate(recs):
            low = lows[idx]
            hits_by_issue = {}
            for iss in issues:
                prev_hit = idx - seen_at.get(iss.id, -99) <= 2
                h = _hits(iss, low, lows[max(0, idx - 2):idx], prev_hit)
                if h:
                    hits_by_issue[iss.id] = h
                    if any(not _is_anaphor(iss, pat) for _a, _b, _s, _w, pat in h):
                        seen_at[iss.id] = idx
            if not hits_by_issue:
                continue
            s0, s1 = int(r["start"]), int(r["end"])
            all_spans = [(a, b) for h in hits_by_issue.values() for a, b, *_ in h]
            done: set[tuple[str, str]] = set()
            # ---- quotations in this sentence
            qspans: list[tuple[int, int, dict]] = []
            for q in dq:
                qa, qb = max(int(q["start"]), s0), min(int(q["end"]), s1)
                if qa >= qb:
                    continue
                qspans.append((qa - s0, qb - s0, q))
                if q.get("kind") != "direct" or not q.get("speaker"):
                    continue
                for iid, hits in hits_by_issue.items():
                    best = _best(low, hits, qa - s0, qb - s0, all_spans, lexicon)
                    if best is None:
                        continue
                    j, hit = best
                    key = (q["speaker"], iid)
                    if key in done:
                        continue
                    done.add(key)
                    rows.append(_row(q["speaker"], iid, doc_id, r, "quote", j.label, j.score,
                                     str(r["text"])[qa - s0:qb - s0].strip(), hit, qa, qb))
            direct_q = [(a, b, q) for a, b, q in qspans if q.get("kind") == "direct"]

            def in_direct(p: int) -> dict | None:
                for a, b, q in direct_q:
                    if a - 1 <= p < b + 1:
                        return q
                return None

            # ---- passive agents: "a ceasefire deal being pushed by Trump"
            k0 = bisect.bisect_left(dstarts, s0)
            for k in range(k0, len(dm)):
                ms, me, actor, kind = dm[k]
                if ms >= s1:
                    break
                rel = ms - s0
                am = _AGENT_RE.search(low, max(0, rel - 40), rel)
                if am is None or am.end() != rel or kind == "pronoun":
                    continue
                for iid, hits in hits_by_issue.items():
                    if (actor, iid) in done:
                        continue
                    j = _agent_judgement(low, hits, am.start(1), am.group(1), lexicon)
                    if j is None:
                        continue
                    label, score, hit = j
                    done.add((actor, iid))
                    rows.append(_row(actor, iid, doc_id, r, "reported", label, score,
                                     str(r["text"]).strip(), hit, s0, s1))

            # ---- subjects of speech / action verbs
            subjects: list[tuple[int, int, str, bool]] = []  # (start, end, actor, person)
            k0 = bisect.bisect_left(dstarts, s0)
            for k in range(k0, len(dm)):
                ms, me, actor, kind = dm[k]
                if ms >= s1:
                    break
                if me > s1:
                    continue
                person = types.get(actor, "person") in ("person", "") or kind in ("pronoun", "role")
                if kind == "pronoun":
                    w = low[ms - s0:me - s0]
                    if w not in _PRONOUNS:
                        continue
                    mine = _antecedent(recs, lows, idx, ms - s0, dm, dstarts, types, genders,
                                       _PRONOUNS[w], qranges)
                    actor = mine or actor
                subjects.append((ms - s0, me - s0, actor, person))
            if not has_pronouns:
                for pm in re.finditer(r"(?:^|(?<=[,;:] )|(?<=\. ))(he|she)\b", low):
                    actor = _antecedent(recs, lows, idx, pm.start(), dm, dstarts, types,
                                        genders, _PRONOUNS[pm.group(1)], qranges)
                    if actor:
                        subjects.append((pm.start(), pm.end(), actor, True))
            for pat, names in country_pats:
                for cm in pat.finditer(low):
                    if any(a <= cm.start() < b for a, b, *_ in subjects):
                        continue
                    subjects.append((cm.start(), cm.end(), names[cm.group(1)], False))
            subjects.sort()
            taken_until = -1
            for ss, se, actor, person in subjects:
                if low[se:se + 2] == "'s" or (low[se:se + 1] == "'" and low[se - 1:se] == "s"):
                    # possessive: "Trump's envoy" is not Trump, but "Starmer's initiative
                    # aims to ..." / "Trump's plan would ..." speaks for the possessor
                    hm = _POSS_HEAD_RE.match(low, se)
                    if hm is None:
                        continue
                    se = hm.end()
                q = in_direct(ss)
                if q is not None and q.get("speaker_kind") != "office":
                    continue
                # coordination: "Starmer and Trump agreed"
                vpos = se
                co = re.match(r"\s+and\s+(?:the\s+)?", low[se:])
                if co:
                    nxt = [x for x in subjects if x[0] == se + co.end()]
                    if nxt:
                        vpos = nxt[0][1]
                verb = _find_verb(low, vpos, len(low), person)
                if verb is None:
                    continue
                if ss < taken_until and not co:
                    # inside another actor's reported clause ("X said that Y will ...")
                    continue
                v0, v1 = verb
                clause_end = len(low)
                for b in (";", ", but ", " but ", ", while ", ", whereas ", ", although "):
                    k = low.find(b, v1)
                    if k >= 0 and b.strip(", ") == "but" and low.startswith("also", k + len(b)) \
                            and "not only" in low[v1:k]:
                        k = low.find(b, k + len(b))  # "not only ... but also" is one clause
                    if k >= 0:
                        clause_end = min(clause_end, k)
                # direct quotes of other speakers inside the clause are not this actor's words
                excl = list(all_spans)
                for iid, hits in hits_by_issue.items():
                    key = (actor, iid)
                    if key in done:
                        continue
                    # words of direct quotes are their speaker's - except the office
                    # quote this subject stands in ("The prime minister reiterated ...")
                    others = [x for x in direct_q if x[2] is not q]
                    own = [h for h in hits if not _inside(h, others)]
                    best = _best(low, own, ss, clause_end, excl, lexicon)
                    label = score = None
                    hit = None
                    if best is not None:
                        j, hit = best
                        label, score = j.label, j.score
                    elif len(low[v1:clause_end].split()) <= 3 and not re.search(
                            r"\b(?:as|while|because|although|though|if|when|since|until)\s+(?:the\s+)?$",
                            low[max(0, ss - 30):ss]):
                        fb = _fronted(low, [h for h in own if h[1] <= ss], ss, clause_end,
                                      excl, lexicon, _clause_start(low, ss))
                        if fb is not None:
                            label, score, hit = fb
                    if label is None:
                        continue
                    done.add(key)
                    rows.append(_row(actor, iid, doc_id, r, "reported", label, score,
                                     str(r["text"]).strip(), hit, s0, s1))
                # the rest of the clause belongs to this actor
                taken_until = max(taken_until, clause_end) if _is_speech(low, v0, v1) else taken_until
    if not rows:
        return _empty()
    out = pd.DataFrame(rows)
    out = out.sort_values(["doc_id", "sent_id", "actor", "issue", "source"], kind="stable")
    return conform("stance_evidence", out)


_AGENT_RE = re.compile(r"\b([a-z]+(?:ed|en|wn))\s+by\s+(?:the\s+)?(?:[a-z.]+\s+){0,3}$")


def _agent_judgement(low: str, hits, part_start: int, participle: str, lex: Lexicon):
    """Stance of the agent of a passive participle toward the trigger just before it."""
    best = None
    for a, b, sign, weight, pat in hits:
        if not (0 <= part_start - b <= 40):
            continue
        cls = ""
        for c in ("oppose", "reverse", "support"):
            rx = lex.classes.get(c)
            if rx is not None and rx.fullmatch(participle):
                cls = c
                break
        if not cls:
            continue
        score = (SUPPORT_SCORE if cls == "support" else -OPPOSE_SCORE) * sign * weight
        if best is None or abs(score) > abs(best[1]):
            best = ("support" if score > 0 else "oppose", round(score, 4), (a, b, sign, weight, pat))
    return best


def _is_speech(low: str, v0: int, v1: int) -> bool:
    from ..quotes import load_cues

    w = low[v0:v1].strip()
    return w in load_cues().forms


def _inside(hit, spans) -> bool:
    return any(a - 1 <= hit[0] and hit[1] <= b + 1 for a, b, _q in spans)


def _clause_start(low: str, pos: int) -> int:
    k = max(low.rfind(";", 0, pos), low.rfind(": ", 0, pos))
    return k + 1 if k >= 0 else 0


def _antecedent(recs, lows, idx, pos, dm, dstarts, types, genders, gender,
                qranges=()) -> str:
    """Pronoun resolution: the first person mention (not possessive, not inside a
    quotation) of the same sentence before the pronoun, else of the previous ones."""
    for j in range(idx, max(-1, idx - 3), -1):
        s0, s1 = int(recs[j]["start"]), int(recs[j]["end"])
        lim = s0 + pos if j == idx else s1
        k = bisect.bisect_left(dstarts, s0)
        for t in range(k, len(dm)):
            ms, me, actor, kind = dm[t]
            if ms >= lim:
                break
            if kind == "pronoun" or types.get(actor, "person") != "person":
                continue
            if any(a <= ms < b for a, b in qranges):
                continue
            g = genders.get(actor, "")
            if g and g[0] != gender[0]:
                continue
            if lows[j][me - s0:me - s0 + 2] == "'s":
                continue
            return actor
    return ""


def _row(actor, iid, doc_id, r, source, label, score, text, hit, a, b) -> dict:
    return {
        "actor": actor, "issue": iid, "doc_id": doc_id, "sent_id": r["sent_id"],
        "source": source, "label": label, "score": float(score), "text": text,
        "trigger": hit[4] if hit else "", "start": int(a), "end": int(b),
    }


def _empty() -> pd.DataFrame:
    df = empty("stance_evidence")
    for c in ("trigger", "start", "end"):
        df[c] = pd.Series(dtype="object")
    return df


def stance_table(evidence: pd.DataFrame, *, shrink: float = 1.0,
                 threshold: float = 0.1) -> pd.DataFrame:
    """Aggregate evidence into one stance per (actor, issue).

    Parameters
    ----------
    evidence : pandas.DataFrame
        The ``stance_evidence`` table.
    shrink : float, default 1
        Pseudo-count of neutral evidence: ``score = mean * n / (n + shrink)``.
    threshold : float, default 0.1
        ``|score|`` needed for ``support``/``oppose``.

    Returns
    -------
    pandas.DataFrame
        Table ``stance`` (actor, issue, stance, score, n_evidence, evidence) plus
        ``n_support``, ``n_oppose``, ``n_neutral``; sorted by actor then issue.
    """
    if evidence is None or len(evidence) == 0:
        df = empty("stance")
        for c in ("n_support", "n_oppose", "n_neutral"):
            df[c] = pd.Series(dtype="int64")
        return df
    rows = []
    ev = evidence.sort_values(["actor", "issue", "doc_id", "sent_id"], kind="stable")
    for (actor, issue), g in ev.groupby(["actor", "issue"], sort=True):
        scores = g["score"].astype(float).to_numpy()
        n = len(scores)
        score = float(np.mean(scores)) * n / (n + shrink) if n else 0.0
        score = max(-1.0, min(1.0, round(score, 4)))
        stance = "support" if score >= threshold else "oppose" if score <= -threshold else "neutral"
        # strongest piece in the direction of the stance (first on ties)
        order = np.argsort(-np.abs(scores), kind="stable")
        pick = order[0]
        if stance != "neutral":
            for i in order:
                if np.sign(scores[i]) == np.sign(score):
                    pick = i
                    break
        rows.append({
            "actor": actor, "issue": issue, "stance": stance, "score": score,
            "n_evidence": int(n), "evidence": str(g["text"].iloc[pick]),
            "n_support": int((g["label"] == "support").sum()),
            "n_oppose": int((g["label"] == "oppose").sum()),
            "n_neutral": int((g["label"] == "neutral").sum()),
        })
    out = pd.DataFrame(rows).sort_values(["actor", "issue"], kind="stable")
    return conform("stance", out)
