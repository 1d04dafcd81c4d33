"""Issue registry and pattern language for stance detection.

An issue is a policy question ("should Ukraine join NATO?") with trigger phrases.
Registries are YAML files (see ``analytics/data/issues.yaml`` for the format); a
malformed file raises :class:`analytics.errors.RegistryError` naming the file and line.

Pattern syntax ("regex-lite", case-insensitive, matched on normalised lower-case text):

- ``word``: the word; ``word*``: any word starting with ``word`` (``sanction*``);
  a ``*`` inside a word matches any letters (``defen*e`` = defence/defense);
- ``a|b``: either word at this position;
- ``...``: up to four words in between;
- a space also matches a hyphen (``cease fire`` matches ``cease-fire``);
- ``re:<regex>``: a raw Python regular expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import RegistryError

__all__ = ["Issue", "Term", "IssueRegistry", "load_issues", "compile_pattern", "load_lexicon",
           "Lexicon"]

_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_GAP = r"(?:[\s\-\"']+[^\s]+){0,4}?[\s\-\"']+"
_SEP = r"[\s\-\"']+"


def compile_pattern(pattern: str) -> re.Pattern:
    """Compile one regex-lite pattern (see module docstring) to a regular expression.

    Raises
    ------
    ValueError
        If the pattern is empty or (for ``re:``) not a valid regular expression.
    """
    pattern = str(pattern).strip()
    if not pattern:
        raise ValueError("empty pattern")
    if pattern.startswith("re:"):
        try:
            return re.compile(pattern[3:].strip(), re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {pattern[3:]!r}: {exc}") from exc
    tokens = pattern.lower().split()
    parts: list[str] = []
    pending_gap = False
    for tok in tokens:
        if tok == "...":
            pending_gap = True
            continue
        alts = []
        for alt in tok.split("|"):
            if not alt:
                continue
            pieces = [re.escape(p) for p in alt.split("*")]
            if alt.endswith("*"):
                alts.append(r"[\w']*".join(pieces[:-1]) + r"[\w'\-]*")
            else:
                alts.append(r"[a-z]*".join(pieces))
        if not alts:
            raise ValueError(f"empty alternative in pattern {pattern!r}")
        tok_re = "(?:" + "|".join(alts) + ")"
        if parts:
            parts.append(_GAP if pending_gap else _SEP)
        parts.append(tok_re)
        pending_gap = False
    if not parts:
        raise ValueError(f"pattern {pattern!r} has no words")
    return re.compile(r"(?<![\w])" + "".join(parts) + r"(?![\w])", re.IGNORECASE)


def _anchors(pattern: str) -> tuple[str, ...]:
    """Literal substrings one of which must occur for ``pattern`` to match (a fast
    prefilter); empty for raw regular expressions."""
    pattern = str(pattern).strip().lower()
    if pattern.startswith("re:"):
        return ()
    best: tuple[str, ...] = ()
    best_len = -1
    for tok in pattern.split():
        if tok == "...":
            continue
        lits = tuple(alt.split("*")[0] for alt in tok.split("|") if alt)
        if not lits or any(not x for x in lits):
            continue
        shortest = min(len(x) for x in lits)
        if shortest > best_len:
            best, best_len = lits, shortest
    return best


@dataclass(frozen=True)
class Term:
    """One trigger pattern of an issue."""

    pattern: str
    regex: re.Pattern
    sign: int = 1  # +1: asserting it favours the issue; -1: goes against it
    weight: float = 1.0

    @property
    def anchors(self) -> tuple[str, ...]:
        return _anchor_cache(self.pattern)

    def finditer(self, text: str):
        anchors = self.anchors
        if anchors and not any(a in text for a in anchors):
            return iter(())
        return self.regex.finditer(text)


@lru_cache(maxsize=4096)
def _anchor_cache(pattern: str) -> tuple[str, ...]:
    return _anchors(pattern)


@dataclass
class Issue:
    """An issue of the registry."""

    id: str
    label: str
    description: str = ""
    terms: list[Term] = field(default_factory=list)
    anaphors: list[Term] = field(default_factory=list)
    context: list[Term] = field(default_factory=list)

    def _prefilter(self, terms: list[Term]) -> re.Pattern | None:
        """One regex of every term's anchor literals (None: cannot prefilter)."""
        lits: set[str] = set()
        for t in terms:
            if not t.anchors:
                return None
            lits.update(t.anchors)
        if not lits:
            return None
        return re.compile("|".join(re.escape(x) for x in sorted(lits, key=len, reverse=True)))

    def find(self, text: str) -> list[tuple[int, int, Term]]:
        """Trigger matches in (normalised, lower-cased) ``text``: (start, end, term)."""
        key = "_term_pre"
        if key not in self.__dict__:
            self.__dict__[key] = self._prefilter(self.terms)
        pre = self.__dict__[key]
        if pre is not None and not pre.search(text):
            return []
        hits: list[tuple[int, int, Term]] = []
        present: dict[str, bool] = {}
        for t in self.terms:
            anchors = t.anchors
            if anchors:
                ok = False
                for a in anchors:
                    hit = present.get(a)
                    if hit is None:
                        hit = present[a] = a in text
                    if hit:
                        ok = True
                        break
                if not ok:
                    continue
            for m in t.regex.finditer(text):
                hits.append((m.start(), m.end(), t))
        # longest match first at each position; drop overlaps
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out: list[tuple[int, int, Term]] = []
        for h in hits:
            if out and h[0] < out[-1][1]:
                if (h[1] - h[0]) > (out[-1][1] - out[-1][0]) and h[0] == out[-1][0]:
                    out[-1] = h
                continue
            out.append(h)
        return out

    def find_anaphors(self, text: str) -> list[tuple[int, int, Term]]:
        key = "_ana_pre"
        if key not in self.__dict__:
            self.__dict__[key] = self._prefilter(self.anaphors)
        pre = self.__dict__[key]
        if not self.anaphors or (pre is not None and not pre.search(text)):
            return []
        return [(m.start(), m.end(), t) for t in self.anaphors for m in t.finditer(text)]

    def in_context(self, text: str) -> bool:
        return any(next(t.finditer(text), None) is not None for t in self.context) \
            or bool(self.find(text))


