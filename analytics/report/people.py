"""Person pages of the static report: one page per person who matters.

Each page (``person-<slug>.html`` beside ``index.html``) shows, from the tables:
mentions over time and by outlet, portrayal (tone with its interval), co-mentions,
relations with an evidence sentence each, top quotes and stances with evidence.
Text is escaped; charts are embedded PNGs, also saved in ``figures/``.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from analytics import narrative
from analytics.narrative.people import (DEFAULT_PEOPLE, PersonProfile, person_profile,
                                        person_slugs, select_people)
from analytics.narrative.tone import ci_level
from analytics.sentiment.tone import MIN_ARTICLES
from analytics.text.format import fmt_int, fmt_pct, fmt_tone, plural, truthy

from .display import figure_html, table_html

__all__ = ["person_links", "person_page_body", "write_person_pages", "link_people"]

_e = html.escape


def person_links(analysis: Any, people: Iterable[str] | None = None,
                 n: int = DEFAULT_PEOPLE) -> dict[str, str]:
    """Person -> page file name (``person-<slug>.html``) for the people who get a page.

    Parameters
    ----------
    analysis : Analysis
        The analysis.
    people : iterable of str, optional
        People to add to the ``n`` most mentioned.
    n : int
        How many of the most mentioned people get a page.

    Returns
    -------
    dict

    Raises
    ------
    InputError
        When a name in ``people`` is not a person mentioned in the analysed documents.
    """
    names = select_people(analysis, n, people)
    return {name: slug + ".html" for name, slug in person_slugs(names).items()}


def _link(name: Any, links: dict[str, str]) -> str:
    href = links.get(str(name))
    text = _e(str(name))
    return f'<a href="{_e(href, quote=True)}">{text}</a>' if href else text


def _bar_chart(labels: list[str], values: list[int], title: str, xlabel: str) -> Any:
    """A horizontal bar chart in the package style (one bar per label, in order)."""
    from analytics.plotting.style import PALETTE, new_figure, style

    fig, ax = new_figure(7.0, max(2.0, 0.32 * len(labels) + 1.2))
    with style():
        y = list(range(len(labels)))[::-1]
        ax.barh(y, values, color=PALETTE[0])
        ax.set_yticks(y)
        ax.set_yticklabels([lb if len(lb) <= 40 else lb[:39] + "\u2026" for lb in labels])
        ax.set_xlabel(xlabel)
        ax.set_title(title)
        ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


def _chart(df: pd.DataFrame, label_col: str, title: str, caption: str, path: Path) -> str:
    """Chart ``mentions`` per ``label_col``: saved to ``path`` (PNG) and embedded."""
    import matplotlib.pyplot as plt

    fig = _bar_chart(df[label_col].astype(str).to_list(), df["mentions"].astype(int).to_list(),
                     title, "mentions")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=150, bbox_inches="tight", facecolor="white")
        return figure_html(fig, caption)
    finally:
        plt.close(fig)


def _evidence(text: str, title: str | None, note: str | None = None) -> str:
    src = [f"<cite>{_e(title)}</cite>"] if title else []
    if note:
        src.append(_e(note))
    foot = f"<footer>{' &middot; '.join(src)}</footer>" if src else ""
    return f'<blockquote class="evidence"><p>{_e(text)}</p>{foot}</blockquote>'


def _portrayal(p: PersonProfile, level: float) -> str:
    t = p.tone
    if t is None or pd.isna(pd.to_numeric(t.get("tone_mean"), errors="coerce")):
        return "<p>No passage mentioning this person was scored for tone.</p>"
    n_m, n_d = int(t["mentions"]), int(t["documents"])
    basis = f"{plural(n_m, 'scored mention')} in {plural(n_d, 'article')}"
    if truthy(t.get("low_evidence")):
        return (f'<p class="note">Too few articles for a tone estimate ({basis}; an '
                f"estimate needs at least {MIN_ARTICLES} articles and 5 mentions).</p>")
    lo, hi = float(t["tone_ci_low"]), float(t["tone_ci_high"])
    reading = ("coverage leans positive" if lo > 0 else "coverage leans negative"
               if hi < 0 else "no clear lean either way")
    return (f"<p>Mean tone <b>{fmt_tone(t['tone_mean'])}</b> ({fmt_pct(level)} interval "
            f"{fmt_tone(lo)} to {fmt_tone(hi)}) over {basis}: {reading}. "
            f"{fmt_pct(t['share_positive'])} of the scored passages are positive and "
            f"{fmt_pct(t['share_negative'])} negative.</p>"
            f'<p class="table-note">{_e(narrative.TONE_DEFINITION)}</p>')


def _relations(p: PersonProfile, links: dict[str, str]) -> str:
    if p.relations.empty:
        return "<p>No criticism or praise between this person and another was found.</p>"
    out = []
    heads = {("out", -1): f"Whom {p.actor} criticises", ("out", 1): f"Whom {p.actor} praises",
             ("in", -1): f"Who criticises {p.actor}", ("in", 1): f"Who praises {p.actor}"}
    for key, head in heads.items():
        rows = p.relations[(p.relations["direction"] == key[0])
                           & (p.relations["polarity"] == key[1])]
        if rows.empty:
            continue
        out.append(f"<h3>{_e(head)}</h3>")
        for _, r in rows.iterrows():
            out.append(f"<p>{_link(r['person'], links)}: "
                       f"{_e(plural(int(r['articles']), 'article'))}, "
                       f"{_e(plural(int(r['sentences']), 'sentence'))}.</p>")
            if r["evidence"]:
                out.append(_evidence(r["evidence"], r["title"] or None))
    return "\n".join(out)


def person_page_body(analysis: Any, actor: str, links: dict[str, str],
                     figures: Path | None = None) -> str:
    """The HTML body of one person's page (escaped; charts embedded and saved).

    Parameters
    ----------
    analysis : Analysis
        The analysis.
    actor : str
        The person.
    links : dict
        Person -> page file name, for links to the other person pages.
    figures : path, optional
        Folder where the page's charts are also saved as PNG.

    Returns
    -------
    str
    """
    p = person_profile(analysis, actor)
    stem = Path(links.get(actor, "person.html")).stem
    level = ci_level(analysis)
    parts = [f"<h1>{_e(actor)}</h1>",
             f'<p class="lede">{_e(actor)} is mentioned '
             f"{_e(plural(p.mentions, 'time'))} in {_e(plural(p.documents, 'article'))} "
             "of this corpus (analysed articles only, name variants counted as one "
             'person). <a href="index.html">Back to the overview</a>.</p>',
             "<h2>Mentions over time</h2>"]
    if len(p.by_month):
        if len(p.by_month) > 1 and figures is not None:
            parts.append(_chart(p.by_month, "month", f"Mentions of {actor} per month",
                                "Mentions per month of publication.",
                                figures / f"{stem}-months.png"))
        parts.append(table_html(p.by_month, max_rows=24))
        if p.undated:
            parts.append(f'<p class="table-note">{_e(plural(p.undated, "mention"))} '
                         "in articles without a date are not in this table.</p>")
    else:
        parts.append('<p class="note">The articles have no dates, so mentions cannot be '
                     "shown over time.</p>")
    parts.append("<h2>Mentions by outlet</h2>")
    named = p.by_outlet[p.by_outlet["outlet"] != "(not given)"]
    if len(named):
        if len(p.by_outlet) > 1 and figures is not None:
            parts.append(_chart(p.by_outlet.head(15), "outlet", f"Mentions of {actor} by outlet",
                                "Mentions per outlet (most first).",
                                figures / f"{stem}-outlets.png"))
        parts.append(table_html(p.by_outlet, max_rows=15))
    else:
        parts.append('<p class="note">The articles name no outlet, so mentions cannot be '
                     "compared by outlet.</p>")
    parts += ["<h2>Portrayal</h2>", _portrayal(p, level)]
    parts.append("<h2>Mentioned with</h2>")
    if len(p.comentions):
        unit = p.unit or "sentence"
        rows = "".join(f"<tr><td>{_link(r['person'], links)}</td>"
                       f"<td>{fmt_int(r['together'])}</td></tr>"
                       for _, r in p.comentions.iterrows())
        parts.append(f'<div class="table-wrap"><table class="data"><thead><tr><th>person'
                     f"</th><th>{_e(unit)}s together</th></tr></thead><tbody>{rows}"
                     "</tbody></table></div>"
                     f'<p class="table-note">Actors named in the same {_e(unit)}; being '
                     "named together is not agreement.</p>")
    else:
        parts.append("<p>No other actor is named together with this person.</p>")
    parts += ["<h2>Criticism and praise</h2>", _relations(p, links)]
    parts.append("<h2>What they say</h2>")
    if len(p.quotes):
        parts.append(f'<p class="table-note">{_e(plural(len(p.quotes), "quote"))} of '
                     f"{fmt_int(p.n_quotes)} attributed to {_e(actor)}: direct quotes and "
                     "attributions by name first.</p>")
        for _, r in p.quotes.iterrows():
            parts.append(_evidence(f"\u201c{r['quote']}\u201d", r["title"] or None,
                                   "direct quote" if r["kind"] == "direct" else "partial quote"))
    else:
        parts.append("<p>No quote is attributed to this person.</p>")
    parts.append("<h2>Stances</h2>")
    if p.stances:
        for s in p.stances:
            thin = " (a single sentence: indicative only)" if s["n_evidence"] < 2 else ""
            parts.append(f"<h3>{_e(s['issue'])}</h3><p>{_e(actor)} {_e(s['verb'])} "
                         f"{_e(s['issue'])}: {_e(plural(s['n_evidence'], 'sentence'))}"
                         f"{_e(thin)}.</p>")
            for ev in s["evidence"]:
                parts.append(_evidence(ev.text, ev.title, ev.note))
    else:
        parts.append("<p>No stance on the listed issues was found for this person.</p>")
    return "\n".join(parts)


def write_person_pages(analysis: Any, out: Path, links: dict[str, str],
                       nav: list[tuple[str, str]], footer: str) -> list[str]:
    """Write one page per person of ``links`` into ``out`` (charts in ``out/figures``).

    Returns
    -------
    list of str
        The page file names written.
    """
    from . import html as pages_html

    written = []
    for actor, href in links.items():
        if not re.fullmatch(r"person-[a-z0-9-]+\.html", href):  # never a path
            raise ValueError(f"unsafe person page name: {href!r}")
        others = {k: v for k, v in links.items() if k != actor}
        body = link_people(person_page_body(analysis, actor, links, out / "figures"), others)
        page = pages_html.page(actor, body, nav, href, footer)
        pages_html.check_static_html(page, href)
        (out / href).write_text(page, encoding="utf-8")
        written.append(href)
    return written


# text inside these elements is never linked (links, article quotes, headings, markup)
_NO_LINK = {"a", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "style", "title",
            "header", "nav", "script", "summary"}
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")
_FIGURE = re.compile(r'<figure class="chart" data-names="([^"]*)">(.*?)</figure>', re.S)


def link_people(markup: str, links: dict[str, str]) -> str:
    """Link the people of ``links`` (name -> page) where a report page names them.

    In text (table cells, captions, findings, notes) the first mention of a person in
    each text run becomes a link; text in links, headings and quoted article text is
    left alone. Under a chart that draws people with a page (its ``data-names``,
    written by :func:`.display.figure_html`), a line lists them with links, in the
    order of ``links``.

    Parameters
    ----------
    markup : str
        Page HTML (escaped text, as the report writes it).
    links : dict
        Person -> page file name.

    Returns
    -------
    str
    """
    if not links:
        return _FIGURE.sub(lambda m: f'<figure class="chart">{m.group(2)}</figure>', markup)
    escaped = {}
    for name, href in links.items():
        for form in {_e(name, quote=False), _e(name)}:
            escaped[form] = (name, href)
    pattern = re.compile(r"(?<![\w&])(" + "|".join(
        re.escape(k) for k in sorted(escaped, key=lambda k: (-len(k), k))) + r")(?![\w])")

    def link_text(text: str) -> str:
        done: set[str] = set()

        def sub(m: re.Match) -> str:
            name, href = escaped[m.group(1)]
            if name in done:
                return m.group(1)
            done.add(name)
            return f'<a href="{_e(href, quote=True)}">{m.group(1)}</a>'
        return pattern.sub(sub, text)

    parts = _TAG.split(markup)
    depth = 0
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            m = _TAG_NAME.match(part)
            if m and m.group(1).lower() in _NO_LINK and not part.endswith("/>"):
                depth += -1 if part.startswith("</") else 1
                depth = max(depth, 0)
        elif part and depth == 0:
            parts[i] = link_text(part)
    markup = "".join(parts)

    def figure(m: re.Match) -> str:
        names = set(html.unescape(m.group(1)).split("\n"))
        shown = [n for n in links if n in names]  # in page order: most mentioned first
        body = m.group(2)
        if shown:
            items = ", ".join(f'<a href="{_e(links[n], quote=True)}">{_e(n)}</a>'
                              for n in shown)
            body += f'<p class="chart-people">People in this chart: {items}.</p>'
        return f'<figure class="chart">{body}</figure>'
    return _FIGURE.sub(figure, markup)
