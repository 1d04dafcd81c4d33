"""Compiling regular expressions written by users, refusing catastrophic ones.

Python's regular expressions backtrack: a pattern such as ``(a+)+$`` takes time
exponential in the length of a line like ``aaaa...a!``, and the match cannot be
interrupted. :func:`compile_user_regex` therefore checks a user's pattern before it
is used and refuses, with a message naming the rule, the shapes that cause
exponential (or steep polynomial) backtracking:

* **nested repetition**: a repeated group whose content can match using only an
  inner repetition (``(a+)+``, ``(a*)*``, ``(\\w+\\s?)*``, ``(?:x+|y)+``);
* **ambiguous repetition**: a repeated group that can match the same text in two
  ways, through alternatives (``(a|a)*``, ``(foo|foo)+``) or by splitting it
  differently between iterations (``(ab|a|b)*``, ``(aa|a)*``);
* **sliding boundaries**: a repeated group in which a repetition can also take the
  text that must follow it (``(.*a){20}``, ``(a.*)+``).

Possessive quantifiers (``a++``, ``a*+``) and atomic groups (``(?>...)``) do not
backtrack and are accepted: rewriting ``(a+)+`` as ``(a++)+`` or ``(?>a+)+`` is the
usual fix. A repetition counts when it may repeat more than
:data:`BIG_REPEAT` times (``*``, ``+``, ``{2,}``, ``{1,50}``).

The check is a static test of the common shapes, not a proof that a pattern is fast:
callers also cap the length of the text a user pattern sees (boilerplate rules see
lines of at most ``analytics.corpus.clean.MAX_RULE_LINE_CHARS`` characters), which bounds
the cost of what the check lets through.
"""

from __future__ import annotations

import re
from itertools import combinations
from re import _constants as _C  # type: ignore[attr-defined]
from re import _parser as _P  # type: ignore[attr-defined]
from typing import Any

from ..errors import InputError

__all__ = ["BIG_REPEAT", "MAX_PATTERN_CHARS", "compile_user_regex", "unsafe_reason"]

#: A repetition whose upper bound is above this counts as unbounded.
BIG_REPEAT = 10
#: Longest pattern accepted, in characters.
MAX_PATTERN_CHARS = 5000

_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT)
_ZERO_WIDTH = (_C.AT, _C.ASSERT, _C.ASSERT_NOT)
_CHAR_OPS = (_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN, _C.CATEGORY)
# characters used to test whether two single-character items can match the same text
_PROBES = tuple(chr(c) for c in range(0x250)) + tuple(
    "\u0085\u00a0\u1680\u2000\u2007\u200a\u200b\u200f\u2028\u2029\u202e\u202f\u205f"
    "\u3000\ufeff\u0416\u0436\u03a9\u05d0\u0627\u4e2d\u3042\U0001f600")


def _is_big(av: Any) -> bool:
    lo, hi, _ = av
    return hi == _C.MAXREPEAT or hi > BIG_REPEAT


def _nullable_item(op: Any, av: Any) -> bool:
    if op in _ZERO_WIDTH or op == _C.GROUPREF:
        return True
    if op in _REPEATS or op == _C.POSSESSIVE_REPEAT:
        return av[0] == 0 or _nullable(av[2])
    if op == _C.SUBPATTERN:
        return _nullable(av[3])
    if op == _C.ATOMIC_GROUP:
        return _nullable(av)
    if op == _C.BRANCH:
        return any(_nullable(alt) for alt in av[1])
    if op == _C.GROUPREF_EXISTS:
        return _nullable(av[1]) or av[2] is None or _nullable(av[2])
    return False


def _nullable(seq: Any) -> bool:
    return all(_nullable_item(op, av) for op, av in seq)


def _core_item(op: Any, av: Any) -> bool:
    """The item can match text using a backtracking unbounded repetition alone."""
    if op in _REPEATS:
        return _is_big(av)
    if op == _C.SUBPATTERN:
        return _has_core(av[3])
    if op == _C.BRANCH:
        return any(_has_core(alt) for alt in av[1])
    return False


def _has_core(seq: Any) -> bool:
    items = list(seq)
    for i, (op, av) in enumerate(items):
        if _core_item(op, av) and all(_nullable_item(o, a)
                                      for j, (o, a) in enumerate(items) if j != i):
            return True
    return False


def _flatten(seq: Any) -> list[Any]:
    """The items of a sequence with plain groups expanded in place."""
    out: list[Any] = []
    for op, av in seq:
        if op == _C.SUBPATTERN:
            out.extend(_flatten(av[3]))
        else:
            out.append((op, av))
    return out


