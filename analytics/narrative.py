"""Written findings: turn an :class:`~analytics.pipeline.Analysis` into prose.

Every finding is a :class:`Finding` whose ``text`` is plain prose built only from
numbers found in (or counted from) the analysis tables, whose ``numbers`` dict holds
those raw values, and whose ``evidence`` list holds the sentences that back it up.
Where evidence is thin -- leaders flagged ``low_evidence``, overlapping tone
intervals, stances resting on one sentence -- the text says so instead of claiming a
difference.

Article text is untrusted. :func:`summary_markdown` / :func:`section_markdown` escape
HTML *and* Markdown syntax in everything that comes from the corpus;
:func:`findings_html` escapes everything with :func:`html.escape`.

Examples
--------
>>> from analytics.narrative import findings, summary_markdown  # doctest: +SKIP
>>> for f in findings(analysis):                                 # doctest: +SKIP
...     print(f.section, f.text)
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

import pandas as pd

from analytics import schema

#: Sections in reading order, with their display titles.
SECTIONS: dict[str, str] = {
    "corpus": "The corpus",
    "topics": "Topics",
    "actors": "Who is in the news",
    "comentions": "Who appears with whom",
    "tone": "Tone of coverage per leader",
    "stance": "What the leaders support and oppose",
}

#: Minimum number of evidence sentences before a stance is stated without a caveat.
MIN_STANCE_EVIDENCE = 2
#: Most leaders described one by one (tone, stance); the others are in the tables.
MAX_DETAILED = 15
#: Most names listed in one sentence before "and N others".
MAX_LISTED = 8
#: Longest quoted evidence, in characters (longer sentences are shortened with "...").
MAX_QUOTE = 320
#: Longest document title shown in prose (tables keep the full title).
MAX_TITLE = 300


@dataclass
class Evidence:
    """One sentence (or paragraph) quoted in support of a finding."""

    text: str
    doc_id: str | None = None
    title: str | None = None
    sent_id: Any = None
    note: str | None = None

    def to_dict(self) -> dict:
        return {"text": self.text, "doc_id": self.doc_id, "title": self.title,
                "sent_id": self.sent_id, "note": self.note}


@dataclass
class Finding:
    """A written finding.

    Attributes
    ----------
    section : str
        One of :data:`SECTIONS`.
    text : str
        Plain-text prose (no markup). Titles, labels and quotes are in curly quotes.
    evidence : list of Evidence
        Quoted sentences backing the finding (untrusted article text, unescaped).
    numbers : dict
        Every number stated in ``text`` -> its raw value from the tables.
    headline : bool
        Whether the finding belongs on the report's front page.
    caveat : bool
        True when the finding reports that evidence is too thin to conclude.
    """

    section: str
    text: str
    evidence: list[Evidence] = field(default_factory=list)
    numbers: dict[str, Any] = field(default_factory=dict)
    headline: bool = False
    caveat: bool = False

    def to_dict(self) -> dict:
        return {"section": self.section, "text": self.text,
                "evidence": [e.to_dict() for e in self.evidence],
                "numbers": dict(self.numbers), "headline": self.headline,
                "caveat": self.caveat}


# ----------------------------------------------------------------------------------
# table access and formatting helpers
# ----------------------------------------------------------------------------------

def table(analysis: Any, name: str) -> pd.DataFrame:
    """Return table ``name`` of ``analysis`` (attribute or ``tables`` entry), or empty."""
    df = None
    tables = getattr(analysis, "tables", None)
    if isinstance(tables, dict) and name in tables:
        df = tables[name]
    elif isinstance(analysis, dict) and name in analysis:
        df = analysis[name]
    elif hasattr(analysis, name):
        df = getattr(analysis, name)
    if not isinstance(df, pd.DataFrame):
        return schema.empty(name)
    return df


def fmt_int(n: Any) -> str:
    """Format a count: ``1234 -> '1,234'``."""
    return f"{int(n):,}"


def fmt_tone(x: Any) -> str:
    """Format a signed score with two decimals and an explicit sign: ``+0.12``."""
    x = float(x)
    if abs(x) < 0.005:
        return "0.00"
    return f"{x:+.2f}"


def fmt_pct(x: Any) -> str:
    """Format a share in [0, 1] as a whole percentage: ``0.345 -> '35%'``."""
    return f"{100 * float(x):.0f}%"


def fmt_num(x: Any) -> str:
    """Format a non-negative weight: integers as counts, others with two decimals."""
    x = float(x)
    if x == int(x):
        return fmt_int(x)
    return f"{x:.2f}"


def quoted(s: Any) -> str:
    """Wrap untrusted text in curly quotes (marks it as not-ours in plain prose)."""
    return f"\u201c{_clean_ws(s)}\u201d"


def _clean_ws(s: Any) -> str:
    return re.sub(r"\s+", " ", str(s if s is not None else "")).strip()


def shorten(s: Any, limit: int = MAX_QUOTE) -> str:
    """Collapse whitespace and cut ``s`` at a word boundary to at most ``limit`` chars."""
    s = _clean_ws(s)
    if len(s) <= limit:
        return s
    cut = s[: limit - 3].rsplit(" ", 1)[0]
    return cut + "..."


def _present(v: Any) -> bool:
    if v is None:
        return False
    try:
        if pd.isna(v):
            return False
    except (TypeError, ValueError):
        pass
    return str(v).strip() != ""


def _join(items: list[str]) -> str:
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{fmt_int(n)} {word if int(n) == 1 else (plural or word + 's')}"


def doc_label(title: Any, text: Any, doc_id: Any, words: int = 9) -> str:
    """How a document is named to readers: its title, else its opening words."""
    if _present(title):
        return shorten(title, MAX_TITLE)
    w = _clean_ws(text).split(" ")
    if w and w[0]:
        return " ".join(w[:words]) + ("\u2026" if len(w) > words else "")
    return str(doc_id)


def _titles(analysis: Any) -> dict:
    cache = getattr(analysis, "__dict__", {}).get("_narrative_titles")
    if cache is not None:
        return cache
    docs = table(analysis, "documents")
    out = {r["doc_id"]: doc_label(r.get("title"), r.get("text"), r["doc_id"])
           for _, r in docs.iterrows()}
    try:
        analysis.__dict__["_narrative_titles"] = out
    except (AttributeError, TypeError):
        pass
    return out


def _sentence_text(analysis: Any, doc_id: Any, sent_id: Any) -> str | None:
    sents = table(analysis, "sentences")
    if sents.empty:
        return None
    hit = sents[(sents["doc_id"] == doc_id) & (sents["sent_id"] == sent_id)]
    if hit.empty:
        return None
    return str(hit.iloc[0]["text"])


def _evidence(analysis: Any, doc_id: Any, sent_id: Any, text: str | None = None,
              note: str | None = None) -> Evidence | None:
    if text is None or not _present(text):
        text = _sentence_text(analysis, doc_id, sent_id)
    if text is None or not _present(text):
        return None
    title = _titles(analysis).get(doc_id)
    return Evidence(text=shorten(text), doc_id=None if doc_id is None else str(doc_id),
                    title=title, sent_id=None if not _present(sent_id) else sent_id,
                    note=note)


def _actor_mentions(analysis: Any) -> pd.DataFrame:
    m = table(analysis, "mentions")
    if m.empty:
        return m
    m = m[m["actor"].map(_present)]
    if "resolved" in m.columns:
        res = m["resolved"]
        # keep rows that are resolved (True) or unspecified
        keep = res.isna() | res.astype(str).str.lower().isin(["true", "1", "yes"])
        if keep.any():
            m = m[keep]
    opts = getattr(analysis, "options", None) or {}
    if "kind" in m.columns and not (isinstance(opts, dict) and opts.get("pronouns")):
        m = m[m["kind"].astype(str) != "pronoun"]
    return m


# ----------------------------------------------------------------------------------
# sections
# ----------------------------------------------------------------------------------

def _corpus(analysis: Any) -> list[Finding]:
    docs = table(analysis, "documents")
    out: list[Finding] = []
    if docs.empty:
        return [Finding("corpus", "The corpus is empty: no documents were loaded.",
                        headline=True, caveat=True)]
    n_docs = len(docs)
    nums: dict[str, Any] = {"documents": n_docs}
    parts = [f"The corpus has {_plural(n_docs, 'document')}"]
    n_sent = pd.to_numeric(docs["n_sentences"], errors="coerce").fillna(0).sum()
    n_chars = pd.to_numeric(docs["n_chars"], errors="coerce").fillna(0).sum()
    if n_sent:
        nums["sentences"] = int(n_sent)
        parts.append(f" with {_plural(int(n_sent), 'sentence')}")
    if n_chars:
        nums["characters"] = int(n_chars)
        parts.append(f" ({fmt_int(n_chars)} characters of clean text)")
    outlets = docs["outlet"][docs["outlet"].map(_present)]
    if len(outlets):
        counts = outlets.astype(str).value_counts()
        nums["outlets"] = len(counts)
        parts.append(f" from {_plural(len(counts), 'outlet')}")
    text = "".join(parts) + "."
    dates = pd.to_datetime(docs["date"], errors="coerce", utc=True).dropna()
    if len(dates):
        lo, hi = dates.min().date().isoformat(), dates.max().date().isoformat()
        nums["dated_documents"] = len(dates)
        nums["first_date"], nums["last_date"] = lo, hi
        if lo == hi:
            text += f" {_plural(len(dates), 'document')} carry a date, all {lo}."
        else:
            text += (f" {_plural(len(dates), 'document')} carry a publication date, "
                     f"from {lo} to {hi}.")
    else:
        text += " No document carries a publication date, so there is no timeline."
    dup = docs["duplicate_of"].map(_present).sum()
    if dup:
        nums["duplicates"] = int(dup)
        text += f" {_plural(int(dup), 'document')} duplicate another and are counted once."
    status = docs["status"].astype(str)
    skipped = docs[~status.isin(["ok", "nan", "None", ""])]
    if len(skipped):
        nums["skipped"] = len(skipped)
        reasons = skipped["status"].astype(str).str.replace(r"^skipped:\s*", "", regex=True)
        reasons = reasons.str.split(";").str[0].str.split(" - ").str[0]
        text += (f" {_plural(len(skipped), 'document')} could not be analysed "
                 f"({_join(sorted(set(quoted(r) for r in reasons))[:3])}).")
    out.append(Finding("corpus", text, numbers=nums, headline=True))

    removed = table(analysis, "removed")
    if not removed.empty:
        rem = removed.copy()
        rem["chars"] = (pd.to_numeric(rem["end"], errors="coerce")
                        - pd.to_numeric(rem["start"], errors="coerce")).fillna(0)
        by_rule = rem.groupby(rem["rule"].astype(str)).agg(spans=("rule", "size"),
                                                           chars=("chars", "sum"))
        by_rule = by_rule.sort_values(["chars", "spans"], ascending=False)
        nums = {"removed_spans": len(rem), "removed_chars": int(rem["chars"].sum()),
                "removed_documents": int(rem["doc_id"].nunique())}
        pieces = []
        for rule, r in by_rule.head(5).iterrows():
            nums[f"removed_spans[{rule}]"] = int(r["spans"])
            nums[f"removed_chars[{rule}]"] = int(r["chars"])
            pieces.append(f"{quoted(rule)} ({_plural(int(r['spans']), 'span')}, "
                          f"{fmt_int(r['chars'])} characters)")
        text = (f"Cleaning removed {_plural(len(rem), 'span')} "
                f"({fmt_int(rem['chars'].sum())} characters) from "
                f"{_plural(int(rem['doc_id'].nunique()), 'document')}; by rule: "
                f"{_join(pieces)}.")
        ev = []
        top = rem.sort_values("chars", ascending=False).head(1)
        for _, r in top.iterrows():
            ev.append(Evidence(text=shorten(r["text"], 160), doc_id=str(r["doc_id"]),
                               title=_titles(analysis).get(r["doc_id"]),
                               note=f"removed by {r['rule']}"))
        out.append(Finding("corpus", text, evidence=ev, numbers=nums))
    else:
        out.append(Finding("corpus", "Cleaning removed nothing from these documents."))
    return out


def _topics(analysis: Any) -> list[Finding]:
    topics = table(analysis, "topics")
    if topics.empty:
        return [Finding("topics", "No topics were found (the corpus may be too small "
                        "to model topics).", caveat=True)]
    t = topics.copy()
    t["_w"] = pd.to_numeric(t["weight"], errors="coerce")
    t["_s"] = pd.to_numeric(t["size"], errors="coerce")
    t = t.sort_values(["_w", "_s"], ascending=False, na_position="last")
    shares = t["_w"].dropna()
    is_share = len(shares) and shares.between(0, 1).all()
    out: list[Finding] = []
    pieces, nums = [], {"topics": len(t)}
    for i, (_, r) in enumerate(t.head(3).iterrows()):
        label = _topic_label(r)
        desc = quoted(label)
        extra = []
        if pd.notna(r["_w"]):
            if is_share:
                extra.append(f"{fmt_pct(r['_w'])} of the coverage")
                nums[f"weight[{r['topic']}]"] = float(r["_w"])
            else:
                extra.append(f"weight {fmt_num(r['_w'])}")
                nums[f"weight[{r['topic']}]"] = float(r["_w"])
        if pd.notna(r["_s"]):
            extra.append(_plural(int(r["_s"]), "paragraph"))
            nums[f"size[{r['topic']}]"] = int(r["_s"])
        if extra:
            desc += f" ({', '.join(extra)})"
        pieces.append(desc)
    text = (f"The analysis found {_plural(len(t), 'topic')}. "
            f"The largest {'is' if len(pieces) == 1 else 'are'} {_join(pieces)}.")
    if len(t) >= 2 and is_share and pd.notna(t["_w"].iloc[0]) and pd.notna(t["_w"].iloc[1]):
        if abs(t["_w"].iloc[0] - t["_w"].iloc[1]) < 0.05:
            text += (" The two largest topics are about the same size, so neither "
                     "clearly dominates.")
    ev = []
    top_topic = t.iloc[0]["topic"]
    para = _top_paragraph(analysis, top_topic)
    if para is not None:
        ev.append(para)
    out.append(Finding("topics", text, evidence=ev, numbers=nums, headline=True))

    # which actors drive the main topics
    ta = table(analysis, "topic_actors")
    if not ta.empty:
        for _, r in t.head(3).iterrows():
            sub = ta[ta["topic"] == r["topic"]].copy()
            if sub.empty:
                continue
            sub["_m"] = pd.to_numeric(sub["mentions"], errors="coerce").fillna(0)
            sub = sub.sort_values("_m", ascending=False).head(3)
            sub = sub[sub["_m"] > 0]
            if sub.empty:
                continue
            nums = {f"mentions[{a}]": int(m) for a, m in zip(sub["actor"], sub["_m"])}
            names = [f"{a} ({_plural(int(m), 'mention')})" for a, m in
                     zip(sub["actor"], sub["_m"])]
            out.append(Finding(
                "topics",
                f"In topic {quoted(_topic_label(r))} the most mentioned actors are "
                f"{_join(names)}.", numbers=nums))
    return out


def _topic_label(r: Any) -> str:
    label = r.get("label")
    if _present(label):
        return _clean_ws(label)
    terms = r.get("top_terms")
    if isinstance(terms, (list, tuple)) or hasattr(terms, "tolist"):
        return ", ".join(map(str, list(terms)[:4]))
    if _present(terms):
        return ", ".join(re.split(r"[,;|]\s*|\s+", str(terms))[:4])
    return f"topic {r.get('topic')}"


def _top_paragraph(analysis: Any, topic: Any) -> Evidence | None:
    ta = table(analysis, "topic_assignments")
    paras = table(analysis, "paragraphs")
    if ta.empty or paras.empty:
        return None
    sub = ta[ta["topic"] == topic].copy()
    if sub.empty:
        return None
    sub["_w"] = pd.to_numeric(sub["weight"], errors="coerce")
    merged = sub.merge(paras, on=["doc_id", "para_id"], how="inner")
    if "kind" in merged.columns:
        body = merged[merged["kind"].astype(str).isin(["body", "paragraph", "text", "nan"])]
        if not body.empty:
            merged = body
    if merged.empty:
        return None
    merged["_len"] = merged["text"].astype(str).str.len()
    r = merged.sort_values(["_w", "_len"], ascending=False).iloc[0]
    return Evidence(text=shorten(r["text"]), doc_id=str(r["doc_id"]),
                    title=_titles(analysis).get(r["doc_id"]),
                    note="paragraph most typical of the topic")


def _actors(analysis: Any) -> list[Finding]:
    m = _actor_mentions(analysis)
    docs = table(analysis, "documents")
    n_docs = len(docs)
    if m.empty:
        return [Finding("actors", "No known actors were found in the documents.",
                        caveat=True, headline=True)]
    counts = (m.groupby("actor").agg(mentions=("actor", "size"),
                                     documents=("doc_id", "nunique"))
              .sort_values(["mentions", "documents"], ascending=False))
    out: list[Finding] = []
    top = counts.head(5)
    first = top.index[0]
    nums: dict[str, Any] = {"actors": len(counts), "documents": n_docs}
    pieces = []
    for actor, r in top.iterrows():
        nums[f"mentions[{actor}]"] = int(r["mentions"])
        nums[f"documents[{actor}]"] = int(r["documents"])
    r0 = top.iloc[0]
    tied = top[top["mentions"] == r0["mentions"]]
    text = f"{_plural(len(counts), 'actor')} {'is' if len(counts) == 1 else 'are'} mentioned."
    if len(tied) > 1:
        text += (f" {_join(list(tied.index))} are mentioned equally often "
                 f"({_plural(int(r0['mentions']), 'mention')} each)")
        rest = top.iloc[len(tied):]
    else:
        text += (f" The most mentioned is {first}, with "
                 f"{_plural(int(r0['mentions']), 'mention')} in {fmt_int(r0['documents'])} "
                 f"of {_plural(n_docs, 'document')}")
        rest = top.iloc[1:]
    for actor, r in rest.iterrows():
        pieces.append(f"{actor} ({_plural(int(r['mentions']), 'mention')}, "
                      f"{_plural(int(r['documents']), 'document')})")
    text += f", followed by {_join(pieces)}." if pieces else "."
    # where: the document mentioning the top actor most
    per_doc = m[m["actor"] == first].groupby("doc_id").size().sort_values(ascending=False)
    if len(per_doc):
        doc, k = per_doc.index[0], int(per_doc.iloc[0])
        nums[f"mentions[{first}@{doc}]"] = k
        text += (f" {first} is mentioned most often in "
                 f"{quoted(_titles(analysis).get(doc, doc))} ({_plural(k, 'mention')}).")
    ev = []
    sent = _first_sentence_of(analysis, m, first, alone=True)
    if sent is not None:
        ev.append(sent)
    out.append(Finding("actors", text, evidence=ev, numbers=nums, headline=True))

    # outlets
    if "outlet" in docs.columns and docs["outlet"].map(_present).sum() > 1:
        mo = m.merge(docs[["doc_id", "outlet"]], on="doc_id", how="left")
        mo = mo[mo["outlet"].map(_present)]
        if mo["outlet"].nunique() > 1:
            per = mo[mo["actor"] == first].groupby("outlet").size().sort_values(
                ascending=False)
            if len(per):
                nums2 = {f"mentions[{first}@{o}]": int(v) for o, v in per.head(3).items()}
                pieces = [f"{quoted(o)} ({_plural(int(v), 'mention')})"
                          for o, v in per.head(3).items()]
                out.append(Finding("actors", f"{first} appears most in {_join(pieces)}.",
                                   numbers=nums2))

    # names outside the registry
    cand = table(analysis, "candidates")
    if not cand.empty:
        c = cand.copy()
        c["_m"] = pd.to_numeric(c["mentions"], errors="coerce").fillna(0)
        c = c.sort_values("_m", ascending=False).head(5)
        c = c[c["_m"] > 0]
        if not c.empty:
            nums3 = {f"candidate_mentions[{n}]": int(v) for n, v in zip(c["name"], c["_m"])}
            pieces = [f"{quoted(n)} ({_plural(int(v), 'mention')})"
                      for n, v in zip(c["name"], c["_m"])]
            counted = set(m["actor"].astype(str))
            if all(str(n) in counted for n in c["name"]):
                tail = ("They are counted above as discovered actors; add them to the "
                        "registry to track their other names and roles too.")
            else:
                tail = ("They are not counted above; add them to the registry if they "
                        "matter.")
            out.append(Finding(
                "actors",
                "Names that are not in the actor registry but recur in the text: "
                f"{_join(pieces)}. {tail}", numbers=nums3))
    return out


def _first_sentence_of(analysis: Any, m: pd.DataFrame, actor: str,
                       other: str | None = None, alone: bool = False) -> Evidence | None:
    a = m[m["actor"] == actor][["doc_id", "sent_id"]].drop_duplicates()
    if alone:
        n_act = m.groupby(["doc_id", "sent_id"])["actor"].nunique().rename("_k").reset_index()
        solo = a.merge(n_act[n_act["_k"] == 1], on=["doc_id", "sent_id"])[["doc_id", "sent_id"]]
        if not solo.empty:
            a = solo
    if other is not None:
        b = m[m["actor"] == other][["doc_id", "sent_id"]].drop_duplicates()
        a = a.merge(b, on=["doc_id", "sent_id"])
    a = a[a["sent_id"].map(_present)]
    sents = table(analysis, "sentences")
    if a.empty or sents.empty:
        return None
    merged = a.merge(sents[["doc_id", "sent_id", "text"]], on=["doc_id", "sent_id"])
    if merged.empty:
        return None
    merged["_len"] = merged["text"].astype(str).str.len()
    # prefer a sentence of readable length
    ok = merged[(merged["_len"] >= 40) & (merged["_len"] <= MAX_QUOTE)]
    r = (ok if not ok.empty else merged).iloc[0]
    return Evidence(text=shorten(r["text"]), doc_id=str(r["doc_id"]),
                    title=_titles(analysis).get(r["doc_id"]), sent_id=r["sent_id"])


_LEVEL_ORDER = ["sentence", "paragraph", "window", "document"]
_UNIT_WORD = {"sentence": "sentence", "paragraph": "paragraph", "document": "document",
              "window": "window"}


def pick_comentions(analysis: Any) -> tuple[pd.DataFrame, str | None, str | None]:
    """Co-mention rows of the finest level and the simplest measure available.

    Returns
    -------
    (DataFrame, level, measure)
        Rows sorted by ``n_units`` then ``weight`` (descending).
    """
    cm = table(analysis, "comentions")
    if cm.empty:
        return cm, None, None
    levels = [lv for lv in _LEVEL_ORDER if lv in set(cm["level"].astype(str))]
    level = levels[0] if levels else str(cm["level"].iloc[0])
    sub = cm[cm["level"].astype(str) == level]
    measures = list(dict.fromkeys(sub["measure"].astype(str)))
    measure = "count" if "count" in measures else measures[0]
    sub = sub[sub["measure"].astype(str) == measure].copy()
    sub["_n"] = pd.to_numeric(sub["n_units"], errors="coerce").fillna(0)
    sub["_w"] = pd.to_numeric(sub["weight"], errors="coerce").fillna(0)
    sub = sub[sub["source"] != sub["target"]]
    sub = sub.sort_values(["_n", "_w"], ascending=False)
    return sub, level, measure


def _comentions(analysis: Any) -> list[Finding]:
    sub, level, measure = pick_comentions(analysis)
    if sub.empty:
        return [Finding("comentions", "No two actors are mentioned together.",
                        caveat=True)]
    unit = _UNIT_WORD.get(level, level or "unit")
    out: list[Finding] = []
    top = sub.head(3)
    pieces, nums = [], {}
    for _, r in top.iterrows():
        key = f"{r['source']}+{r['target']}"
        nums[f"n_units[{key}]"] = int(r["_n"])
        desc = f"{r['source']} and {r['target']} ({_plural(int(r['_n']), unit)}"
        if measure not in (None, "count"):
            nums[f"weight[{key}]"] = float(r["_w"])
            desc += f", {measure} {fmt_num(r['_w'])}"
        pieces.append(desc + ")")
    if len(pieces) == 1:
        text = (f"Counting actors named in the same {unit}, the only pair named together "
                f"is {pieces[0]}.")
    else:
        text = (f"Counting actors named in the same {unit}, the pairs that appear together "
                f"most are {_join(pieces)}.")
    if int(top.iloc[0]["_n"]) <= 2:
        text += (" These are small counts: co-mention patterns in this corpus are "
                 "tentative.")
    ev = []
    m = _actor_mentions(analysis)
    r0 = top.iloc[0]
    if not m.empty:
        e = _first_sentence_of(analysis, m, r0["source"], r0["target"])
        if e is not None:
            ev.append(e)
    out.append(Finding("comentions", text, evidence=ev, numbers=nums, headline=True,
                       caveat=int(top.iloc[0]["_n"]) <= 2))

    # each of the top-3 actors' main partner
    mm = _actor_mentions(analysis)
    if not mm.empty:
        top_actors = mm["actor"].value_counts().head(3).index
        pieces, nums = [], {}
        for a in top_actors:
            rows = sub[(sub["source"] == a) | (sub["target"] == a)]
            if rows.empty:
                continue
            r = rows.iloc[0]
            partner = r["target"] if r["source"] == a else r["source"]
            nums[f"n_units[{a}+{partner}]"] = int(r["_n"])
            pieces.append(f"{a} appears most often with {partner} "
                          f"({_plural(int(r['_n']), unit)})")
        if pieces:
            out.append(Finding("comentions", "; ".join(pieces) + ".", numbers=nums))
    return out


def _bool(v: Any) -> bool:
    if isinstance(v, str):
        return v.strip().lower() in ("true", "1", "yes")
    try:
        return bool(v) and not pd.isna(v)
    except (TypeError, ValueError):
        return bool(v)


def _ci_level(analysis: Any) -> float:
    """Confidence level of the tone intervals (from the analysis options; 0.95)."""
    opts = getattr(analysis, "options", None) or {}
    for key in ("tone_ci", "ci", "confidence", "ci_level", "tone_ci_level"):
        v = opts.get(key) if isinstance(opts, dict) else None
        if isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v < 1:
            return float(v)
    return 0.95


def _tone(analysis: Any) -> list[Finding]:
    leaders = table(analysis, "leaders")
    if leaders.empty:
        return [Finding("tone", "No political leader is mentioned, so there is no "
                        "tone to report.", caveat=True, headline=True)]
    level = _ci_level(analysis)
    ci = f"{fmt_pct(level)} interval"
    ld = leaders.copy()
    for c in ("tone_mean", "tone_ci_low", "tone_ci_high", "share_positive",
              "share_negative", "share_neutral", "mentions", "documents"):
        ld[c] = pd.to_numeric(ld[c], errors="coerce")
    ld["_low"] = ld["low_evidence"].map(_bool)
    ld = ld[ld["tone_mean"].notna()].sort_values("tone_mean")
    out: list[Finding] = []
    solid = ld[~ld["_low"]]
    # headline comparison
    if len(solid) >= 2:
        neg, pos = solid.iloc[0], solid.iloc[-1]
        nums = {"ci_level": level, f"tone_mean[{neg['actor']}]": float(neg["tone_mean"]),
                f"tone_ci_low[{neg['actor']}]": float(neg["tone_ci_low"]),
                f"tone_ci_high[{neg['actor']}]": float(neg["tone_ci_high"]),
                f"tone_mean[{pos['actor']}]": float(pos["tone_mean"]),
                f"tone_ci_low[{pos['actor']}]": float(pos["tone_ci_low"]),
                f"tone_ci_high[{pos['actor']}]": float(pos["tone_ci_high"])}
        a = (f"{fmt_tone(neg['tone_mean'])} for {neg['actor']} ({ci} "
             f"{fmt_tone(neg['tone_ci_low'])} to {fmt_tone(neg['tone_ci_high'])})")
        b = (f"{fmt_tone(pos['tone_mean'])} for {pos['actor']} ({ci} "
             f"{fmt_tone(pos['tone_ci_low'])} to {fmt_tone(pos['tone_ci_high'])})")
        separated = (pd.notna(neg["tone_ci_high"]) and pd.notna(pos["tone_ci_low"])
                     and neg["tone_ci_high"] < pos["tone_ci_low"])
        if separated:
            text = (f"Coverage around {neg['actor']} is the most negative and around "
                    f"{pos['actor']} the most positive of the leaders with enough "
                    f"mentions: mean tone {a} versus {b}. The intervals do not overlap, "
                    f"so the difference is unlikely to be noise.")
            caveat = False
        else:
            text = (f"Mean tone ranges from {a} to {b}, but the intervals overlap, so "
                    f"these data do not show that coverage of one leader is clearly "
                    f"more negative or positive than of another.")
            caveat = True
        out.append(Finding("tone", text, numbers=nums, headline=True, caveat=caveat))
    elif len(solid) == 1:
        r = solid.iloc[0]
        out.append(Finding(
            "tone", f"Only {r['actor']} is mentioned often enough to estimate tone "
                    f"reliably; no comparison between leaders is possible.",
            headline=True, caveat=True))
    else:
        out.append(Finding(
            "tone", "Every leader is mentioned too rarely for a reliable tone estimate; "
                    "their figures in the leaders table are indicative only.", headline=True, caveat=True))

    # one finding per leader with enough evidence; the others grouped
    tone_rows = table(analysis, "tone")
    by_mentions = ld.sort_values("mentions", ascending=False)
    low = by_mentions[by_mentions["_low"]]
    solid_all = by_mentions[~by_mentions["_low"]]
    for _, r in solid_all.head(MAX_DETAILED).iterrows():
        actor = r["actor"]
        nums = {"ci_level": level, "tone_mean": float(r["tone_mean"]),
                "tone_ci_low": float(r["tone_ci_low"]),
                "tone_ci_high": float(r["tone_ci_high"])}
        text = (f"{actor}: mean tone {fmt_tone(r['tone_mean'])} ({ci} "
                f"{fmt_tone(r['tone_ci_low'])} to {fmt_tone(r['tone_ci_high'])})")
        if pd.notna(r["mentions"]):
            nums["mentions"] = int(r["mentions"])
            text += f" over {_plural(int(r['mentions']), 'mention')}"
            if pd.notna(r["documents"]):
                nums["documents"] = int(r["documents"])
                text += f" in {_plural(int(r['documents']), 'document')}"
        text += "."
        if pd.notna(r["share_positive"]) and pd.notna(r["share_negative"]):
            nums["share_positive"] = float(r["share_positive"])
            nums["share_negative"] = float(r["share_negative"])
            text += (f" {fmt_pct(r['share_positive'])} of the scored passages are "
                     f"positive and {fmt_pct(r['share_negative'])} negative.")
        lo, hi = r["tone_ci_low"], r["tone_ci_high"]
        if r["_low"]:
            text += " Too few mentions for a reliable estimate: treat as indicative only."
        elif pd.notna(lo) and lo > 0:
            text += " The whole interval is above zero: coverage leans positive."
        elif pd.notna(hi) and hi < 0:
            text += " The whole interval is below zero: coverage leans negative."
        else:
            text += " The interval includes zero: no clear lean either way."
        ev = _tone_evidence(analysis, tone_rows, actor)
        out.append(Finding("tone", text, evidence=ev, numbers=nums, caveat=bool(r["_low"])))
    if len(solid_all) > MAX_DETAILED:
        rest = len(solid_all) - MAX_DETAILED
        out.append(Finding(
            "tone", f"{_plural(rest, 'more leader')} with enough mentions "
                    f"{'is' if rest == 1 else 'are'} in the leaders table and the chart.",
            numbers={"more": rest}))
    if len(low):
        shown = low.head(MAX_LISTED)
        nums, pieces = {}, []
        for _, r in shown.iterrows():
            piece = str(r["actor"])
            if pd.notna(r["mentions"]):
                nums[f"mentions[{r['actor']}]"] = int(r["mentions"])
                piece += f" ({_plural(int(r['mentions']), 'mention')}"
                if pd.notna(r["documents"]):
                    nums[f"documents[{r['actor']}]"] = int(r["documents"])
                    piece += f", {_plural(int(r['documents']), 'document')}"
                piece += ")"
            pieces.append(piece)
        rest = len(low) - len(shown)
        if rest:
            nums["others"] = rest
            pieces.append(f"{_plural(rest, 'other leader')}")
        out.append(Finding(
            "tone", f"Too few mentions for a reliable tone estimate: {_join(pieces)}. "
                    "Their figures are in the leaders table but are not compared here.",
            numbers=nums, caveat=True))
    out.append(Finding(
        "tone", "How tone is measured: every mention is scored for the tone toward that "
                "person, not the tone of the whole sentence, by a model trained on "
                "human-labelled political news. It misreads some single sentences "
                "(irony, long quotations, accusations, where the accuser can also come out "
                "negative), so compare averages and their intervals rather than single "
                "labels, and read the example sentences.", caveat=True))
    return out


def _tone_evidence(analysis: Any, tone_rows: pd.DataFrame, actor: str) -> list[Evidence]:
    if tone_rows.empty:
        return []
    sub = tone_rows[tone_rows["actor"] == actor].copy()
    sub["_s"] = pd.to_numeric(sub["score"], errors="coerce")
    sub = sub.dropna(subset=["_s"])
    if sub.empty:
        return []
    out = []
    lo = sub.sort_values("_s").iloc[0]
    hi = sub.sort_values("_s").iloc[-1]
    for r, note in ((lo, "most negative passage"), (hi, "most positive passage")):
        if (note.startswith("most negative") and r["_s"] >= 0) or (
                note.startswith("most positive") and r["_s"] <= 0):
            continue
        e = _evidence(analysis, r["doc_id"], r["sent_id"],
                      note=f"{note}, score {fmt_tone(r['_s'])}")
        if e is not None and all(e.text != x.text for x in out):
            out.append(e)
    return out


_STANCE_VERB = {
    "support": "supports", "supports": "supports", "favor": "supports",
    "favour": "supports", "pro": "supports", "for": "supports",
    "oppose": "opposes", "opposes": "opposes", "against": "opposes", "con": "opposes",
    "mixed": "has mixed positions on", "neutral": "takes no clear side on",
    "unclear": "takes no clear side on", "none": "takes no clear side on",
}


def issue_labels(analysis: Any) -> dict[str, str]:
    """Issue id -> readable label, from the issue registry the analysis used."""
    cache = getattr(analysis, "__dict__", {}).get("_narrative_issue_labels")
    if cache is not None:
        return cache
    out: dict[str, str] = {}
    try:
        from analytics.stance import load_issues
        opts = getattr(analysis, "options", None) or {}
        path = opts.get("issues") if isinstance(opts, dict) else None
        if path in (None, "None", ""):
            path = None
        out = {i.id: i.label for i in load_issues(path) if getattr(i, "label", None)}
    except Exception:  # noqa: BLE001 - labels are cosmetic; ids still work
        out = {}
    try:
        analysis.__dict__["_narrative_issue_labels"] = out
    except (AttributeError, TypeError):
        pass
    return out


def _issue(analysis: Any, issue: Any) -> str:
    label = issue_labels(analysis).get(str(issue))
    return label if label else str(issue).replace("_", " ")


_SOURCE_NOTE = {"quote": "in their own words", "reported": "reported position"}


def _stance(analysis: Any) -> list[Finding]:
    st = table(analysis, "stance")
    if st.empty:
        return [Finding("stance", "No stance on any tracked issue could be attributed "
                        "to a leader in these documents.", caveat=True, headline=True)]
    ev_tab = table(analysis, "stance_evidence")
    s = st.copy()
    s["_n"] = pd.to_numeric(s["n_evidence"], errors="coerce").fillna(0).astype(int)
    s["_score"] = pd.to_numeric(s["score"], errors="coerce")
    s["_abs"] = s["_score"].abs().fillna(0)
    leaders = table(analysis, "leaders")
    others = s.iloc[0:0]
    if not leaders.empty:
        is_leader = s["actor"].isin(set(leaders["actor"]))
        if is_leader.any():
            others = s[~is_leader]
            s = s[is_leader]
    out: list[Finding] = []
    solid_findings: list[Finding] = []
    order = s.groupby("actor")["_n"].sum().sort_values(ascending=False, kind="stable").index
    n_thin = int((s[~s["actor"].isin(order[:MAX_DETAILED])]["_n"] < MIN_STANCE_EVIDENCE).sum())
    for actor in order[:MAX_DETAILED]:
        rows = s[s["actor"] == actor].sort_values(["_n", "_abs"], ascending=False)
        for _, r in rows[rows["_n"] >= MIN_STANCE_EVIDENCE].iterrows():
            label = str(r["stance"]).strip().lower()
            verb = _STANCE_VERB.get(label, f"is {label} on")
            n = int(r["_n"])
            nums = {f"n_evidence[{actor}|{r['issue']}]": n}
            text = (f"{actor} {verb} {quoted(_issue(analysis, r['issue']))} "
                    f"({_plural(n, 'piece')} of evidence")
            if pd.notna(r["_score"]):
                nums[f"score[{actor}|{r['issue']}]"] = float(r["_score"])
                text += f", score {fmt_tone(r['_score'])}"
            text += ")."
            ev = _stance_evidence(analysis, ev_tab, actor, r["issue"], label, r["evidence"])
            f = Finding("stance", text, evidence=ev, numbers=nums)
            out.append(f)
            if verb in ("supports", "opposes"):
                solid_findings.append(f)
        thin = rows[rows["_n"] < MIN_STANCE_EVIDENCE]
        if len(thin):
            n_thin += len(thin)
            groups: dict[str, list[str]] = {}
            ev = []
            for _, r in thin.iterrows():
                label = str(r["stance"]).strip().lower()
                verb = _STANCE_VERB.get(label, f"is {label} on")
                groups.setdefault(verb, []).append(quoted(_issue(analysis, r["issue"])))
                e = _stance_evidence(analysis, ev_tab, actor, r["issue"], label,
                                     r["evidence"], limit=1)
                for x in e:
                    x.note = "; ".join(filter(None, [f"{verb} {_issue(analysis, r['issue'])}",
                                                     x.note]))
                ev += e
            pieces = [f"{verb} {_join(issues)}" for verb, issues in groups.items()]
            out.append(Finding(
                "stance",
                f"{actor} {'; '.join(pieces)}, "
                + ("each on a single sentence: read the sentences before relying on "
                   "them." if len(thin) > 1 else
                   "on a single sentence: read it before relying on it."),
                evidence=ev, caveat=True))
    nums = {"stances": len(s), "leaders": int(s["actor"].nunique()),
            "issues": int(s["issue"].nunique())}
    head = (f"{_plural(len(s), 'stance')} of {_plural(s['actor'].nunique(), 'leader')} "
            f"on {_plural(s['issue'].nunique(), 'issue')} were found")
    if n_thin:
        nums["thin"] = n_thin
        head += (f"; {fmt_int(n_thin)} of them "
                 f"{'rests' if n_thin == 1 else 'rest'} on a single sentence")
    head += "."
    ev = []
    if solid_findings:
        best = max(solid_findings, key=lambda f: max(
            [v for k, v in f.numbers.items() if k.startswith("n_evidence")] or [0]))
        head += " Best supported: " + best.text
        nums.update(best.numbers)
        ev = best.evidence[:1]
    else:
        head += " None rests on more than one sentence, so no stance is well established."
    out.insert(0, Finding("stance", head, evidence=ev, numbers=nums, headline=True,
                          caveat=not solid_findings))
    if len(order) > MAX_DETAILED:
        rest = len(order) - MAX_DETAILED
        out.append(Finding("stance", f"The stances of {_plural(rest, 'more leader')} are in "
                                     "the stance table and the chart.",
                           numbers={"more": rest}))
    if len(others):
        names = list(dict.fromkeys(others["actor"].astype(str)))
        nums = {"other_actors": len(names), "other_stances": len(others)}
        shown = [n for n in names[:MAX_LISTED]]
        extra = len(names) - len(shown)
        out.append(Finding(
            "stance",
            f"{_plural(len(others), 'stance')} of {_plural(len(names), 'other actor')} "
            f"(countries, institutions, officials: {_join(shown + ([f'{extra} more'] if extra else []))}) "
            f"are in the stance table but not described here.",
            numbers=dict(nums, **({"more": extra} if extra else {}))))
    return out


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
                src = str(r["source"]) if _present(r["source"]) else None
                note = _SOURCE_NOTE.get(src, src) if src else None
                e = _evidence(analysis, r["doc_id"], r["sent_id"], text=r["text"], note=note)
                if e is not None:
                    out.append(e)
    if not out and isinstance(fallback, str) and _present(fallback):
        out.append(Evidence(text=shorten(fallback)))
    return out


def tone_overview(analysis: Any) -> pd.DataFrame:
    """One row per leader with enough evidence: mentions, mean tone, interval, reading.

    Columns ``leader, mentions, documents, mean tone, interval, reading`` (strings
    formatted as in the prose), sorted from most negative to most positive.
    """
    cols = ["leader", "mentions", "documents", "mean tone", "interval", "reading"]
    ld = table(analysis, "leaders")
    if ld.empty:
        return pd.DataFrame(columns=cols)
    ld = ld.copy()
    for c in ("tone_mean", "tone_ci_low", "tone_ci_high", "mentions", "documents"):
        ld[c] = pd.to_numeric(ld[c], errors="coerce")
    ld = ld[~ld["low_evidence"].map(_bool) & ld["tone_mean"].notna()].sort_values("tone_mean")
    rows = []
    for _, r in ld.iterrows():
        lo, hi = r["tone_ci_low"], r["tone_ci_high"]
        reading = ("leans positive" if pd.notna(lo) and lo > 0 else
                   "leans negative" if pd.notna(hi) and hi < 0 else "no clear lean")
        rows.append({"leader": r["actor"],
                     "mentions": fmt_int(r["mentions"]) if pd.notna(r["mentions"]) else "",
                     "documents": fmt_int(r["documents"]) if pd.notna(r["documents"]) else "",
                     "mean tone": fmt_tone(r["tone_mean"]),
                     "interval": f"{fmt_tone(lo)} to {fmt_tone(hi)}",
                     "reading": reading})
    return pd.DataFrame(rows, columns=cols)


def stance_overview(analysis: Any, min_evidence: int = MIN_STANCE_EVIDENCE) -> pd.DataFrame:
    """What each leader supports / opposes, on at least ``min_evidence`` sentences.

    Columns ``leader, supports, opposes``; each cell lists issues with the number of
    evidence sentences, e.g. ``"Ceasefire (5)"``.
    """
    cols = ["leader", "supports", "opposes"]
    st = table(analysis, "stance")
    if st.empty:
        return pd.DataFrame(columns=cols)
    s = st.copy()
    s["_n"] = pd.to_numeric(s["n_evidence"], errors="coerce").fillna(0).astype(int)
    s = s[s["_n"] >= min_evidence]
    leaders = table(analysis, "leaders")
    if not leaders.empty and s["actor"].isin(set(leaders["actor"])).any():
        s = s[s["actor"].isin(set(leaders["actor"]))]
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
            rows.append({"leader": actor, **cell})
    return pd.DataFrame(rows, columns=cols)


_BUILDERS = {
    "corpus": _corpus, "topics": _topics, "actors": _actors,
    "comentions": _comentions, "tone": _tone, "stance": _stance,
}


# ----------------------------------------------------------------------------------
# public API
# ----------------------------------------------------------------------------------

def findings(analysis: Any, sections: Iterable[str] | None = None) -> list[Finding]:
    """Written findings for ``analysis``, in :data:`SECTIONS` order.

    Parameters
    ----------
    analysis : Analysis
        Anything with one DataFrame per :data:`analytics.schema.TABLES` entry, as
        attributes or in a ``tables`` dict. Missing tables count as empty.
    sections : iterable of str, optional
        Restrict to these sections.

    Returns
    -------
    list of Finding
    """
    wanted = list(SECTIONS) if sections is None else list(sections)
    unknown = [s for s in wanted if s not in SECTIONS]
    if unknown:
        raise ValueError(f"unknown section(s) {unknown}; choose from {list(SECTIONS)}")
    out: list[Finding] = []
    for name in wanted:
        out.extend(_BUILDERS[name](analysis))
    return out


def headlines(analysis: Any) -> list[Finding]:
    """The findings meant for a report's front page (one or two per section)."""
    return [f for f in findings(analysis) if f.headline]


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def escape_markdown(text: Any) -> str:
    """Make untrusted text inert in Markdown: escape HTML, then Markdown syntax."""
    s = html.escape(_clean_ws(text), quote=True)
    return _MD_SPECIAL.sub(r"\\\1", s)


