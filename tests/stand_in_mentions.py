"""A stand-in for ``analytics.actors.find_mentions`` used by the quote and stance tests:
exact, longest-first surface matches from a small hand-written surface -> actor map, so
those tests exercise their own rules independently of the actor module."""

from __future__ import annotations

import re

import pandas as pd

from analytics.schema import TABLES


def surface_mentions(text: str, surfaces: dict[str, str], doc_id: str = "d1") -> list[dict]:
    """Mention rows (``TABLES["mentions"]`` columns) for every surface found in ``text``."""
    rows = []
    taken: list[tuple[int, int]] = []
    for surf in sorted(surfaces, key=len, reverse=True):
        for m in re.finditer(r"(?<!\w)" + re.escape(surf) + r"(?!\w)", text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            rows.append({"doc_id": doc_id, "sent_id": 0, "para_id": 0, "actor": surfaces[surf],
                         "surface": surf, "start": m.start(), "end": m.end(),
                         "kind": "role" if surf.lower().startswith("the ") else "name",
                         "resolved": True})
    return rows


def mentions_frame(rows: list[dict]) -> pd.DataFrame:
    """The rows as a mentions table (typed empty table when there are none)."""
    cols = TABLES["mentions"]
    return pd.DataFrame(rows, columns=cols) if rows else pd.DataFrame(columns=cols)
