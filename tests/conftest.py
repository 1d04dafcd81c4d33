"""Shared pytest fixtures and helpers.

Data files used by tests live in ``tests/fixtures/``; analyses shared by several test
modules are computed once per session here.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Data files of the tests (registries, evaluation sentences...).
FIXTURES = ROOT / "tests" / "fixtures"


# ------------------------------------------------------------------ analyses and reports
#: A hostile article: HTML/JS in the text must render as text everywhere.
HOSTILE_TEXT = (
    "Keir Starmer met Emmanuel Macron in Paris <script>window.__pwned = 1; alert(1)</script> "
    "on Friday to discuss Ukraine.\n"
    "Starmer said he strongly supports security guarantees for Ukraine "
    "<img src=x onerror=\"window.__pwned = 2; alert(2)\"> and praised the allies.\n"
    "Macron warned that Vladimir Putin cannot be trusted [click](javascript:alert(3)) "
    "and called the attacks a disgrace <b onmouseover=alert(4)>bold</b>.\n"
    "Details at src=http://evil.example/x.js and href=//evil.example "
    "<iframe src=\"http://evil.example\"></iframe> <link rel=stylesheet href=http://e.x/s.css>.\n"
)


def hostile_corpus(tmp_path: Path) -> Path:
    """The seeds plus one hostile article, as a folder of .txt files."""
    src = tmp_path / "corpus"
    src.mkdir()
    for f in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(f, src / f.name)
    (src / "999_hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    return src


@pytest.fixture(scope="session")
def seeds_analysis():
    """``analytics.analyze()`` on the bundled seeds, computed once per session."""
    import analytics

    return analytics.analyze(progress=False)


@pytest.fixture(scope="session")
def hostile_source(tmp_path_factory) -> Path:
    """The seeds plus one article full of HTML/JS, as a folder of .txt files."""
    return hostile_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="session")
def built_report(tmp_path_factory, hostile_source) -> Path:
    """``build_report`` on seeds + hostile article, run once per session (the analysis
    runs inside, once, as for ``analytics report``). Returns the report folder."""
    from analytics.report import build_report

    out = tmp_path_factory.mktemp("report") / "reports"
    index = build_report(hostile_source, out=out, progress=False)
    return index.parent


@pytest.fixture(scope="session")
def report_analysis(built_report):
    """The Analysis behind ``built_report``, loaded from its saved tables."""
    from analytics import Analysis

    return Analysis.load(built_report / "tables")


_QUOTED = re.compile(r"\u201c[^\u201d]*\u201d")
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_NUMBER = re.compile(r"(?<![\w.])[+-]?\d[\d,]*(?:\.\d+)?%?")


def allowed_number_strings(numbers: dict) -> set[str]:
    """Every way the narrative may print the values of a Finding.numbers dict."""
    from analytics.narrative import fmt_int, fmt_num, fmt_pct, fmt_tone

    out: set[str] = set()
    for v in numbers.values():
        if isinstance(v, str):
            out.add(v)
        elif isinstance(v, (bool, np.bool_)):
            continue
        elif isinstance(v, (int, np.integer)):
            out.add(fmt_int(v))
        else:
            out |= {fmt_tone(v), fmt_pct(v), fmt_num(v), f"{float(v):.2f}"}
    return out


def unexplained_numbers(text: str, numbers: dict) -> list[str]:
    """Numbers printed in ``text`` (outside quoted titles/labels) that are not values
    of ``numbers``."""
    body = _QUOTED.sub(" ", text)
    allowed = allowed_number_strings(numbers)
    bad = [d for d in _DATE.findall(body) if d not in allowed]
    body = _DATE.sub(" ", body)
    for tok in _NUMBER.findall(body):
        tok = tok.rstrip(",")
        if tok not in allowed and tok.lstrip("+") not in allowed:
            bad.append(tok)
    return bad