def _evidence_md(e: Evidence) -> str:
    src = []
    if e.title:
        src.append(escape_markdown(e.title))
    if e.note:
        src.append(escape_markdown(e.note))
    tail = f" ({'; '.join(src)})" if src else ""
    return f"> {escape_markdown(e.text)}{tail}"


def _finding_md(f: Finding) -> str:
    lines = [escape_markdown(f.text)]
    for e in f.evidence:
        lines.append("")
        lines.append(_evidence_md(e))
    return "\n".join(lines)


def section_markdown(analysis: Any, section: str, *, heading: bool = True) -> str:
    """Markdown for one section (HTML and Markdown in article text are escaped)."""
    fs = findings(analysis, [section])
    parts = [f"## {SECTIONS[section]}"] if heading else []
    parts += [_finding_md(f) for f in fs]
    return "\n\n".join(parts) + "\n"


def summary_markdown(analysis: Any, *, headline_only: bool = False) -> str:
    """Markdown for all findings (or only the headline ones), section by section."""
    parts = ["# Findings"]
    for section, title in SECTIONS.items():
        fs = findings(analysis, [section])
        if headline_only:
            fs = [f for f in fs if f.headline]
        if not fs:
            continue
        parts.append(f"## {title}")
        parts += [_finding_md(f) for f in fs]
    return "\n\n".join(parts) + "\n"


