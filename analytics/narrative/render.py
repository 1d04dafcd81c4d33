"""Findings as Markdown or HTML, with everything from the corpus escaped.

Article text is untrusted. :func:`summary_markdown` / :func:`section_markdown` escape
HTML *and* Markdown syntax in everything that comes from the corpus;
:func:`findings_html` escapes everything with :func:`html.escape`.
"""

from __future__ import annotations

import html
import re
from typing import Any

from ..text.format import clean_ws
from .model import SECTIONS, Evidence, Finding
from .sections import findings

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def escape_markdown(text: Any) -> str:
    """Make untrusted text inert in Markdown: escape HTML, then Markdown syntax."""
    s = html.escape(clean_ws(text), quote=True)
    return _MD_SPECIAL.sub(r"\\\1", s)


def _evidence_md(e: Evidence) -> str:
    src = []
    if e.title:
        src.append(escape_markdown(e.title))
    if e.note:
        src.append(escape_markdown(e.note))
    tail = f" ({'; '.join(src)})" if src else ""
    return f"> {escape_markdown(e.text)}{tail}"


def _finding_md(f: Finding) -> str:
    lines = [escape_markdown(f.text)]
    for e in f.evidence:
        lines.append("")
        lines.append(_evidence_md(e))
    return "\n".join(lines)


def section_markdown(analysis: Any, section: str, *, heading: bool = True) -> str:
    """Markdown for one section (HTML and Markdown in article text are escaped)."""
    fs = findings(analysis, [section])
    parts = [f"## {SECTIONS[section]}"] if heading else []
    parts += [_finding_md(f) for f in fs]
    return "\n\n".join(parts) + "\n"


def summary_markdown(analysis: Any, *, headline_only: bool = False) -> str:
    """Markdown for all findings (or only the headline ones), section by section."""
    parts = ["# Findings"]
    for section, title in SECTIONS.items():
        fs = findings(analysis, [section])
        if headline_only:
            fs = [f for f in fs if f.headline]
        if not fs:
            continue
        parts.append(f"## {title}")
        parts += [_finding_md(f) for f in fs]
    return "\n\n".join(parts) + "\n"


def finding_html(f: Finding) -> str:
    """One finding as escaped HTML: a paragraph and a blockquote per evidence item."""
    cls = "finding caveat" if f.caveat else "finding"
    out = [f'<div class="{cls}" data-section="{html.escape(f.section)}">',
           f"<p>{html.escape(f.text)}</p>"]
    for e in f.evidence:
        src = []
        if e.title:
            src.append(f"<cite>{html.escape(e.title)}</cite>")
        if e.note:
            src.append(html.escape(e.note))
        out.append('<blockquote class="evidence"><p>'
                   f"{html.escape(e.text)}</p>"
                   + (f"<footer>{' &middot; '.join(src)}</footer>" if src else "")
                   + "</blockquote>")
    out.append("</div>")
    return "\n".join(out)


def findings_html(analysis: Any, section: str | None = None, *,
                  headline_only: bool = False, details_only: bool = False,
                  heading: bool = False, heading_level: int = 2) -> str:
    """Findings as escaped HTML (all, one section, the headline ones or the others).

    Parameters
    ----------
    analysis : Analysis
        The analysis to describe.
    section : str, optional
        One of :data:`SECTIONS`; all sections when None.
    headline_only, details_only : bool
        Only the headline findings, or only the others.
    heading : bool
        Put each section's title in an ``<h{heading_level}>``.
    heading_level : int
        Level of those headings.

    Returns
    -------
    str
        A ``<div class="findings">`` holding one ``<div class="finding">`` each.
    """
    sections = list(SECTIONS) if section is None else [section]
    parts = []
    for s in sections:
        fs = findings(analysis, [s])
        if headline_only:
            fs = [f for f in fs if f.headline]
        if details_only:
            fs = [f for f in fs if not f.headline]
        if not fs:
            continue
        if heading:
            parts.append(f"<h{heading_level}>{html.escape(SECTIONS[s])}</h{heading_level}>")
        parts += [finding_html(f) for f in fs]
    return '<div class="findings">\n' + "\n".join(parts) + "\n</div>"
