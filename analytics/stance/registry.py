"""The issue registry: policy questions and their trigger phrases.

An issue is a policy question ("should Ukraine join NATO?") with trigger phrases
written in the pattern language of :mod:`analytics.stance.patterns`. Registries are
YAML files (see ``analytics/data/issues.yaml`` for the format); a malformed file raises
:class:`analytics.errors.RegistryError` naming the file and line. Registry files are
read with the limits of :func:`analytics.actors.registry.compose_registry` (size,
UTF-8, no YAML anchors or aliases).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from ..errors import RegistryError
from ..resources import read_text
from .patterns import anchors, compile_pattern

__all__ = ["Issue", "Term", "IssueRegistry", "load_issues"]

_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Term:
    """One trigger pattern of an issue."""

    pattern: str
    regex: re.Pattern
    sign: int = 1  # +1: asserting it favours the issue; -1: goes against it
    weight: float = 1.0

    @property
    def anchors(self) -> tuple[str, ...]:
        return anchors(self.pattern)

    def finditer(self, text: str):
        anchors = self.anchors
        if anchors and not any(a in text for a in anchors):
            return iter(())
        return self.regex.finditer(text)


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
    """A list of :class:`Issue` with lookup by id.

    Attributes
    ----------
    story : str
        The coverage the list was written for, in plain words ("" when not said).
    story_terms : list of Term
        Words that coverage of that story names; when given, a document that names none
        of them is not read for stance with this list (its evidence is kept with the
        note ``off_story`` and does not count).
    source : str
        Where the list was read from (a path, or ``bundled``).
    """

    story: str = ""
    story_terms: list[Term] = []
    source: str = ""

    def names_story(self, text: str) -> bool:
        """Whether (normalised, lower-cased) ``text`` names the story of the list;
        True when the list has no story terms."""
        return not self.story_terms or any(
            next(t.finditer(text), None) is not None for t in self.story_terms)

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


def _story(node: yaml.Node, src: str) -> tuple[str, list[Term]]:
    """The optional ``story:`` mapping: ``label`` (plain words) and ``terms``."""
    if not isinstance(node, yaml.MappingNode):
        raise _fail(src, node, f"'story' must be a mapping with 'label' and 'terms', got "
                               f"{_kind(node)}")
    fields = _fields(node, src, "story")
    unknown = set(fields) - {"label", "terms"}
    if unknown:
        raise _fail(src, node, f"story: unknown field(s) {sorted(unknown)}; allowed: "
                               "['label', 'terms']")
    label = _scalar(fields["label"][1], src, "story label") if "label" in fields else ""
    terms = _terms(fields["terms"][1] if "terms" in fields else None, src, "terms", 1,
                   "story")
    return " ".join(label.split()), terms


_ISSUE_FIELDS = ("id", "label", "description", "terms", "against", "anaphors", "context")


def _parse(text: str, src: str) -> IssueRegistry:
    from ..actors.registry import compose_registry

    root = compose_registry(text, src)
    if root is None:
        raise RegistryError("empty issue registry; list issues under 'issues:'", src)
    items_node = root
    story, story_terms = "", []
    if isinstance(root, yaml.MappingNode):
        top = _fields(root, src, "issue registry")
        unknown = set(top) - {"issues", "story"}
        if unknown:
            key = top[sorted(unknown)[0]][0]
            raise _fail(src, key, f"unknown top-level key(s) {sorted(unknown)}; "
                                  "expected 'issues' (and optionally 'story')")
        if "issues" not in top:
            raise _fail(src, root, "top level must have an 'issues:' list")
        items_node = top["issues"][1]
        if "story" in top:
            story, story_terms = _story(top["story"][1], src)
    if not isinstance(items_node, yaml.SequenceNode):
        raise _fail(src, items_node, f"'issues' must be a list of issues, got "
                                     f"{_kind(items_node)}")
    reg = IssueRegistry()
    reg.story, reg.story_terms, reg.source = story, story_terms, src
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
    text = read_text("data/issues.yaml")
    reg = _parse(text, "analytics/data/issues.yaml")
    reg.source = "bundled"
    return reg