def finding_html(f: Finding) -> str:
    """One finding as escaped HTML: a paragraph and a blockquote per evidence item."""
    cls = "finding caveat" if f.caveat else "finding"
    out = [f'<div class="{cls}" data-section="{html.escape(f.section)}">',
           f"<p>{html.escape(f.text)}</p>"]
    for e in f.evidence:
        src = []
        if e.title:
            src.append(f"<cite>{html.escape(e.title)}</cite>")
        if e.note:
            src.append(html.escape(e.note))
        out.append('<blockquote class="evidence"><p>'
                   f"{html.escape(e.text)}</p>"
                   + (f"<footer>{' &middot; '.join(src)}</footer>" if src else "")
                   + "</blockquote>")
    out.append("</div>")
    return "\n".join(out)


def findings_html(analysis: Any, section: str | None = None, *,
                  headline_only: bool = False, details_only: bool = False,
                  heading: bool = False, heading_level: int = 2) -> str:
    """Findings as escaped HTML (all, one section, the headline ones or the others)."""
    sections = list(SECTIONS) if section is None else [section]
    parts = []
    for s in sections:
        fs = findings(analysis, [s])
        if headline_only:
            fs = [f for f in fs if f.headline]
        if details_only:
            fs = [f for f in fs if not f.headline]
        if not fs:
            continue
        if heading:
            parts.append(f"<h{heading_level}>{html.escape(SECTIONS[s])}</h{heading_level}>")
        parts += [finding_html(f) for f in fs]
    return '<div class="findings">\n' + "\n".join(parts) + "\n</div>"


__all__ = [
    "Evidence", "Finding", "SECTIONS", "findings", "headlines", "summary_markdown",
    "section_markdown", "findings_html", "finding_html", "escape_markdown", "table",
    "pick_comentions", "doc_label", "issue_labels", "tone_overview", "stance_overview", "fmt_int", "fmt_tone", "fmt_pct", "fmt_num",
]
