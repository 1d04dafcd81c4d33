"""What a finding is; the narrative reads the analysis through :func:`table`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from analytics.results.analysis import table

#: Sections in reading order, with their display titles.
SECTIONS: dict[str, str] = {
    "corpus": "The corpus",
    "topics": "Topics",
    "actors": "Who is in the news",
    "comentions": "Who appears with whom",
    "tone": "Tone of coverage per person",
    "stance": "What people support and oppose",
}

#: What tone measures: the one definition every page uses.
TONE_DEFINITION = (
    "Tone is scored for each mention of a person, from -1 (negative) to +1 (positive): "
    "the tone of the passage toward that person, not of the whole sentence and not the "
    "person's own view. A person's tone is the mean over their mentions, with an "
    "interval; where two people's intervals overlap, the data do not show a difference.")


@dataclass
class Evidence:
    """One sentence (or paragraph) quoted in support of a finding."""

    text: str
    doc_id: str | None = None
    title: str | None = None
    sent_id: Any = None
    note: str | None = None

    def to_dict(self) -> dict:
        """The evidence as a plain dict (for JSON)."""
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
        """The finding as a plain dict (for JSON)."""
        return {"section": self.section, "text": self.text,
                "evidence": [e.to_dict() for e in self.evidence],
                "numbers": dict(self.numbers), "headline": self.headline,
                "caveat": self.caveat}


__all__ = ["SECTIONS", "TONE_DEFINITION", "Evidence", "Finding", "table"]
