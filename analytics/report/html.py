"""The report's HTML: page template, exported notebook pages, the index, safety checks.

Pages are static: no script, no remote resource, charts embedded as PNG
(:data:`CSP` forbids the rest, :func:`check_static_html` verifies it).
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from typing import Any


from analytics import narrative, schema
from analytics.text.format import plural, truthy
from analytics.narrative.tone import ci_level
from analytics.resources import read_text

from .display import figure_html, table_html

CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
       "base-uri 'none'; form-action 'none'")

#: The pages' style sheet (``style.css`` beside this module), inlined in every page.
CSS = read_text("style.css", "analytics.report")


def page(title: str, body: str, nav: list[tuple[str, str]], current: str,
         footer: str) -> str:
    """A whole static page: ``body`` under the site's navigation, above ``footer``."""
    cur = ' class="current"'
    links = "".join(
        f'<a href="{html.escape(href, quote=True)}"'
        f'{cur if href == current else ""}>{html.escape(label)}</a>'
        for href, label in nav)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<title>{html.escape(title)}</title>
<style>
{CSS}</style>
</head>
<body>
<header class="site"><nav><span class="brand">News coverage report</span>{links}</nav></header>
<main>
{body}
<footer class="site">{footer}</footer>
</main>
</body>
</html>
"""


def notebook_title(nb: Any, fallback: str) -> tuple[str, str]:
    """(title, one-line description) from the notebook's first markdown cell."""
    for c in nb.cells:
        if c.cell_type == "markdown":
            lines = [ln.strip() for ln in c.source.splitlines() if ln.strip()]
            title = fallback
            desc = ""
            for ln in lines:
                if ln.startswith("# ") and title == fallback:
                    title = ln[2:].strip()
                elif not ln.startswith("#") and not desc:
                    desc = ln
            return title, desc
    return fallback, ""


def _template_dirs() -> list[str]:
    """Where nbconvert's templates may live besides the default Jupyter paths
    (e.g. the base interpreter's prefix when running in a virtualenv)."""
    import site
    prefixes = [sys.prefix, sys.base_prefix, sys.exec_prefix,
                getattr(site, "USER_BASE", None) or ""]
    try:
        import nbconvert
        # <prefix>/lib/pythonX.Y/site-packages/nbconvert -> <prefix>
        prefixes.append(str(Path(nbconvert.__file__).resolve().parents[4]))
    except (ImportError, IndexError):  # pragma: no cover
        pass
    out = []
    for pre in dict.fromkeys(prefixes):
        d = Path(pre) / "share" / "jupyter" / "nbconvert" / "templates"
        if pre and (d / "basic").is_dir():
            out.append(str(d))
    return out


def export_body(nb: Any) -> str:
    """An executed notebook as page HTML: outputs only, no parameter cells, no stderr."""
    from nbconvert import HTMLExporter
    exporter = HTMLExporter(template_name="basic", exclude_input=True,
                            exclude_input_prompt=True, exclude_output_prompt=True,
                            extra_template_basedirs=_template_dirs(),
                            extra_template_paths=_template_dirs())
    # drop the parameter cells and any stderr streams (warnings) from the page
    nb = nb.copy()
    nb.cells = [c for c in nb.cells
                if not ({"parameters", "injected-parameters"}
                        & set(c.get("metadata", {}).get("tags", [])))]
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs = [o for o in c.outputs
                         if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    body, _ = exporter.from_notebook_node(nb)
    return body


_FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "link", "base", "frame",
                   "frameset", "applet", "form"}