class IssueRegistry(list):
    """A list of :class:`Issue` with lookup by id."""

    def get(self, issue_id: str) -> Issue | None:  # type: ignore[override]
        for i in self:
            if i.id == issue_id:
                return i
        return None

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self]


# --------------------------------------------------------------------------- parsing
def _where(src: str, node: yaml.Node | None) -> str:
    if node is None:
        return src
    return f"{src}:{node.start_mark.line + 1}"


def _scalar(node: yaml.Node, src: str, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.value == "":
        raise RegistryError(f"{what} must be a non-empty string", _where(src, node))
    return str(node.value)


def _terms(node: yaml.Node | None, src: str, what: str, sign: int) -> list[Term]:
    if node is None:
        return []
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "null", "~"):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise RegistryError(f"{what} must be a list of patterns", _where(src, node))
    out = []
    for item in node.value:
        weight = 1.0
        if isinstance(item, yaml.MappingNode):
            fields = {k.value: v for k, v in item.value}
            unknown = set(fields) - {"pattern", "weight"}
            if unknown or "pattern" not in fields:
                raise RegistryError(f"a {what} entry needs 'pattern' (and optional 'weight'),"
                                    f" got {sorted(fields)}", _where(src, item))
            pat = _scalar(fields["pattern"], src, f"{what} pattern")
            if "weight" in fields:
                try:
                    weight = float(fields["weight"].value)
                except (TypeError, ValueError):
                    raise RegistryError("weight must be a number in [0, 1]",
                                        _where(src, fields["weight"])) from None
                if not 0 <= weight <= 1:
                    raise RegistryError("weight must be in [0, 1]", _where(src, fields["weight"]))
        else:
            pat = _scalar(item, src, f"{what} pattern")
        try:
            rx = compile_pattern(pat)
        except ValueError as exc:
            raise RegistryError(f"bad {what} pattern: {exc}", _where(src, item)) from None
        out.append(Term(pat, rx, sign, weight))
    return out