def _char_item(item: Any) -> Any | None:
    """The character matcher of ``x`` (a literal, class, ``.``...), else None."""
    return item if item[0] in _CHAR_OPS else None


def _char_repeat(item: Any) -> Any | None:
    """The character matcher of an unbounded backtracking repetition ``x*``/``x+``."""
    op, av = item
    if op in _REPEATS and _is_big(av):
        inner = _flatten(av[2])
        if len(inner) == 1 and inner[0][0] in _CHAR_OPS:
            return inner[0]
    return None


def _simple(seq: Any) -> list[Any] | None:
    """A fixed sequence of single characters (``ab``, ``a\\d``), else None."""
    items = _flatten(seq)
    return items if all(op in _CHAR_OPS for op, _ in items) else None


class _Probe:
    """Which probe characters a single-character item matches (cached)."""

    def __init__(self, state: Any) -> None:
        self.state = state
        self.cache: dict[str, frozenset[str]] = {}

    def chars(self, item: Any) -> frozenset[str]:
        key = repr(item)
        if key not in self.cache:
            from re import _compiler  # type: ignore[attr-defined]

            rx = _compiler.compile(_P.SubPattern(self.state, [item]), self.state.flags)
            self.cache[key] = frozenset(c for c in _PROBES if rx.match(c))
        return self.cache[key]

    def overlap(self, x: Any, y: Any) -> bool:
        return bool(self.chars(x) & self.chars(y))

    def same_text(self, xs: list[Any], ys: list[Any]) -> bool:
        return len(xs) == len(ys) and all(self.overlap(x, y) for x, y in zip(xs, ys))


def _ambiguous_branch(seq: Any, probe: _Probe) -> bool:
    """Some alternation in ``seq`` has two alternatives that can match the same text."""
    for op, av in _flatten(seq):
        if op != _C.BRANCH:
            continue
        alts = list(av[1])
        for x, y in combinations(alts, 2):
            if _nullable(x) and _nullable(y):
                return True
            sx, sy = _simple(x), _simple(y)
            if sx is not None and sy is not None and probe.same_text(sx, sy):
                return True
        if any(_ambiguous_branch(alt, probe) for alt in alts):
            return True
    return False


_MAX_EXPANSIONS = 64


def _expand(seq: Any) -> list[list[Any]] | None:
    """Every fixed sequence of single characters ``seq`` can match, one per way of
    matching (so ``a|a`` gives two), or None when that is not a small finite set."""
    out: list[list[Any]] = [[]]
    for op, av in seq:
        if op in _CHAR_OPS:
            options: list[list[Any]] | None = [[(op, av)]]
        elif op == _C.AT:
            options = [[]]
        elif op == _C.SUBPATTERN:
            options = _expand(av[3])
        elif op == _C.BRANCH:
            options = []
            for alt in av[1]:
                e = _expand(alt)
                if e is None:
                    return None
                options.extend(e)
        elif op in _REPEATS and av[1] <= 3:
            inner = _expand(av[2])
            if inner is None:
                return None
            options = []
            for k in range(av[0], av[1] + 1):
                combos: list[list[Any]] = [[]]
                for _ in range(k):
                    combos = [c + x for c in combos for x in inner]
                    if len(combos) > _MAX_EXPANSIONS:
                        return None
                options.extend(combos)
        else:
            return None
        if options is None:
            return None
        out = [o + x for o in out for x in options]
        if len(out) > _MAX_EXPANSIONS:
            return None
    return out


def _splittable(body: Any, probe: _Probe) -> bool:
    """The body matches a small set of fixed strings, and one of them can be matched in
    two ways, as one iteration or as several: ``(ab|a|b)*``, ``(aa|a)*``, ``(a|a)*``."""
    seqs = _expand(body)
    if seqs is None:
        return False
    seqs = [x for x in seqs if x]
    for i, x in enumerate(seqs):
        if any(probe.same_text(x, y) for y in seqs[i + 1:]):
            return True
        # ways[j]: x[:j] can be split into consecutive matches of the body (fewest pieces)
        ways = [0] + [-1] * len(x)
        for j in range(len(x)):
            if ways[j] < 0:
                continue
            for y in seqs:
                k = j + len(y)
                if k <= len(x) and probe.same_text(x[j:k], y) and (y is not x or j > 0):
                    ways[k] = ways[j] + 1 if ways[k] < 0 else min(ways[k], ways[j] + 1)
        if ways[len(x)] >= 2:
            return True
    return False


