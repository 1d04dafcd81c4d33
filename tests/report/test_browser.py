"""Open every report page in headless Chromium: it loads cleanly, images render,
links resolve, and no script from article text runs."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _require_browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI (apt-get install -y chromium)")
        pytest.skip(f"{CHROMIUM} not installed")
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("the playwright package is missing in CI")
        pytest.skip("playwright not installed")


HOOK = """
window.__alerts = [];
window.alert = (m) => window.__alerts.push(String(m));
window.confirm = window.prompt = window.alert;
"""


def test_report_in_chromium(built_report):
    _require_browser()
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    pages = sorted(built_report.glob("*.html"))
    assert len(pages) >= 6
    problems: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            ctx = browser.new_context(viewport={"width": 1200, "height": 900})
            ctx.add_init_script(HOOK)
            page = ctx.new_page()
            console: list[str] = []
            page.on("console", lambda m: console.append(f"{m.type}: {m.text}")
                    if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
            page.on("request", lambda r: requests.append(r.url))
            for f in pages:
                console.clear()
                page.goto(f.as_uri())
                page.wait_for_load_state("load")
                if console:
                    problems.append(f"{f.name}: console {console}")
                alerts = page.evaluate("window.__alerts")
                pwned = page.evaluate("window.__pwned === undefined ? null : window.__pwned")
                if alerts or pwned is not None:
                    problems.append(f"{f.name}: article script ran {alerts} {pwned}")
                n_scripts = page.evaluate("document.scripts.length")
                if n_scripts:
                    problems.append(f"{f.name}: {n_scripts} <script> elements")
                broken = page.evaluate(
                    "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
                    ".map(i => i.alt || i.src.slice(0, 40))")
                if broken:
                    problems.append(f"{f.name}: images not rendered {broken}")
                hrefs = page.evaluate("Array.from(document.links).map(a => a.href)")
                for h in hrefs:
                    u = urlparse(h)
                    if u.scheme != "file":
                        problems.append(f"{f.name}: non-local link {h}")
                        continue
                    target = Path(unquote(u.path))
                    if not target.exists():
                        problems.append(f"{f.name}: broken link {h}")
                page.screenshot(path=str(ARTIFACTS / f"{f.stem}.png"), full_page=True)
                for width in (390, 1280):  # a phone and a desktop: no sideways scrolling
                    page.set_viewport_size({"width": width, "height": 900})
                    wide = page.evaluate("document.documentElement.scrollWidth")
                    if wide > width:
                        problems.append(f"{f.name}: {wide} px wide at a {width} px screen")
                page.set_viewport_size({"width": 1200, "height": 900})
            # the hostile article is shown as text
            page.goto((built_report / "01_corpus.html").as_uri())
            assert "<script>" in page.inner_text("main")
        finally:
            browser.close()
    remote = [r for r in requests if not r.startswith(("file:", "data:"))]
    assert not remote, remote
    assert not problems, "\n".join(problems)
