"""Remove web boilerplate from articles, recording every removed span.

Cleaning works line by line (a line is a paragraph in news text). Each line is
normalised (:func:`analytics.text.normalize`) and checked against the rules in
``analytics/lang/en/boilerplate.yaml`` (users can add their own file). Two structural
rules complement the patterns: a paragraph repeated verbatim within a document is
kept once (``repeated_paragraph``), and a short provider label directly before a
removed consent block is removed with it (``embed_label``).

Rules with ``match: span`` remove pieces of a line instead of the whole line: the
markup of embedded social-media posts (``<tweet id="..." author="@...">``, links to
``pic.twitter.com`` and ``t.co``, the ``— Name (@handle) June 29, 2016`` signature of
an embed), so that tag attributes never become quotations nor topic terms. A line left
with nothing but punctuation is removed whole, under the span rule's name.

The clean text keeps the remaining lines, stripped of surrounding white space,
joined by ``\\n``; a blank line separates blocks where the input had blank lines.
Every removed line and span appears in the ``removed`` table; nothing disappears
silently.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import pandas as pd
import yaml

from .. import schema
from ..errors import InputError
from ..lang import en
from ..safe.regex import compile_user_regex
from ..text import normalize
from ..safe.yaml import compose_yaml, construct, read_yaml_text

_WS = re.compile(r"\s+")


#: Rules only look at lines up to this many characters (a boilerplate line is short;
#: the cap also bounds the time any pattern can take on one line).
MAX_RULE_LINE_CHARS = 2000
_RULE_KEYS = ("name", "description", "match", "pattern", "max_chars", "all")


@dataclass(frozen=True)
class Rule:
    """One boilerplate rule (see ``analytics/lang/en/boilerplate.yaml``)."""

    name: str
    pattern: re.Pattern
    match: str = "line"
    max_chars: int | None = None
    all: tuple[re.Pattern, ...] = ()
    description: str = ""

    def applies(self, line: str) -> bool:
        """Return True when ``line`` (normalised, stripped) is boilerplate by this rule.

        Lines longer than ``max_chars`` (and than :data:`MAX_RULE_LINE_CHARS`) never are.
        """
        limit = MAX_RULE_LINE_CHARS if self.max_chars is None else min(
            self.max_chars, MAX_RULE_LINE_CHARS)
        if len(line) > limit:
            return False
        if self.match == "span":
            return False  # removes pieces of a line (see spans()), never the whole line
        hit = (self.pattern.fullmatch(line) if self.match == "line"
               else self.pattern.search(line))
        return bool(hit) and all(p.search(line) for p in self.all)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    value = construct(node)
    return "empty" if value is None else f"{type(value).__name__} {value!r}"


def _scalar_str(node: yaml.Node, where: str, field: str, *, optional: bool = False
                ) -> str | None:
    value = construct(node) if isinstance(node, yaml.ScalarNode) else node
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise InputError(f"'{field}' must be text, got {_kind(node)}", where)
    return value


def _parse_rule(node: yaml.Node, path: str, index: int) -> Rule:
    line = node.start_mark.line + 1
    where = f"{path}, line {line}, rule {index}"
    if not isinstance(node, yaml.MappingNode):
        raise InputError(f"a rule must be a mapping with 'name' and 'pattern', got "
                         f"{_kind(node)}", where)
    fields = {construct(kn): (kn, vn) for kn, vn in node.value}
    if "name" not in fields:
        raise InputError("the rule needs a 'name'", where)
    name = _scalar_str(fields["name"][1], where, "name")
    assert name is not None
    if not name.strip():
        raise InputError("'name' is empty; give the rule a name", where)
    where = f"{path}, line {line}, rule {name!r}"
    for key, (kn, _) in fields.items():
        if not isinstance(key, str) or key not in _RULE_KEYS:
            raise InputError(f"unknown field {key!r} (line {kn.start_mark.line + 1}); a rule "
                             f"has {', '.join(_RULE_KEYS)}", where)
    if "pattern" not in fields:
        raise InputError("the rule needs a 'pattern'", where)
    fields = {k: v for k, (_, v) in fields.items()}
    match = "line"
    if "match" in fields:
        match = _scalar_str(fields["match"], where, "match") or ""
        if match not in ("line", "search", "span"):
            raise InputError(f"'match' must be 'line', 'search' or 'span', not {match!r}",
                             where)
    max_chars = None
    if "max_chars" in fields:
        value = construct(fields["max_chars"]) if isinstance(
            fields["max_chars"], yaml.ScalarNode) else fields["max_chars"]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or value < 1):
            raise InputError(f"'max_chars' must be a whole number, 1 or more, got "
                             f"{_kind(fields['max_chars'])}", where)
        max_chars = value
    description = ""
    if "description" in fields:
        description = _scalar_str(fields["description"], where, "description",
                                  optional=True) or ""
    pnode = fields["pattern"]
    if not isinstance(pnode, yaml.ScalarNode) or not isinstance(construct(pnode), str):
        raise InputError(f"'pattern' must be text (a regular expression), got {_kind(pnode)}",
                         where)
    pattern = compile_user_regex(construct(pnode), flags=re.IGNORECASE, where=where,
                                 what="'pattern'")
    extra: list[re.Pattern] = []
    if "all" in fields:
        anode = fields["all"]
        if isinstance(anode, yaml.SequenceNode):
            for j, item in enumerate(anode.value):
                if not isinstance(item, yaml.ScalarNode) or not isinstance(
                        construct(item), str):
                    raise InputError(f"'all' item {j + 1} must be text (a regular "
                                     f"expression), got {_kind(item)}", where)
                extra.append(compile_user_regex(construct(item), flags=re.IGNORECASE,
                                                where=where, what=f"'all' item {j + 1}"))
        elif not (isinstance(anode, yaml.ScalarNode) and construct(anode) is None):
            raise InputError(f"'all' must be a list of regular expressions, got "
                             f"{_kind(anode)}", where)
    return Rule(name=name, pattern=pattern, match=match, max_chars=max_chars,
                all=tuple(extra), description=description)


def _parse_rules(root: yaml.Node | None, path: str) -> list[Rule]:
    if not isinstance(root, yaml.MappingNode):
        raise InputError("a boilerplate file must be a mapping with a 'rules' list "
                         "(see analytics/lang/en/boilerplate.yaml)", path)
    rules_node = None
    for kn, vn in root.value:
        key = construct(kn)
        if key != "rules":
            raise InputError(f"line {kn.start_mark.line + 1}: unknown top-level key {key!r}; "
                             "a boilerplate file has one key, 'rules'", path)
        rules_node = vn
    if not isinstance(rules_node, yaml.SequenceNode):
        got = "nothing" if rules_node is None else _kind(rules_node)
        raise InputError(f"'rules' must be a list of rules, got {got}", path)
    return [_parse_rule(n, path, i + 1) for i, n in enumerate(rules_node.value)]


def load_rules(path: str | Path | None = None, *, replace: bool = False) -> list[Rule]:
    """Load boilerplate rules.

    A user file is read safely (:func:`analytics.safe.yaml.read_yaml_text`: at most
    1 MB, UTF-8, no YAML aliases) and every field is checked; patterns that could
    backtrack for ever are refused (:func:`analytics.safe.regex.compile_user_regex`).

    Parameters
    ----------
    path : str or Path, optional
        A YAML file in the format of ``analytics/lang/en/boilerplate.yaml``.
    replace : bool, default False
        Use only the rules of ``path`` instead of adding them to the defaults.

    Returns
    -------
    list of Rule

    Raises
    ------
    InputError
        Naming the file, line, rule and field for a file that is missing, too large,
        not UTF-8, not valid YAML, uses aliases, or holds a wrong value.
    """
    rules: list[Rule] = []
    if path is None or not replace:
        text = en.text("boilerplate")
        where = en.source("boilerplate")
        rules += _parse_rules(compose_yaml(text, source=where), where)
    if path is not None:
        text = read_yaml_text(path, what="boilerplate file")
        rules += _parse_rules(compose_yaml(text, source=str(path)), str(path))
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


def spans(line: str, rules: Iterable[Rule]) -> list[tuple[int, int, str]]:
    """The pieces the ``span`` rules remove from one line.

    Parameters
    ----------
    line : str
        A normalised line (:func:`analytics.text.normalize`: same offsets as the input).
    rules : iterable of Rule
        Only the rules with ``match == "span"`` are used.

    Returns
    -------
    list of (start, end, rule)
        Offsets in ``line``, in order; overlapping matches are merged (the first rule's
        name is kept).
    """
    found: list[tuple[int, int, str]] = []
    if len(line) > MAX_RULE_LINE_CHARS * 8:
        return found
    for rule in rules:
        if rule.match != "span":
            continue
        for m in rule.pattern.finditer(line):
            if m.end() > m.start() and all(p.search(line) for p in rule.all):
                found.append((m.start(), m.end(), rule.name))
    found.sort()
    out: list[tuple[int, int, str]] = []
    for a, b, name in found:
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]), out[-1][2])
            continue
        out.append((a, b, name))
    return out


_WORD_CHAR = re.compile(r"\w")


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
    cuts: list[list[tuple[int, int, str]]] = []  # per line: pieces removed by span rules
    span_rules = [r for r in rules if r.match == "span"]
    pos = 0
    for norm_line in normalize(text).split("\n"):  # same length: offsets carry over
        start, end = pos, pos + len(norm_line)
        pos = end + 1
        cut = spans(norm_line, span_rules) if span_rules else []
        if cut:
            # keep only what is left of the line (for the other rules and duplicates)
            kept, k = [], 0
            for a, b, _r in cut:
                kept.append(norm_line[k:a])
                k = b
            kept.append(norm_line[k:])
            rest = " ".join("".join(kept).split())
        else:
            rest = norm_line.strip()
        lines.append((start, end, rest))
        cuts.append(cut)
    verdict: list[str | None] = []
    seen: set[str] = set()
    for (_, _, norm), cut in zip(lines, cuts):
        if cut and not _WORD_CHAR.search(norm):
            verdict.append(cut[0][2])  # nothing left but punctuation: the whole line
            continue
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
    for (start, end, norm), rule, cut in zip(lines, verdict, cuts):
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
        sep = ("\n\n" if pending_blank else "\n") if out else ""
        if cut:
            piece = _cut_line(text, start, raw_line, cut, doc_id, clean_len + len(sep),
                              removed)
        else:
            piece = raw_line.strip()
            # strip() also removes non-breaking and zero-width spaces at the edges
        out.append(sep + piece)
        clean_len += len(sep) + len(piece)
        pending_blank = False
    return CleanResult(text="".join(out), removed=removed)


def _cut_line(text: str, start: int, raw_line: str, cut: list[tuple[int, int, str]],
              doc_id: str, offset: int, removed: list[dict[str, Any]]) -> str:
    """``raw_line`` without the pieces in ``cut`` (stripped), each recorded in ``removed``
    with its offsets in ``text`` and where it would have been in the clean text."""
    lead = len(raw_line) - len(raw_line.lstrip())
    parts: list[str] = []
    k = 0
    kept = 0  # characters kept so far, after the leading white space
    for a, b, rule in cut:
        seg = raw_line[k:a]
        if k < lead:
            seg = raw_line[max(k, lead):a] if a > lead else ""
        parts.append(seg)
        kept += len(seg)
        removed.append({"doc_id": doc_id, "start": start + a, "end": start + b,
                        "clean_offset": offset + kept, "text": text[start + a:start + b],
                        "rule": rule})
        k = b
    parts.append(raw_line[max(k, lead):])
    piece = "".join(parts)
    stripped = piece.strip()
    if len(stripped) != len(piece):  # white space left at the end by a removed piece
        cut_lead = len(piece) - len(piece.lstrip())
        for r in removed[len(removed) - len(cut):]:
            r["clean_offset"] = min(max(offset, r["clean_offset"] - cut_lead),
                                    offset + len(stripped))
    return stripped


def clean_corpus(corpus: pd.DataFrame, rules: list[Rule] | None = None, *,
                 dedupe_paragraphs: bool = True,
                 dedupe_documents: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every document of a corpus.

    Parameters
    ----------
    corpus : pandas.DataFrame
        The output of :func:`analytics.corpus.load.load_corpus`.
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
