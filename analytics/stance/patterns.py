r"""The pattern language of issue triggers (and of the stance lexicon).

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

import re
from functools import lru_cache
from re import _constants as _C  # type: ignore[attr-defined]
from re import _parser as _P  # type: ignore[attr-defined]
from typing import Any

from ..safe.regex import MAX_PATTERN_CHARS, unsafe_reason

__all__ = ["compile_pattern", "anchors"]

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
    """Shapes :func:`analytics.safe.regex.unsafe_reason` lets through that still blow up
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


def _anchors_of(pattern: str) -> tuple[str, ...]:
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


@lru_cache(maxsize=4096)
def anchors(pattern: str) -> tuple[str, ...]:
    """Literal substrings one of which must occur for ``pattern`` to match (cached;
    empty for raw regular expressions, which cannot be prefiltered)."""
    return _anchors_of(pattern)
