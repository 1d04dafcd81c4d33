"""The static HTML report: pages, tables, numbers, safety, atomic replacement."""

from __future__ import annotations

import html as htmlmod
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analytics import narrative, report, schema
from analytics.safe import replace_dir, write_marker
from conftest import unexplained_numbers

pytestmark = pytest.mark.slow

PAGES = ["index.html", "00_summary.html", "01_corpus.html", "02_topics.html",
         "03_actors.html", "04_leaders.html"]


class _Collect(HTMLParser):
    """Collects finding paragraphs, tags, attributes and visible text."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.findings: list[str] = []
        self._in_finding = 0
        self._p: list[str] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "div" and "finding" in (a.get("class") or "").split():
            self._in_finding = 1
        elif tag == "p" and self._p is None and self._in_finding == 1:
            self._p = []

    def handle_endtag(self, tag):
        if tag == "p" and self._p is not None:
            self.findings.append("".join(self._p))
            self._p = None
            self._in_finding = 2
        if tag == "div" and self._in_finding:
            self._in_finding = 0

    def handle_data(self, data):
        self.text.append(data)
        if self._p is not None:
            self._p.append(data)


def _all_pages(report_dir: Path) -> list[str]:
    """The notebook pages, the index and every person page of a built report."""
    people = sorted(p.name for p in report_dir.glob("person-*.html"))
    assert people, "no person page"
    return PAGES + people


def _parse(path: Path) -> _Collect:
    c = _Collect()
    c.feed(path.read_text(encoding="utf-8"))
    return c


def test_pages_and_tables_exist(built_report):
    for p in PAGES:
        assert (built_report / p).is_file(), p
    for name in schema.TABLES:
        assert (built_report / "tables" / f"{name}.csv").is_file()
        assert (built_report / "tables" / f"{name}.parquet").is_file()
    assert list((built_report / "figures").glob("*.png"))
    index = (built_report / "index.html").read_text()
    for p in _all_pages(built_report)[1:]:
        assert f'href="{p}"' in index
    for name in schema.TABLES:
        assert f'href="tables/{name}.csv"' in index


def test_no_scripts_no_remote_resources(built_report):
    for p in _all_pages(built_report):
        text = (built_report / p).read_text()
        report.check_static_html(text, p)
        c = _parse(built_report / p)
        for tag, attrs in c.tags:
            assert tag not in ("script", "iframe", "object", "embed", "link"), (p, tag)
            for k, v in attrs.items():
                assert not k.startswith("on"), (p, tag, k)
                if k in ("src", "href") and v:
                    assert not re.match(r"\s*(https?:|//|javascript:)", v, re.I), (p, v)
        assert "Content-Security-Policy" in text


def test_hostile_text_is_escaped(built_report):
    seen = set()
    for p in _all_pages(built_report):
        text = (built_report / p).read_text()
        assert "<script" not in text.lower(), p
        assert "<img src=x" not in text and "<b onmouseover" not in text, p
        assert "javascript:" not in re.sub(r"\(javascript:alert\(3\)\)", "", text), p
        if "&lt;script&gt;window.__pwned" in text:
            seen.add(p)
    # the hostile article shows up, as text, in the corpus page and the tone evidence
    assert "01_corpus.html" in seen


def test_no_chart_errors(built_report):
    for p in _all_pages(built_report):
        text = (built_report / p).read_text()
        assert 'class="chart-error"' not in text, (p, re.findall(
            r'class="chart-error">(.*?)</p>', text)[:3])


def test_every_number_on_the_pages_matches_the_tables(built_report):
    a = report.load_analysis(built_report / "tables")
    fs = narrative.findings(a)
    texts = {f.text: f for f in fs}
    n_checked = 0
    for p in _all_pages(built_report):
        for para in _parse(built_report / p).findings:
            assert para in texts, (p, para)
            f = texts[para]
            assert not unexplained_numbers(f.text, f.numbers), (p, f.text)
            n_checked += 1
    assert n_checked >= 10
    # and the key values, recomputed from the saved tables
    # names of people with a page are links: compare the text without them
    def unlinked(name: str) -> str:
        return re.sub(r"</?a\b[^>]*>", "", (built_report / name).read_text())
    index = htmlmod.unescape(unlinked("index.html"))
    assert f"The corpus has {len(a.documents)} documents" in index
    leaders_page = htmlmod.unescape(unlinked("04_leaders.html"))
    solid = a.leaders[~a.leaders["low_evidence"].astype(bool)]
    assert len(solid) >= 2
    for _, r in solid.iterrows():
        line = (f"{r['actor']}: mean tone {narrative.fmt_tone(r['tone_mean'])} (95% interval "
                f"{narrative.fmt_tone(r['tone_ci_low'])} to {narrative.fmt_tone(r['tone_ci_high'])})")
        assert line in leaders_page
        # the index's tone table shows the same values
        assert (f"<td>{narrative.fmt_tone(r['tone_ci_low'])} to "
                f"{narrative.fmt_tone(r['tone_ci_high'])}</td>") in index
    low = a.leaders[a.leaders["low_evidence"].astype(bool)].sort_values("mentions")
    if len(low):
        r = low.iloc[-1]
        assert f"{r['actor']} ({r['mentions']} mention" in leaders_page
    top = narrative.mention_counts(a)
    assert (f"The most mentioned is {top.index[0]}, with {top['mentions'].iloc[0]} mentions"
            in index)
    # the header counts are the prose's and the tables'
    counts = narrative.corpus_counts(a)
    assert f"<b>{counts['sentences']}</b>sentences analysed" in index
    assert counts["sentences"] == len(a.sentences)
    assert f"<b>{len(top)}</b>people mentioned" in index
    assert f"{len(top)} people are mentioned" in index


def test_no_ids_in_prose_and_pages_are_small(built_report):
    for p in _all_pages(built_report):
        path = built_report / p
        assert path.stat().st_size < 5_000_000, p
        for para in _parse(path).findings:
            body = re.sub(r"\u201c[^\u201d]*\u201d", "", para)
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", body), (p, para)
            assert not re.search(r"\b\d{3}_[0-9a-f]{16}\b", para), (p, para)


def test_index_answers_the_journalist_questions(built_report):
    index = htmlmod.unescape((built_report / "index.html").read_text())
    for heading in ("Topics", "Who is in the news", "Who appears with whom",
                    "Tone of coverage per person", "What people support and oppose"):
        assert heading in index
    assert "interval" in index
    assert '<blockquote class="evidence">' in index


def test_failed_build_keeps_previous_report(tmp_path, report_analysis, monkeypatch):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "index.html").write_text("previous")
    write_marker(out, kind="report", target=out.name, complete=True)

    def boom(*a, **k):
        raise RuntimeError("notebook failed")

    monkeypatch.setattr(report.build, "execute_notebooks", boom)
    with pytest.raises(RuntimeError):
        report.build_report(out=out, analysis=report_analysis, progress=False)
    assert (out / "index.html").read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["reports"]


def test_notebooks_are_found():
    nbs = report.list_notebooks()
    assert [p.stem[:2] for p in nbs] == ["00", "01", "02", "03", "04"]


def test_swap_replaces_and_keeps_gitkeep(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    (out / ".gitkeep").write_text("")
    (out / "old.html").write_text("old")
    new = tmp_path / ".reports.building-x"
    new.mkdir()
    (new / "index.html").write_text("new")
    replace_dir(new, out)
    assert sorted(p.name for p in out.iterdir()) == [".gitkeep", "index.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["reports"]


def test_notebooks_found_in_installed_wheel_layout(tmp_path, monkeypatch):
    """An installed wheel ships the notebooks at analytics/data/notebooks."""
    import importlib.resources

    pkg = tmp_path / "site" / "analytics"
    (pkg / "data" / "notebooks").mkdir(parents=True)
    for p in report.list_notebooks():
        (pkg / "data" / "notebooks" / p.name).write_bytes(p.read_bytes())
    real = importlib.resources.files
    monkeypatch.setattr(importlib.resources, "files",
                        lambda name: pkg if name == "analytics" else real(name))
    assert report.notebooks_dir() == pkg / "data" / "notebooks"
    assert [p.parent for p in report.list_notebooks()] == [pkg / "data" / "notebooks"] * 5
