"""The report's quality bar, on the demo and on a generated 300-article corpus with
dates, outlets, skipped documents, unresolved roles and one-mention people.

Each report is built once per session (the demo) or module (the generated corpus).
On every page (index, notebook pages, person pages):

* every number in prose is recomputed from the tables (findings through their
  ``numbers``; headers, notes, captions and person pages through the shared counts);
* no table, rule, issue or hash id appears in prose;
* names of people with a page link to it, in tables and under charts;
* in headless Chromium at 390 px and 1280 px: no sideways scrolling, no console error;
* the co-mention network's label boxes do not overlap, nor do its components.
"""

from __future__ import annotations

import html as htmlmod
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from analytics import Analysis, narrative, schema
from analytics.narrative.people import MAX_QUOTES
from analytics.narrative.tone import ci_level
from analytics.report.display import MAX_PAGE_ROWS
from analytics.sentiment.tone import MIN_ARTICLES
from analytics.text.format import fmt_int, fmt_pct, fmt_tone, truthy
from conftest import unexplained_numbers
from fixtures.report_corpus import corpus

pytestmark = pytest.mark.slow

NOTEBOOK_PAGES = ["00_summary.html", "01_corpus.html", "02_topics.html", "03_actors.html",
                  "04_leaders.html"]
EXTRA_PERSON = "erik sund"  # named once: a page only because the user asks for it


@pytest.fixture(scope="module")
def generated_report(tmp_path_factory) -> Path:
    import analytics
    from analytics.report import build_report

    analysis = analytics.analyze(corpus(), progress=False, workers=1, n_topics=6)
    out = tmp_path_factory.mktemp("generated") / "report"
    return build_report(out=out, analysis=analysis, progress=False,
                        people=[EXTRA_PERSON]).parent


@pytest.fixture(scope="module", params=["demo", "generated"])
def site(request) -> tuple[Path, Analysis]:
    folder = request.getfixturevalue("built_report" if request.param == "demo"
                                     else "generated_report")
    return folder, Analysis.load(folder / "tables")


def _pages(folder: Path) -> list[Path]:
    people = sorted(folder.glob("person-*.html"))
    assert people
    return [folder / "index.html", *(folder / p for p in NOTEBOOK_PAGES), *people]


# ------------------------------------------------------------------ reading the pages
_BLOCKS = {"p", "li", "figcaption", "summary", "h1", "h2", "h3", "h4", "footer", "th", "td",
           "div"}
_SKIP = {"style", "title", "header", "blockquote", "table"}


