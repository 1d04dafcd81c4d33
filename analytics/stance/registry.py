r"""Issue registry and pattern language for stance detection.

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

Patterns are checked when the registry is loaded so that none can hang on hostile
text: user words are escaped, a word may hold at most one ``*`` inside it (plus one at
its end), and a ``re:`` expression is refused when it has a construct prone to
catastrophic backtracking (a repetition inside a repeated group such as ``(\w+\s?)*``
or ``(a+){2,9}``, alternatives of a repeated group that match the same text, two
repetitions that can trade the same characters such as ``\w+\w+`` or ``.*x.*y``,
backreferences). Possessive quantifiers (``\w++``) and atomic groups (``(?>...)``)
do not backtrack and are accepted. Registry files are read with the limits of
:func:`analytics.actors.registry.compose_registry` (size, UTF-8, no YAML anchors or
aliases).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from re import _constants as _C  # type: ignore[attr-defined]
from re import _parser as _P  # type: ignore[attr-defined]
from typing import Any

import yaml

from ..errors import RegistryError
from ..regexsafe import MAX_PATTERN_CHARS, unsafe_reason

__all__ = ["Issue", "Term", "IssueRegistry", "load_issues", "compile_pattern", "load_lexicon",
           "Lexicon"]

_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# separators and gap words use disjoint character classes, so that a run of dashes or
# quotes can be split between them in one way only (no backtracking blow-up)
_SEP = r"[\s\-\"']+"
_GAP = r"(?:[\s\-\"']+[^\s\-\"']+){0,4}?[\s\-\"']+"


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
    if len(pattern) > MAX_PATTERN_CHARS:
        raise ValueError(f"pattern is {len(pattern):,} characters long, more than "
                         f"{MAX_PATTERN_CHARS:,}; split it into several terms")
    if pattern.startswith("re:"):
        return _compile_regex(pattern[3:].strip())
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
            if not alt.strip("*"):
                raise ValueError(f"'{alt}' in pattern {pattern!r} has no letters; "
                                 "write 'word*' to match words starting with 'word'")
            if alt.rstrip("*").count("*") > 1 or alt.endswith("**"):
                raise ValueError(f"'{alt}' in pattern {pattern!r} has more than one '*' "
                                 "inside the word; use at most one inside and one at the end")
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


def _compile_regex(body: str) -> re.Pattern:
    """Compile the regular expression of a ``re:`` pattern after the safety checks."""
    if not body:
        raise ValueError("empty regular expression after 're:'")
    try:
        rx = re.compile(body, re.IGNORECASE)
        reason = unsafe_reason(body, re.IGNORECASE) or _backtracking_reason(body, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {body!r}: {exc}") from None
    except (RecursionError, OverflowError):
        raise ValueError(f"regular expression {body!r} is nested too deeply to check; "
                         "simplify it") from None
    if reason:
        raise ValueError(
            f"regular expression {body!r} can take exponential or steep polynomial time on "
            f"some texts: it has {reason}. Use the pattern language (word*, a|b, '...' for "
            "a gap of up to four words), or make the repetition possessive ('\\w++') or "
            "atomic ('(?>...)')")
    return rx


_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT)
_CHAR_OPS = (_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN, _C.CATEGORY)
# characters used to test whether two single-character items can match the same text
_PROBES = "".join(chr(c) for c in range(0x250)) + (
    "\u0085\u00a0\u2000\u200b\u2028\u2029\u202f\u3000\u0416\u03a9\u05d0\u0627\u4e2d")


def _has_variable_repeat(seq: Any) -> bool:
    """Whether ``seq`` contains a backtracking repetition of variable count."""
    for op, av in seq:
        if op in _REPEATS:
            if av[0] != av[1] or _has_variable_repeat(av[2]):
                return True
        elif op == _C.SUBPATTERN:
            if _has_variable_repeat(av[3]):
                return True
        elif op == _C.BRANCH:
            if any(_has_variable_repeat(alt) for alt in av[1]):
                return True
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            if _has_variable_repeat(av[1]):
                return True
    return False


def _flat(seq: Any) -> list[Any]:
    out: list[Any] = []
    for op, av in seq:
        if op == _C.SUBPATTERN:
            out.extend(_flat(av[3]))
        else:
            out.append((op, av))
    return out


class _Chars:
    """Which probe characters a single-character item matches."""

    def __init__(self, state: Any) -> None:
        from re import _compiler  # type: ignore[attr-defined]

        self._compile = lambda item: _compiler.compile(_P.SubPattern(state, [item]), state.flags)
        self._cache: dict[str, frozenset[str]] = {}

    def __call__(self, item: Any) -> frozenset[str]:
        key = repr(item)
        if key not in self._cache:
            rx = self._compile(item)
            self._cache[key] = frozenset(c for c in _PROBES if rx.match(c))
        return self._cache[key]


def _char_repeat(item: Any) -> Any | None:
    """The single-character matcher of a backtracking unbounded repetition (``x*``)."""
    op, av = item
    if op in _REPEATS and (av[1] == _C.MAXREPEAT or av[1] > 10):
        inner = _flat(av[2])
        if len(inner) == 1 and inner[0][0] in _CHAR_OPS:
            return inner[0]
    return None


def _trading_repeats(seq: Any, chars: _Chars) -> bool:
    """Two unbounded repetitions in a row that can trade characters: between them only
    optional items and characters the first one can also take (``\\w+\\w+``,
    ``\\d+\\.?\\d+``, ``.*x.*y``); each such pair multiplies the work by the text length."""
    items = _flat(seq)
    for i, item in enumerate(items):
        a = _char_repeat(item)
        if a is None:
            continue
        ca = chars(a)
        for op, av in items[i + 1:]:
            b = _char_repeat((op, av))
            if b is not None:
                if ca & chars(b):
                    return True
                if av[0] == 0:
                    continue
                break
            if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT) or (op in _REPEATS and av[0] == 0):
                continue
            if op in _CHAR_OPS and ca & chars((op, av)):
                continue
            break
    for op, av in items:
        children: list[Any] = []
        if op in _REPEATS:
            children = [av[2]]
        elif op == _C.BRANCH:
            children = list(av[1])
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            children = [av[1]]
        if any(_trading_repeats(c, chars) for c in children):
            return True
    return False


def _backtracking_reason(body: str, flags: int) -> str | None:
    """Shapes :func:`analytics.regexsafe.unsafe_reason` lets through that still blow up
    on a sentence-long text: repetitions nested in a bounded repeated group, repetitions
    trading characters, backreferences."""
    parsed = _P.parse(body, flags)

    def nested(seq: Any) -> bool:
        for op, av in seq:
            if op in _REPEATS:
                if av[1] >= 2 and _has_variable_repeat(av[2]):
                    return True
                if nested(av[2]):
                    return True
            elif op == _C.SUBPATTERN and nested(av[3]):
                return True
            elif op == _C.BRANCH and any(nested(alt) for alt in av[1]):
                return True
            elif op in (_C.ASSERT, _C.ASSERT_NOT) and nested(av[1]):
                return True
        return False

    def backref(seq: Any) -> bool:
        for op, av in seq:
            if op in (_C.GROUPREF, _C.GROUPREF_EXISTS):
                return True
            kids = ([av[2]] if op in _REPEATS or op == _C.POSSESSIVE_REPEAT else
                    [av[3]] if op == _C.SUBPATTERN else
                    list(av[1]) if op == _C.BRANCH else
                    [av[1]] if op in (_C.ASSERT, _C.ASSERT_NOT) else
                    [av] if op == _C.ATOMIC_GROUP else [])
            if any(backref(k) for k in kids):
                return True
        return False

    if nested(parsed):
        return "a repetition inside a repeated group, such as '(\\w+\\s?){1,10}'"
    if _trading_repeats(parsed, _Chars(parsed.state)):
        return ("two repetitions that can take the same characters, such as '\\w+\\w+' or "
                "'.*x.*y'")
    if backref(parsed):
        return "a backreference such as '\\1' (not supported in registries)"
    return None


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
_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"


def _fail(src: str, node: yaml.Node | None, message: str) -> RegistryError:
    """``RegistryError`` "<src>, line L, column C: <message>"."""
    if node is None:
        return RegistryError(message, src)
    mark = node.start_mark
    return RegistryError(f"{src}, line {mark.line + 1}, column {mark.column + 1}: {message}")


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _NULL_TAG:
        return "an empty value"
    if node.tag == _STR_TAG:
        return f"the text {node.value!r}"
    return f"the value {node.value!r}"


def _is_null(node: yaml.Node | None) -> bool:
    return node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG)


def _fields(node: yaml.MappingNode, src: str, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Keys of a mapping node -> (key node, value node); keys must be unique strings."""
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for k, v in node.value:
        if not isinstance(k, yaml.ScalarNode) or _is_null(k):
            raise _fail(src, k, f"{what}: keys must be plain names, got {_kind(k)}")
        if k.value in out:
            raise _fail(src, k, f"{what}: duplicate field {k.value!r}")
        out[k.value] = (k, v)
    return out