def _parse(text: str, src: str) -> IssueRegistry:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise RegistryError(f"not valid YAML ({getattr(exc, 'problem', exc)})",
                            f"{src}{line}") from None
    if root is None:
        raise RegistryError("empty issue registry", src)
    items_node = root
    if isinstance(root, yaml.MappingNode):
        fields = {k.value: v for k, v in root.value}
        if "issues" not in fields:
            raise RegistryError("top level must have an 'issues:' list", _where(src, root))
        items_node = fields["issues"]
    if not isinstance(items_node, yaml.SequenceNode):
        raise RegistryError("'issues' must be a list of issues", _where(src, items_node))
    reg = IssueRegistry()
    seen: dict[str, int] = {}
    allowed = {"id", "label", "description", "terms", "against", "anaphors", "context"}
    for node in items_node.value:
        if not isinstance(node, yaml.MappingNode):
            raise RegistryError("each issue must be a mapping with id, label, terms",
                                _where(src, node))
        fields = {}
        for k, v in node.value:
            if k.value in fields:
                raise RegistryError(f"duplicate field {k.value!r}", _where(src, k))
            fields[k.value] = v
        unknown = set(fields) - allowed
        if unknown:
            raise RegistryError(f"unknown field(s) {sorted(unknown)}; allowed: {sorted(allowed)}",
                                _where(src, node))
        if "id" not in fields:
            raise RegistryError("issue without 'id'", _where(src, node))
        iid = _scalar(fields["id"], src, "id")
        if not _ID_RE.match(iid):
            raise RegistryError(f"id {iid!r} must be letters, digits and underscores",
                                _where(src, fields["id"]))
        if iid in seen:
            raise RegistryError(f"duplicate issue id {iid!r} (first on line {seen[iid]})",
                                _where(src, fields["id"]))
        seen[iid] = fields["id"].start_mark.line + 1
        label = _scalar(fields["label"], src, "label") if "label" in fields else iid.replace("_", " ")
        desc = ""
        if "description" in fields and isinstance(fields["description"], yaml.ScalarNode):
            desc = str(fields["description"].value)
        terms = _terms(fields.get("terms"), src, "terms", 1)
        terms += _terms(fields.get("against"), src, "against", -1)
        if not terms:
            raise RegistryError(f"issue {iid!r} has no terms", _where(src, node))
        reg.append(Issue(
            id=iid, label=label, description=" ".join(desc.split()), terms=terms,
            anaphors=_terms(fields.get("anaphors"), src, "anaphors", 1),
            context=_terms(fields.get("context"), src, "context", 1),
        ))
    return reg


def load_issues(path: str | Path | None = None) -> IssueRegistry:
    """Load an issue registry.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A YAML file in the format of ``analytics/data/issues.yaml``; the bundled
        default registry when omitted.

    Returns
    -------
    IssueRegistry
        A list of :class:`Issue`.

    Raises
    ------
    analytics.errors.RegistryError
        When the file does not parse or validate; the message names file and line.
    """
    if path is None:
        return _default_issues()
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError(f"cannot read issue registry ({exc.strerror})", str(p)) from None
    return _parse(text, str(p))


@lru_cache(maxsize=1)
def _default_issues() -> IssueRegistry:
    text = resources.files("analytics").joinpath("data/issues.yaml").read_text("utf-8")
    return _parse(text, "analytics/data/issues.yaml")


# --------------------------------------------------------------------------- lexicon
@dataclass
class Lexicon:
    """Stance operators (see ``analytics/data/stance_lexicon.yaml``)."""

    classes: dict[str, re.Pattern]
    breaks: list[str]


_LEX_CLASSES = ("negators", "oppose", "reverse", "support", "strong", "hedges", "expect_neg",
                "endorse_mods")


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Load the stance lexicon (bundled ``stance_lexicon.yaml`` by default)."""
    if path is None:
        text = resources.files("analytics").joinpath("data/stance_lexicon.yaml").read_text("utf-8")
        src = "analytics/data/stance_lexicon.yaml"
    else:
        text = Path(path).read_text(encoding="utf-8")
        src = str(path)
    try:
        data: Any = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise RegistryError(f"not valid YAML ({exc})", f"{src}{line}") from None
    classes: dict[str, re.Pattern] = {}
    for name in _LEX_CLASSES:
        words = [str(w) for w in data.get(name) or []]
        regs = []
        for w in sorted(words, key=len, reverse=True):
            if w.startswith("'") or w == "n't":
                regs.append(re.escape(w))
                continue
            try:
                regs.append(compile_pattern(w).pattern[len(r"(?<![\w])"):-len(r"(?![\w])")])
            except ValueError as exc:
                raise RegistryError(f"bad entry in {name}: {exc}", src) from None
        if regs:
            classes[name] = re.compile(r"(?:(?<![\w])|(?=n't))(?:" + "|".join(regs) + r")(?![\w])",
                                       re.IGNORECASE)
    return Lexicon(classes, [str(b) for b in data.get("breaks") or []])
