"""How numbers, names and untrusted text are written in the findings.

Every number a finding states is formatted here, so tests (and readers) can map
the prose back to the raw values in :attr:`Finding.numbers`.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

#: Most leaders described one by one (tone, stance); the others are in the tables.
MAX_DETAILED = 15
#: Most names listed in one sentence before "and N others".
MAX_LISTED = 8
#: Longest quoted evidence, in characters (longer sentences are shortened with "...").
MAX_QUOTE = 320
#: Longest document title shown in prose (tables keep the full title).
MAX_TITLE = 300


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


def clean_ws(s: Any) -> str:
    """``s`` as a string with runs of whitespace collapsed to one space (None -> "")."""
    return re.sub(r"\s+", " ", str(s if s is not None else "")).strip()


def quoted(s: Any) -> str:
    """Wrap untrusted text in curly quotes (marks it as not-ours in plain prose)."""
    return f"\u201c{clean_ws(s)}\u201d"


def shorten(s: Any, limit: int = MAX_QUOTE) -> str:
    """Collapse whitespace and cut ``s`` at a word boundary to at most ``limit`` chars."""
    s = clean_ws(s)
    if len(s) <= limit:
        return s
    cut = s[: limit - 3].rsplit(" ", 1)[0]
    return cut + "..."


def present(v: Any) -> bool:
    """Whether a table cell holds something: not None, not NaN, not blank."""
    if v is None:
        return False
    try:
        if pd.isna(v):
            return False
    except (TypeError, ValueError):
        pass
    return str(v).strip() != ""


def truthy(v: Any) -> bool:
    """A boolean table cell read leniently (``True``, ``"true"``, ``"1"``, ``"yes"``)."""
    if isinstance(v, str):
        return v.strip().lower() in ("true", "1", "yes")
    try:
        return bool(v) and not pd.isna(v)
    except (TypeError, ValueError):
        return bool(v)


def join_words(items: list[str]) -> str:
    """``["a", "b", "c"] -> "a, b and c"`` (empty items are left out)."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(n: int, word: str, plural_form: str | None = None) -> str:
    """``n`` and ``word`` in the right number: ``1 document``, ``2 documents``."""
    return f"{fmt_int(n)} {word if int(n) == 1 else (plural_form or word + 's')}"


def doc_label(title: Any, text: Any, doc_id: Any, words: int = 9) -> str:
    """How a document is named to readers: its title, else its opening words."""
    if present(title):
        return shorten(title, MAX_TITLE)
    w = clean_ws(text).split(" ")
    if w and w[0]:
        return " ".join(w[:words]) + ("\u2026" if len(w) > words else "")
    return str(doc_id)