class _Blocks(HTMLParser):
    """Text blocks of a page (innermost block elements) with their ancestors' tags and
    classes, and every link; text in article quotes, the navigation and the head is
    skipped, table cells are kept as blocks of their own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []
        self.open: list[list[str]] = []
        self.blocks: list[tuple[tuple[tuple[str, str], ...], str]] = []
        self.links: list[tuple[str, str, tuple]] = []  # (href, text, ancestors)
        self._a: list[str] | None = None
        self._href = ""

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "meta", "hr", "input", "wbr"):
            return
        a = dict(attrs)
        self.stack.append((tag, a.get("class") or ""))
        if tag in _BLOCKS:
            self.open.append([])
        if tag == "a":
            self._a, self._href = [], a.get("href") or ""

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == "a" and self._a is not None:
                self.links.append((self._href, "".join(self._a), tuple(self.stack)))
                self._a = None
            if t in _BLOCKS and self.open:
                text = " ".join("".join(self.open.pop()).split())
                if text and not any(s in _SKIP for s, _ in self.stack) or (
                        text and t in ("th", "td")):
                    self.blocks.append((tuple(self.stack) + ((t, ""),), text))
            if t == tag:
                break

    def handle_data(self, data):
        if self._a is not None:
            self._a.append(data)
        if self.open:
            self.open[-1].append(data)


def _read(path: Path) -> _Blocks:
    b = _Blocks()
    b.feed(path.read_text(encoding="utf-8"))
    return b


def _has(ancestors: tuple, tag: str, cls: str | None = None) -> bool:
    return any(t == tag and (cls is None or cls in c.split()) for t, c in ancestors)


def _prose(path: Path) -> list[tuple[tuple, str]]:
    """Blocks a reader reads as text: not table cells, article quotes or navigation."""
    return [(anc, text) for anc, text in _read(path).blocks
            if not any(t in _SKIP for t, _ in anc[:-1]) and anc[-1][0] not in ("th", "td")]


_NUM = re.compile(r"(?<![\w.])[+-]?\d[\d,]*(?:\.\d+)?%?")
_QUOTED = re.compile(r"\u201c[^\u201d]*\u201d")


def _int(s: str) -> int:
    return int(s.replace(",", ""))


# ------------------------------------------------------------------ numbers
class _Facts:
    """What the pages may say, recomputed from the saved tables with the shared
    definitions of :mod:`analytics.narrative.counts`."""

    def __init__(self, a: Analysis) -> None:
        self.a = a
        self.docs = a.documents
        self.level = fmt_pct(ci_level(a))
        self.counted = narrative.counted_mentions(a)
        self.counts = narrative.corpus_counts(a)
        self.leaders = a.leaders.set_index("actor")
        self.findings = {f.text: f for f in narrative.findings(a)}
        self.labels = narrative.issue_labels(a)
        self.fit = narrative.fit_messages(a)


def _consume(text: str, pattern: str, check) -> str:
    """Check every match of ``pattern`` in ``text`` and remove it."""
    def sub(m: re.Match) -> str:
        check(m)
        return " "
    return re.sub(pattern, sub, text)


# phrases of method, not of data: their numbers are settings the reader is told
_METHOD = [re.escape(narrative.TONE_DEFINITION),
           r"the 15 most mentioned", r"two of the 12 most mentioned people",
           r"actors with fewer than 5 mentions are left out",
           r"a row adds up to 100% of the actor's mentions",
           r"a row adds up to less than 100% when", r"fewer than 5 of them"]


def _check_common(text: str, f: _Facts) -> str:
    for phrase in _METHOD:
        text = re.sub(phrase, " ", text)

    def level(m):
        assert m.group(1) == f.level, (m.group(0), f.level)
    text = _consume(text, r"(\d+%) interval", level)
    text = _consume(text, r"Intervals: (\d+%)\.", level)

    def footer(m):
        assert _int(m.group(1)) == len(f.docs)
    text = _consume(text, r"Generated \d{4}-\d\d-\d\d \d\d:\d\d UTC by analytics \S+ from "
                          r"([\d,]+) documents\.", footer)

    def showing(m):
        n, name = _int(m.group(2)), m.group(4)
        # the co-mention pairs shown are those of one level (the caption names it), and
        # the note says the CSV holds the other levels too
        want = (len(narrative.pick_comentions(f.a)[0]) if name == "comentions"
                else len(getattr(f.a, name)))
        assert n == want, (m.group(0), want)
        assert _int(m.group(1)) < n
        assert (m.group(3) == "these rows and the pairs of the other levels") == (
            name == "comentions"), m.group(0)
    text = _consume(text, r"showing ([\d,]+) of ([\d,]+) rows; (full table|these rows and "
                          r"the pairs of the other levels): (\w+)\.csv", showing)

    def largest(m):
        assert _int(m.group(2)) == len(f.a.topics) > _int(m.group(1)) == 24
    text = _consume(text, r"the (\d+) largest of the ([\d,]+) topics", largest)
    text = re.sub(r"actors with fewer than 5 mentions are left out", " ", text)

    # checked against the rows the element holds (below)
    text = re.sub(r"^show all [\d,]+ rows$", " ", text)

    def capped(m):
        assert _int(m.group(1)) == MAX_PAGE_ROWS < _int(m.group(2))
    return _consume(text, r"(?:show|this page shows) the first ([\d,]+) of ([\d,]+) rows",
                    capped)


def _check_index(text: str, anc: tuple, f: _Facts) -> str:
    def lede(m):
        assert _int(m.group(1)) == len(f.docs)
    text = _consume(text, r"Findings from ([\d,]+) news articles", lede)
    if _has(anc, "div", "stats"):
        ld = f.leaders
        solid = int((~ld["low_evidence"].map(truthy)).sum()) if len(ld) else 0
        want = {"documents": f.counts["documents"], "documents analysed": f.counts["analysed"],
                "sentences analysed": f.counts["sentences"],
                "people mentioned": f.counts["people"],
                "people with enough mentions for a tone estimate": solid,
                "topics": f.counts["topics"]}
        m = re.fullmatch(r"([\d,]+)\s*(.+)", text)
        assert m and want[m.group(2)] == _int(m.group(1)), (text, want)
        return ""

    def low(m):
        assert _int(m.group(1)) == int(f.leaders["low_evidence"].map(truthy).sum())
    return _consume(text, r"([\d,]+) (?:person|people) with too few mentions", low)


def _check_person(text: str, actor: str, f: _Facts) -> str:
    mine = f.counted[f.counted["actor"] == actor]

    def lede(m):
        assert (_int(m.group(1)), _int(m.group(2))) == (len(mine), mine["doc_id"].nunique())
    text = _consume(text, re.escape(actor) + r" is mentioned ([\d,]+) times? in ([\d,]+) "
                                             r"articles?", lede)

    def undated(m):
        d = f.docs.set_index("doc_id").loc[mine["doc_id"], "date"]
        n = int(pd.to_datetime(d.where(d.astype(str).str.strip() != ""), errors="coerce")
                .isna().sum())
        assert _int(m.group(1)) == n
    text = _consume(text, r"([\d,]+) mentions? in articles without a date", undated)
    r = f.leaders.loc[actor] if actor in f.leaders.index else None

    def tone(m):
        assert m.groups() == (
            fmt_tone(r["tone_mean"]), fmt_tone(r["tone_ci_low"]), fmt_tone(r["tone_ci_high"]),
            fmt_int(r["mentions"]), fmt_int(r["documents"]), fmt_pct(r["share_positive"]),
            fmt_pct(r["share_negative"])), (m.group(0), r)
    text = _consume(text, r"Mean tone ([+-]?\d\.\d\d) \(\d+% interval ([+-]?\d\.\d\d) to "
                          r"([+-]?\d\.\d\d)\) over ([\d,]+) scored mentions? in ([\d,]+) "
                          r"articles?: [^.]*\. (\d+%) of the scored passages are positive "
                          r"and (\d+%) negative\.", tone)

    def thin(m):
        assert truthy(r["low_evidence"])
        assert (_int(m.group(1)), _int(m.group(2))) == (r["mentions"], r["documents"])
        assert _int(m.group(3)) == MIN_ARTICLES
    text = _consume(text, r"Too few articles for a tone estimate \(([\d,]+) scored "
                          r"mentions? in ([\d,]+) articles?; an estimate needs at least "
                          r"(\d+) articles and 5 mentions\)", thin)

    def quotes(m):
        q = f.a.quotes
        q = q[(q["speaker"].astype(str) == actor) & q["quote"].astype(str).str.strip().ne("")
              & q["quote"].notna() & q["doc_id"].isin(set(f.counted["doc_id"]))]
        assert _int(m.group(2)) == len(q)
        assert _int(m.group(1)) == min(MAX_QUOTES, len(q.drop_duplicates(["doc_id",
                                                                          "sent_id"])))
    text = _consume(text, r"(\d+) quotes? of ([\d,]+) attributed to", quotes)

    def relation(m):
        other = m.group(1)
        rel = f.a.relations
        hit = rel[((rel["source"] == actor) & (rel["target"] == other))
                  | ((rel["source"] == other) & (rel["target"] == actor))]
        assert ((hit["n_documents"] == _int(m.group(2)))
                & (hit["n_sentences"] == _int(m.group(3)))).any(), m.group(0)
    text = _consume(text, r"^(.+): ([\d,]+) articles?, ([\d,]+) sentences?\.$", relation)

    def stance(m):
        st = f.a.stance
        label = m.group(2)
        ids = [k for k, v in f.labels.items() if v == label] or [label]
        hit = st[(st["actor"] == actor) & st["issue"].isin(ids)]
        assert len(hit) == 1 and int(hit["n_evidence"].iloc[0]) == _int(m.group(3)), m.group(0)
    return _consume(text, re.escape(actor) + r" (supports|opposes|takes no clear side on"
                                             r"|is \w+ on) (.+?): ([\d,]+) sentences?", stance)


def test_every_number_on_every_page_comes_from_the_tables(site):
    folder, a = site
    f = _Facts(a)
    n_findings = n_other = 0
    problems: list[str] = []
    for path in _pages(folder):
        actor = None
        if path.name.startswith("person-"):
            actor = next(t for anc, t in _prose(path) if anc[-1][0] == "h1")
        for anc, text in _prose(path):
            if _has(anc, "div", "finding"):
                assert text in f.findings, (path.name, text)
                finding = f.findings[text]
                bad = unexplained_numbers(finding.text, finding.numbers)
                if bad:
                    problems.append(f"{path.name}: {bad} in {text!r}")
                n_findings += 1
                continue
            if _has(anc, "aside", "fit-box") and anc[-1][0] == "li":
                # a fit message of narrative.fit_messages, word for word
                assert any(text.endswith(". " + " ".join(m.split())) for _, m in f.fit), text
                n_other += 1
                continue
            rest = _QUOTED.sub(" ", text)
            if path.name == "index.html":
                rest = _check_index(rest, anc, f)
            if actor is not None:
                rest = _check_person(rest, actor, f)
            rest = _check_common(rest, f)
            left = _NUM.findall(rest)
            if left:
                problems.append(f"{path.name}: unexplained {left} in {text!r}")
            n_other += 1
        # "show all N rows": N is the number of rows the details element holds
        raw = path.read_text(encoding="utf-8")
        for n, body in re.findall(r"<summary>show all ([\d,]+) rows</summary>(.*?)</details>",
                                  raw, re.S):
            rows = re.search(r"<tbody>(.*?)</tbody>", body, re.S).group(1).count("<tr")
            assert rows == _int(n), (path.name, n, rows)
    assert not problems, "\n".join(problems[:30])
    assert n_findings >= 20 and n_other >= 30


def test_person_page_tables_match_the_counts(site):
    """The month, outlet and co-mention tables of every person page."""
    folder, a = site
    counted = narrative.counted_mentions(a)
    docs = a.documents.set_index("doc_id")
    for path in sorted(folder.glob("person-*.html")):
        b = _read(path)
        actor = next(t for anc, t in b.blocks if anc[-1][0] == "h1")
        mine = counted[counted["actor"] == actor]
        cells = [t for anc, t in b.blocks if anc[-1][0] == "td"]
        text = " ".join(cells)
        outlet = docs.loc[mine["doc_id"], "outlet"].where(
            docs.loc[mine["doc_id"], "outlet"].astype(str).str.strip().ne(""))
        outlet = outlet.fillna("(not given)").astype(str)
        per = pd.DataFrame({"o": outlet.to_numpy(), "d": mine["doc_id"].to_numpy()})
        prose = " ".join(t for _, t in b.blocks)
        if (per["o"] == "(not given)").all():
            assert "The articles name no outlet" in prose, path.name
        for o, g in per.groupby("o"):
            if (per["o"] != "(not given)").any():
                assert f"{o} {len(g)} {g['d'].nunique()}" in text, (path.name, o)
        month = pd.to_datetime(docs.loc[mine["doc_id"], "date"].replace("", None),
                               errors="coerce").dt.strftime("%Y-%m")
        per = pd.DataFrame({"m": month.to_numpy(), "d": mine["doc_id"].to_numpy()}).dropna()
        if per.empty:
            assert "The articles have no dates" in prose, path.name
        for mo, g in per.groupby("m"):
            assert f"{mo} {len(g)} {g['d'].nunique()}" in text, (path.name, mo)
        pairs, _, _ = narrative.pick_comentions(a)
        for _, r in pairs[(pairs["source"] == actor) | (pairs["target"] == actor)].iterrows():
            other = r["target"] if r["source"] == actor else r["source"]
            if f"{other} " in text:
                assert f"{other} {int(r['_n'])}" in text, (path.name, other)


# ------------------------------------------------------------------ ids in prose
def _ids(a: Analysis) -> set[str]:
    ids = {t for t in schema.TABLES if "_" in t}
    ids |= set(a.removed["rule"].dropna().astype(str)) if len(a.removed) else set()
    ids |= set(a.stance["issue"].dropna().astype(str)) if len(a.stance) else set()
    ids |= set(narrative.issue_labels(a))
    return ids


def test_no_table_rule_issue_or_hash_id_in_prose(site):
    folder, a = site
    ids = _ids(a)
    assert "cookie_consent" in ids or "stance_evidence" in ids
    docs = set(a.documents["doc_id"].astype(str))
    for path in _pages(folder):
        for anc, text in _prose(path):
            # file names in commands and links (my_actors.yaml) are not ids
            body = re.sub(r"\S+\.(?:yaml|yml|csv|parquet|md|png|html)\b", " ",
                          _QUOTED.sub(" ", text))
            words = set(re.findall(r"[\w-]+", body))
            assert not words & ids, (path.name, words & ids, text)
            assert not re.search(r"\b\d{3}_[0-9a-f]{16}\b", text), (path.name, text)
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", body), (path.name, text)
            assert not (words & docs) or path.name == "01_corpus.html" and _has(
                anc, "table"), (path.name, words & docs, text)


# ------------------------------------------------------------------ person links
def test_people_with_a_page_are_linked_from_notebook_pages_and_charts(site):
    folder, a = site
    import json

    people = json.loads((folder / "report.json").read_text())["people"]
    assert len(people) >= 5
    for page in ("03_actors.html", "04_leaders.html"):
        b = _read(folder / page)
        raw = (folder / page).read_text(encoding="utf-8")
        # every table cell that names a person with a page links to it
        n_cells = 0
        for cell in re.findall(r"<td>(.*?)</td>", raw, re.S):
            name = htmlmod.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            if name in people:
                assert f'<a href="{people[name]}">' in cell, (page, name)
                n_cells += 1
        assert n_cells >= 3, page
        # and so does a finding or note naming one
        linked = {text: href for href, text, _ in b.links}
        assert any(linked.get(p) == people[p] for p in people), page
        # every chart showing people says who they are, with links
        figs = re.findall(r"<figure class=\"chart\".*?</figure>", raw, re.S)
        assert figs
        with_people = [fg for fg in figs if 'class="chart-people"' in fg]
        assert with_people, page
        for fg in with_people:
            for href in re.findall(r'<a href="([^"]+)"', fg):
                assert href in people.values() and (folder / href).is_file()
    # the extra person the user asked for has a page, linked from the index
    if "generated" in str(folder):
        assert any(p.lower() == EXTRA_PERSON for p in people)
        index = (folder / "index.html").read_text(encoding="utf-8")
        for p, href in people.items():
            assert f'href="{href}"' in index


# ------------------------------------------------------------------ network layout
def test_network_labels_and_components_do_not_overlap(site):
    import matplotlib.pyplot as plt

    from analytics import comentions
    from analytics.plotting.actors import actor_network, network_layout

    _, a = site
    _, level, _ = narrative.pick_comentions(a)
    graph = comentions.to_networkx(a.mentions, level=level or "sentence")
    fig = actor_network(graph)
    try:
        lay = network_layout(fig)
    finally:
        plt.close(fig)
    boxes = lay["labels"]
    assert len(boxes) >= 5
    names = sorted(boxes)
    for i, p in enumerate(names):
        for q in names[i + 1:]:
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = boxes[p], boxes[q]
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, (p, q)
    comps = lay["components"]
    for i, c in enumerate(comps):
        for d in comps[i + 1:]:
            (x0, y0, x1, y1), (u0, v0, u1, v1) = c, d
            assert x1 < u0 or u1 < x0 or y1 < v0 or v1 < y0


# ------------------------------------------------------------------ browser
def test_pages_in_chromium_at_phone_and_desktop_width(site):
    from test_browser import ARGS, CHROMIUM, _require_browser

    _require_browser()
    from playwright.sync_api import sync_playwright

    folder, _ = site
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for width in (390, 1280):
                ctx = browser.new_context(viewport={"width": width, "height": 800})
                page = ctx.new_page()
                console: list[str] = []
                page.on("console", lambda m: console.append(f"{m.type}: {m.text}")
                        if m.type in ("error", "warning") else None)
                page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
                for path in _pages(folder):
                    console.clear()
                    page.goto(path.as_uri())
                    page.wait_for_load_state("load")
                    wide = page.evaluate("document.documentElement.scrollWidth")
                    if wide > width:
                        problems.append(f"{path.name}: {wide} px wide at {width} px")
                    if console:
                        problems.append(f"{path.name} at {width} px: {console}")
                ctx.close()
        finally:
            browser.close()
    assert not problems, "\n".join(problems)