_URL_ATTRS = {"src", "href", "srcset", "action", "poster", "data", "formaction", "background"}
_REMOTE_URL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def check_static_html(text: str, name: str = "page") -> None:
    """Raise ValueError if a generated page could run script or load anything remote.

    Checks real tags only (escaped article text is data, not markup): no script,
    frame, object, link or base elements, no ``on*`` event attributes, no
    refresh, and URLs are relative or ``data:image/...`` only.
    """
    from html.parser import HTMLParser

    problems: list[str] = []

    class _Check(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in _FORBIDDEN_TAGS:
                problems.append(f"<{tag}>")
            for k, v in attrs:
                v = v or ""
                if k.startswith("on"):
                    problems.append(f"<{tag} {k}=...>")
                elif tag == "meta" and k == "http-equiv" and v.lower() == "refresh":
                    problems.append("<meta http-equiv=refresh>")
                elif k in _URL_ATTRS and _REMOTE_URL.match(v) and not (
                        tag == "img" and k == "src" and v.startswith("data:image/")):
                    problems.append(f"<{tag} {k}={v[:40]!r}>")

        handle_startendtag = handle_starttag

    _Check(convert_charrefs=True).feed(text)
    if problems:
        raise ValueError(f"{name}: unsafe markup in generated HTML: {problems[:5]}")


TABLE_NOTES: dict[str, str] = {
    "documents": "one row per document: title, date, outlet, size and the clean text",
    "paragraphs": "paragraphs with their kind (title, heading, body) and offsets",
    "sentences": "sentences with offsets into the clean text",
    "removed": "every span cleaning removed, with the rule that removed it",
    "mentions": "each mention of a known actor, with the exact surface form",
    "candidates": "frequent names not in the actor registry",
    "comentions": "pairs of actors named in the same sentence/paragraph/document",
    "topics": "topics with labels, top terms, size and weight",
    "topic_assignments": "topic of each paragraph",
    "topic_prevalence": "share of each topic in each document",
    "topic_actors": "how much each actor is mentioned in each topic",
    "tone": "tone score of every passage mentioning an actor",
    "leaders": "tone per person with its interval and a low-evidence flag",
    "leader_documents": "tone per person and document",
    "quotes": "quotations with their speaker",
    "stance_evidence": "sentences showing a person's position on an issue",
    "stance": "each person's stance per issue with the amount of evidence",
}


def _glance(analysis: Any, pages: list[dict], people: dict[str, str] | None = None) -> str:
    """Index tables: tone per person (with intervals) and stances per person; names
    link to the person pages in ``people`` (name -> page)."""
    people = people or {}
    leaders_page = next((p["href"] for p in pages if "leader" in p["name"]), None)
    more = (f' Details and evidence: <a href="{html.escape(leaders_page, quote=True)}">'
            "tone and stance page</a>." if leaders_page else "")
    out = ["<h2>At a glance</h2>"]
    tone = narrative.tone_overview(analysis)
    ld = narrative.table(analysis, "leaders")
    n_low = int(ld["low_evidence"].map(truthy).sum()) if len(ld) else 0
    if len(tone):
        level = narrative.fmt_pct(ci_level(analysis))
        note = f"{narrative.TONE_DEFINITION} Intervals: {level}."
        if n_low:
            note += (f" {plural(n_low, 'person', 'people')} with too few mentions "
                     f"{'is' if n_low == 1 else 'are'} not listed.")
        chart_html = ""
        try:
            import matplotlib.pyplot as plt

            from analytics.plotting.tone import tone_by_leader
            solid = ld[~ld["low_evidence"].map(truthy)]
            fig = tone_by_leader(solid, max_actors=15)
            chart_html = figure_html(fig, f"Mean tone per person with its {level} interval "
                                          "(people with enough mentions only).")
            plt.close(fig)
        except Exception:  # noqa: BLE001 - the table below carries the same numbers
            chart_html = ""
        out.append("<h3>Tone per person</h3>" + chart_html + table_html(tone, max_rows=30,
                                                  links={"leader": people})
                   + f'<p class="table-note">{html.escape(note)}{more}</p>')
    st = narrative.stance_overview(analysis)
    if len(st):
        out.append("<h3>Stances per person</h3>" + table_html(st, max_rows=30,
                                                           links={"person": people})
                   + '<p class="table-note">Issues on which a person takes a side in at '
                   "least two sentences; the number of sentences is in brackets. "
                   f"Single-sentence readings are on the tone and stance page.{more}</p>")
    return "\n".join(out) if len(out) > 1 else ""


def fit_box(analysis: Any) -> str:
    """A box saying where the registries do not fit the corpus, and what to do ("" when
    both fit)."""
    msgs = narrative.fit_messages(analysis)
    if not msgs:
        return ""
    what = {"actors": "The actor registry", "issues": "The issue list"}
    items = "".join(f"<li><b>{html.escape(what.get(k, k))}.</b> {html.escape(m)}</li>"
                    for k, m in msgs)
    return ('<aside class="fit-box" role="note"><h2>Do the registries fit this corpus?</h2>'
            f"<ul>{items}</ul><p>Formats: docs/registry.md (people and offices) and "
            "docs/issues.md (issues); the README section \u201cYour own corpus\u201d walks "
            "through the steps.</p></aside>")


def _people_list(people: dict[str, str] | None) -> str:
    """Links to the person pages (name -> page), in the order given."""
    if not people:
        return ""
    items = " &middot; ".join(f'<a href="{html.escape(href, quote=True)}">'
                              f"{html.escape(name)}</a>" for name, href in people.items())
    return ('<h2>People</h2><p class="people-list">A page per person: mentions over time '
            "and by outlet, tone, who they appear with, criticism and praise, quotes and "
            f"stances.</p><p>{items}</p>")


def index_body(analysis: Any, pages: list[dict], meta: dict) -> str:
    """The front page: counts, fit box, headline findings, the glance tables, links to
    the person pages (``meta["people"]``: name -> page), pages and tables."""
    docs = narrative.table(analysis, "documents")
    leaders = narrative.table(analysis, "leaders")
    counts = narrative.corpus_counts(analysis)
    stats = [("documents", counts["documents"]),
             ("sentences analysed", counts["sentences"]),
             ("people mentioned", counts["people"]),
             ("people with enough mentions for a tone estimate",
              int((~leaders["low_evidence"].map(truthy)).sum()) if len(leaders) else 0),
             ("topics", counts["topics"])]
    if counts["analysed"] < counts["documents"]:
        stats.insert(1, ("documents analysed", counts["analysed"]))
    stats_html = "".join(f"<div><b>{narrative.fmt_int(v)}</b>{html.escape(k)}</div>"
                         for k, v in stats)
    cards = "".join(
        f'<div class="card"><h3><a href="{html.escape(p["href"], quote=True)}">'
        f'{html.escape(p["title"])}</a></h3><p>{html.escape(p["desc"])}</p></div>'
        for p in pages)
    rows = []
    for name in schema.TABLES:
        n = len(narrative.table(analysis, name))
        links = " ".join(
            f'<a href="tables/{name}.{ext}">{ext}</a>' for ext in ("csv", "parquet")
            if (meta["tables_dir"] / f"{name}.{ext}").exists())
        rows.append(f"<tr><td>{html.escape(name)}</td><td>{narrative.fmt_int(n)}</td>"
                    f"<td>{links}</td><td>{html.escape(TABLE_NOTES.get(name, ''))}</td></tr>")
    tables_html = ('<div class="table-wrap"><table class="data"><thead><tr><th>table</th>'
                   "<th>rows</th><th>download</th><th>contents</th></tr></thead><tbody>"
                   + "".join(rows) + "</tbody></table></div>")
    figs = ""
    if meta.get("figures"):
        figs = ('<p class="note">Every chart is also saved as a PNG file in '
                '<a href="figures/">figures/</a>.</p>')
    return f"""<h1>What the coverage says</h1>
<p class="lede">Findings from {html.escape(narrative.fmt_int(len(docs)))} news
articles: the main topics, who is mentioned and with whom, the tone of coverage around
each person (with its uncertainty) and what each person supports or opposes, with the
sentences that show it.</p>
<div class="stats">{stats_html}</div>
{fit_box(analysis)}
<h2>Headline findings</h2>
{narrative.findings_html(analysis, headline_only=True, heading=True, heading_level=3)}
{_glance(analysis, pages, meta.get("people"))}
{_people_list(meta.get("people"))}
<h2>Pages</h2>
<div class="cards">{cards}</div>
<h2>How to read this report</h2>
<ul class="method">
<li><b>People</b> are the persons of the actor registry and the persons found in the
text; the variants of a registry name ("Sir Keir", "Starmer") count as one person.
Mentions count in the analysed documents only (skipped and duplicate documents are
left out), and the same counts appear in the text, the tables and the charts.</li>
<li><b>Co-mentions</b> count how often two actors are named in the same sentence (or
paragraph): being named together is not agreement.</li>
<li><b>Topics</b> are found automatically from the words of each paragraph; their
labels are the most characteristic terms, not an editor's judgement.</li>
<li><b>Tone.</b> {html.escape(narrative.TONE_DEFINITION)} People with few mentions are
flagged.</li>
<li><b>Stance</b> is what a person supports or opposes on an issue, read from their
quoted words and reported positions; each stance links to the sentences behind it.
A stance resting on a single sentence is marked.</li>
<li>Statements marked <b>Caution</b> rest on thin evidence.</li>
</ul>
<h2>Data tables</h2>
<p>Every number in this report comes from these tables. They are tidy: one row per
observation, documented columns.</p>
{tables_html}
{figs}
"""
