"""Remove web boilerplate from articles, recording every removed span.

Cleaning works line by line (a line is a paragraph in news text). Each line is
normalised (:func:`analytics.textnorm.normalize`) and checked against the rules in
``analytics/data/boilerplate.yaml`` (users can add their own file). Two structural
rules complement the patterns: a paragraph repeated verbatim within a document is
kept once (``repeated_paragraph``), and a short provider label directly before a
removed consent block is removed with it (``embed_label``).

The clean text keeps the remaining lines, stripped of surrounding white space,
joined by ``\\n``; a blank line separates blocks where the input had blank lines.
Every removed line appears in the ``removed`` table; nothing disappears silently.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import pandas as pd
import yaml

from . import schema
from .errors import InputError
from .textnorm import normalize

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Rule:
    """One boilerplate rule (see ``analytics/data/boilerplate.yaml``)."""

    name: str
    pattern: re.Pattern
    match: str = "line"
    max_chars: int | None = None
    all: tuple[re.Pattern, ...] = ()
    description: str = ""

    def applies(self, line: str) -> bool:
        """Return True when ``line`` (normalised, stripped) is boilerplate by this rule."""
        if self.max_chars is not None and len(line) > self.max_chars:
            return False
        hit = (self.pattern.fullmatch(line) if self.match == "line"
               else self.pattern.search(line))
        return bool(hit) and all(p.search(line) for p in self.all)


def _parse_rules(data: Any, where: str) -> list[Rule]:
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise InputError("a boilerplate file must be a mapping with a 'rules' list", where)
    rules = []
    for i, r in enumerate(data["rules"]):
        if not isinstance(r, dict) or "name" not in r or "pattern" not in r:
            raise InputError(f"rule {i + 1} needs at least 'name' and 'pattern'", where)
        if r.get("match", "line") not in {"line", "search"}:
            raise InputError(f"rule {r['name']!r}: match must be 'line' or 'search'", where)
        try:
            pat = re.compile(str(r["pattern"]), re.IGNORECASE)
            extra = tuple(re.compile(str(p), re.IGNORECASE) for p in r.get("all", []) or [])
        except re.error as exc:
            raise InputError(f"rule {r['name']!r}: invalid regular expression ({exc})",
                             where) from exc
        rules.append(Rule(name=str(r["name"]), pattern=pat, match=r.get("match", "line"),
                          max_chars=r.get("max_chars"), all=extra,
                          description=str(r.get("description", ""))))
    return rules


def load_rules(path: str | Path | None = None, *, replace: bool = False) -> list[Rule]:
    """Load boilerplate rules.

    Parameters
    ----------
    path : str or Path, optional
        A YAML file in the format of ``analytics/data/boilerplate.yaml``.
    replace : bool, default False
        Use only the rules of ``path`` instead of adding them to the defaults.

    Returns
    -------
    list of Rule
    """
    rules: list[Rule] = []
    if path is None or not replace:
        text = resources.files("analytics").joinpath("data/boilerplate.yaml").read_text(
            encoding="utf-8")
        rules += _parse_rules(yaml.safe_load(text), "analytics/data/boilerplate.yaml")
    if path is not None:
        p = Path(path)
        try:
            data = yaml.safe_load(p.read_text(encoding="utf-8"))
        except OSError as exc:
            raise InputError(f"cannot read boilerplate rules ({exc.strerror})", str(p)) from exc
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            loc = f"{p}:{mark.line + 1}" if mark else str(p)
            raise InputError(f"invalid YAML ({getattr(exc, 'problem', exc)})", loc) from exc
        rules += _parse_rules(data, str(p))
    return rules


@dataclass
class CleanResult:
    """The clean text of one document and the spans removed from it."""

    text: str
    removed: list[dict[str, Any]]


def _classify(line: str, rules: Iterable[Rule]) -> str | None:
    for rule in rules:
        if rule.applies(line):
            return rule.name
    return None


def _key(line: str) -> str:
    return _WS.sub(" ", line).strip().lower()


def content_key(text: str) -> str:
    """A digest of a text that ignores case and white space: equal keys mean two
    documents (or paragraphs) are exact duplicates for the reader."""
    return hashlib.sha1(_key(text).encode("utf-8")).hexdigest()


def clean_text(text: str, rules: list[Rule] | None = None, *, doc_id: str = "",
               dedupe_paragraphs: bool = True, min_repeat_chars: int = 25) -> CleanResult:
    """Clean one document.

    Parameters
    ----------
    text : str
        Decoded input text with ``\\n`` newlines.
    rules : list of Rule, optional
        Defaults to :func:`load_rules`.
    doc_id : str
        Recorded in the removed spans.
    dedupe_paragraphs : bool, default True
        Remove later verbatim copies of a paragraph within the document.
    min_repeat_chars : int, default 25
        Shorter repeated lines (e.g. a repeated sub-heading) are kept.

    Returns
    -------
    CleanResult
        ``text`` is the clean text; ``removed`` lists dicts with doc_id, start,
        end (offsets into the input ``text``), clean_offset, text and rule.
    """
    rules = load_rules() if rules is None else rules
    # Pass 1: locate lines and classify them.
    lines: list[tuple[int, int, str]] = []  # (start, end, stripped-normalised)
    pos = 0
    for norm_line in normalize(text).split("\n"):  # same length: offsets carry over
        start, end = pos, pos + len(norm_line)
        pos = end + 1
        lines.append((start, end, norm_line.strip()))
    verdict: list[str | None] = []
    seen: set[str] = set()
    for _, _, norm in lines:
        if not norm:
            verdict.append(None)
            continue
        rule = _classify(norm, rules)
        if rule is None and dedupe_paragraphs and len(norm) >= min_repeat_chars:
            k = _key(norm)
            if k in seen:
                rule = "repeated_paragraph"
            seen.add(k)
        verdict.append(rule)
    # Pass 2: embed labels - a short line directly before a consent block, named in it.
    for i, (_, _, norm) in enumerate(lines):
        if verdict[i] is not None or not norm or len(norm) > 40 or len(norm.split()) > 4:
            continue
        j = i + 1
        while j < len(lines) and not lines[j][2]:
            j += 1
        if j < len(lines) and verdict[j] == "cookie_consent" and \
                norm.lower() in lines[j][2].lower():
            verdict[i] = "embed_label"
    # Pass 3: build the clean text and the removed records.
    out: list[str] = []
    removed: list[dict[str, Any]] = []
    clean_len = 0
    pending_blank = False
    for (start, end, norm), rule in zip(lines, verdict):
        raw_line = text[start:end]
        if rule is not None:
            lstrip = len(raw_line) - len(raw_line.lstrip())
            s = start + lstrip
            e = start + len(raw_line.rstrip())
            removed.append({"doc_id": doc_id, "start": s, "end": e,
                            "clean_offset": clean_len, "text": text[s:e], "rule": rule})
            continue
        if not norm:
            pending_blank = bool(out)
            continue
        piece = raw_line.strip()
        # strip() also removes non-breaking and zero-width spaces at the edges
        sep = ("\n\n" if pending_blank else "\n") if out else ""
        out.append(sep + piece)
        clean_len += len(sep) + len(piece)
        pending_blank = False
    return CleanResult(text="".join(out), removed=removed)


def clean_corpus(corpus: pd.DataFrame, rules: list[Rule] | None = None, *,
                 dedupe_paragraphs: bool = True,
                 dedupe_documents: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every document of a corpus.

    Parameters
    ----------
    corpus : pandas.DataFrame
        The output of :func:`analytics.load.load_corpus`.
    rules : list of Rule, optional
        Boilerplate rules; defaults to the shipped rules.
    dedupe_paragraphs : bool, default True
        Drop later copies of a paragraph repeated within a document (recorded).
    dedupe_documents : bool, default True
        Mark exact duplicate documents (same clean text) as skipped, pointing at the
        first copy in ``duplicate_of``.

    Returns
    -------
    documents : pandas.DataFrame
        The corpus with ``text`` replaced by the clean text and ``n_removed``,
        ``duplicate_of`` added.
    removed : pandas.DataFrame
        Table ``removed``: doc_id, start, end, clean_offset, text, rule.
    """
    rules = load_rules() if rules is None else rules
    docs = corpus.copy()
    texts, n_removed, all_removed = [], [], []
    for doc_id, text, status in zip(docs["doc_id"], docs["text"], docs["status"]):
        if status != "ok":
            texts.append(text or "")
            n_removed.append(0)
            continue
        res = clean_text(text, rules, doc_id=doc_id, dedupe_paragraphs=dedupe_paragraphs)
        texts.append(res.text)
        n_removed.append(len(res.removed))
        all_removed.extend(res.removed)
    docs["text"] = texts
    docs["n_removed"] = n_removed
    docs["duplicate_of"] = None
    ok = docs["status"] == "ok"
    empty_after = ok & (docs["text"].str.strip() == "")
    docs.loc[empty_after, "status"] = "skipped: nothing left after removing boilerplate"
    if dedupe_documents:
        first: dict[str, str] = {}
        for i in docs.index[docs["status"] == "ok"]:
            k = content_key(docs.at[i, "text"])
            if k in first:
                docs.at[i, "duplicate_of"] = first[k]
                docs.at[i, "status"] = f"skipped: exact duplicate of {first[k]}"
            else:
                first[k] = docs.at[i, "doc_id"]
    removed = (pd.DataFrame.from_records(all_removed, columns=schema.TABLES["removed"])
               if all_removed else schema.empty("removed"))
    removed = removed.astype({"start": "int64", "end": "int64", "clean_offset": "int64"})
    return docs, schema.conform("removed", removed)