def _scalar(node: yaml.Node, src: str, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or _is_null(node) or not node.value.strip():
        raise _fail(src, node, f"{what} must be a non-empty string, got {_kind(node)}")
    return str(node.value)


def _terms(node: yaml.Node | None, src: str, what: str, sign: int, issue: str) -> list[Term]:
    if _is_null(node) or (isinstance(node, yaml.ScalarNode) and node.value == ""):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise _fail(src, node, f"issue {issue!r}: {what} must be a list of patterns, got "
                               f"{_kind(node)}")
    out = []
    for item in node.value:
        weight = 1.0
        if isinstance(item, yaml.MappingNode):
            fields = _fields(item, src, f"issue {issue!r}: {what} entry")
            unknown = set(fields) - {"pattern", "weight"}
            if unknown or "pattern" not in fields:
                raise _fail(src, item, f"issue {issue!r}: a {what} entry needs 'pattern' (and "
                                       f"optional 'weight'), got {sorted(fields)}")
            pat_node = fields["pattern"][1]
            pat = _scalar(pat_node, src, f"issue {issue!r}: {what} pattern")
            if "weight" in fields:
                wnode = fields["weight"][1]
                try:
                    if not isinstance(wnode, yaml.ScalarNode) or wnode.tag == _STR_TAG:
                        raise ValueError
                    weight = float(wnode.value)
                except (TypeError, ValueError):
                    raise _fail(src, wnode, f"issue {issue!r}: weight must be a number in "
                                            f"[0, 1], got {_kind(wnode)}") from None
                if not 0 <= weight <= 1:
                    raise _fail(src, wnode, f"issue {issue!r}: weight must be in [0, 1], "
                                            f"got {weight:g}")
        else:
            pat_node = item
            pat = _scalar(item, src, f"issue {issue!r}: {what} pattern")
        try:
            rx = compile_pattern(pat)
        except ValueError as exc:
            raise _fail(src, pat_node, f"issue {issue!r}: bad {what} pattern: {exc}") from None
        out.append(Term(pat, rx, sign, weight))
    return out


_ISSUE_FIELDS = ("id", "label", "description", "terms", "against", "anaphors", "context")


def _parse(text: str, src: str) -> IssueRegistry:
    from ..actors.registry import compose_registry

    root = compose_registry(text, src)
    if root is None:
        raise RegistryError("empty issue registry; list issues under 'issues:'", src)
    items_node = root
    if isinstance(root, yaml.MappingNode):
        top = _fields(root, src, "issue registry")
        unknown = set(top) - {"issues"}
        if unknown:
            key = top[sorted(unknown)[0]][0]
            raise _fail(src, key, f"unknown top-level key(s) {sorted(unknown)}; "
                                  "expected 'issues'")
        if "issues" not in top:
            raise _fail(src, root, "top level must have an 'issues:' list")
        items_node = top["issues"][1]
    if not isinstance(items_node, yaml.SequenceNode):
        raise _fail(src, items_node, f"'issues' must be a list of issues, got "
                                     f"{_kind(items_node)}")
    reg = IssueRegistry()
    seen: dict[str, int] = {}
    for node in items_node.value:
        if not isinstance(node, yaml.MappingNode):
            raise _fail(src, node, f"each issue must be a mapping with id, label, terms, got "
                                   f"{_kind(node)}")
        fields = _fields(node, src, "issue")
        unknown = set(fields) - set(_ISSUE_FIELDS)
        if unknown:
            raise _fail(src, node, f"unknown field(s) {sorted(unknown)}; allowed: "
                                   f"{sorted(_ISSUE_FIELDS)}")
        if "id" not in fields:
            raise _fail(src, node, "issue without 'id'")
        id_node = fields["id"][1]
        iid = _scalar(id_node, src, "issue id")
        if not _ID_RE.match(iid):
            raise _fail(src, id_node, f"id {iid!r} must be letters, digits and underscores")
        if iid in seen:
            raise _fail(src, id_node, f"duplicate issue id {iid!r} (first on line {seen[iid]})")
        seen[iid] = id_node.start_mark.line + 1
        label = (_scalar(fields["label"][1], src, f"issue {iid!r}: label") if "label" in fields
                 else iid.replace("_", " "))
        desc = ""
        if "description" in fields and not _is_null(fields["description"][1]):
            dnode = fields["description"][1]
            if not isinstance(dnode, yaml.ScalarNode):
                raise _fail(src, dnode, f"issue {iid!r}: description must be text, got "
                                        f"{_kind(dnode)}")
            desc = str(dnode.value)

        def terms(name: str, sign: int = 1) -> list[Term]:
            return _terms(fields[name][1] if name in fields else None, src, name, sign, iid)

        found = terms("terms") + terms("against", -1)
        if not found:
            raise _fail(src, node, f"issue {iid!r} has no terms")
        reg.append(Issue(
            id=iid, label=label, description=" ".join(desc.split()), terms=found,
            anaphors=terms("anaphors"), context=terms("context"),
        ))
    return reg


def load_issues(path: str | os.PathLike[str] | None = None) -> IssueRegistry:
    """Load an issue registry.

    Parameters
    ----------
    path : str or path-like, optional
        A YAML file in the format of ``analytics/data/issues.yaml``; the bundled
        default registry when omitted.

    Returns
    -------
    IssueRegistry
        A list of :class:`Issue`.

    Raises
    ------
    analytics.errors.RegistryError
        When the file is missing, a folder, unreadable, too large, not UTF-8, uses
        YAML anchors or aliases, or does not validate (wrong types, unsafe or invalid
        patterns); the message names the file, the line and the issue.
    """
    if path is None:
        return _default_issues()
    from ..actors.registry import read_registry_text

    text = read_registry_text(path, "issue registry")
    return _parse(text, str(path))


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
    """Load the stance lexicon (bundled ``stance_lexicon.yaml`` by default).

    Raises
    ------
    analytics.errors.RegistryError
        When a user file is missing, unreadable, too large, not UTF-8, uses YAML
        anchors or aliases, or has a bad entry (the message names the file).
    """
    from ..actors.registry import compose_registry, read_registry_text
    from ..yamlsafe import construct

    if path is None:
        text = resources.files("analytics").joinpath("data/stance_lexicon.yaml").read_text("utf-8")
        src = "analytics/data/stance_lexicon.yaml"
    else:
        text = read_registry_text(path, "stance lexicon")
        src = str(path)
    root = compose_registry(text, src)
    try:
        data: Any = construct(root) or {}
    except yaml.YAMLError as exc:
        raise RegistryError(f"invalid YAML value: {exc}", src) from None
    if not isinstance(data, dict):
        raise _fail(src, root, "the lexicon must be a mapping of word lists")
    classes: dict[str, re.Pattern] = {}
    for name in _LEX_CLASSES:
        entries = data.get(name) or []
        if not isinstance(entries, list):
            raise RegistryError(f"{name} must be a list of words", src)
        words = [str(w) for w in entries]
        regs = []
        for w in sorted(words, key=len, reverse=True):
            if w.startswith("'") or w == "n't":
                regs.append(re.escape(w))
                continue
            if w.strip().startswith("re:"):
                raise RegistryError(f"bad entry in {name}: {w!r}: regular expressions are not "
                                    "supported in the lexicon; use the pattern language", src)
            try:
                regs.append(compile_pattern(w).pattern[len(r"(?<![\w])"):-len(r"(?![\w])")])
            except ValueError as exc:
                raise RegistryError(f"bad entry in {name}: {exc}", src) from None
        if regs:
            classes[name] = re.compile(r"(?:(?<![\w])|(?=n't))(?:" + "|".join(regs) + r")(?![\w])",
                                       re.IGNORECASE)
    return Lexicon(classes, [str(b) for b in data.get("breaks") or []])