def _sliding(body: Any, probe: _Probe) -> bool:
    """An unbounded repetition can also take the characters that must follow it, so
    the boundary between it and them can fall anywhere: ``(.*a){20}``, ``(a.*)+``."""
    items = _flatten(body)
    for i, it in enumerate(items):
        rep = _char_repeat(it)
        if rep is None:
            continue
        rest = items[i + 1:] or items[:i]
        needed = [r for r in rest if not _nullable_item(*r)]
        if not needed:
            continue
        if all((_char_item(r) or _char_repeat(r)) is not None
               and probe.overlap(rep, _char_item(r) or _char_repeat(r)) for r in needed):
            return True
    return False


def _walk(seq: Any, state: Any) -> str | None:
    for op, av in seq:
        if op in _REPEATS and _is_big(av):
            body = av[2]
            if _has_core(body):
                return ("a repeated group whose content is itself repeated, such as "
                        "'(a+)+' or '(\\w+\\s?)*'")
            probe = _Probe(state)
            if _ambiguous_branch(body, probe) or _splittable(body, probe):
                return ("a repeated group of alternatives that can match the same text, "
                        "such as '(a|a)*' or '(ab|a|b)*'")
            if _sliding(body, probe):
                return ("a repeated group in which a repetition can also take the text "
                        "that must follow it, such as '(.*a){20}'")
        children: list[Any] = []
        if op in _REPEATS or op == _C.POSSESSIVE_REPEAT:
            children = [av[2]]
        elif op == _C.SUBPATTERN:
            children = [av[3]]
        elif op == _C.ATOMIC_GROUP:
            children = [av]
        elif op == _C.BRANCH:
            children = list(av[1])
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            children = [av[1]]
        elif op == _C.GROUPREF_EXISTS:
            children = [c for c in av[1:] if c is not None]
        for child in children:
            if op in (_C.POSSESSIVE_REPEAT, _C.ATOMIC_GROUP):
                continue  # no backtracking into these
            found = _walk(child, state)
            if found:
                return found
    return None


def unsafe_reason(pattern: str, flags: int = 0) -> str | None:
    """Say why a pattern risks exponential backtracking, or None when it looks safe.

    Parameters
    ----------
    pattern : str
        A Python regular expression (it must compile).
    flags : int, optional
        ``re`` flags it will be compiled with.

    Returns
    -------
    str or None
        A short description of the risky construct.
    """
    parsed = _P.parse(pattern, flags)
    return _walk(parsed, parsed.state)


def compile_user_regex(pattern: Any, *, flags: int = 0, where: str,
                       what: str = "pattern") -> re.Pattern[str]:
    """Compile a user-supplied regular expression after checking it is safe to run.

    Parameters
    ----------
    pattern : str
        The regular expression.
    flags : int, optional
        ``re`` flags (``re.IGNORECASE``...).
    where : str
        The file and rule it comes from, for messages ("rules.yaml, line 4, rule 'x'").
    what : str, optional
        What the pattern is called in the file ("pattern", "all[2]").

    Returns
    -------
    re.Pattern

    Raises
    ------
    InputError
        The pattern is not text, longer than :data:`MAX_PATTERN_CHARS`, does not
        compile, or has a construct that can backtrack exponentially (see the module
        documentation); the message says how to rewrite it.
    """
    if not isinstance(pattern, str):
        raise InputError(f"{what} must be text (a regular expression), got "
                         f"{type(pattern).__name__} {pattern!r}", where)
    if len(pattern) > MAX_PATTERN_CHARS:
        raise InputError(f"{what} is {len(pattern):,} characters long, more than "
                         f"{MAX_PATTERN_CHARS:,}; split it into several rules", where)
    try:
        rx = re.compile(pattern, flags)
        reason = unsafe_reason(pattern, flags)
    except re.error as exc:
        raise InputError(f"{what} {pattern!r} is an invalid regular expression ({exc})",
                         where) from None
    except (RecursionError, OverflowError):
        raise InputError(f"{what} is nested too deeply to check; simplify it", where) from None
    if reason:
        raise InputError(
            f"{what} {pattern!r} can take exponential time on some lines: it has {reason}. "
            "Rewrite it without repeating a repetition, or make the inner repetition "
            "possessive ('a++', '\\w*+') or atomic ('(?>...)')", where)
    return rx
