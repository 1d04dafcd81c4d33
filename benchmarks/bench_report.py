"""How long the static report takes on top of a saved analysis, and how big its pages are.

For each size, the script generates that many articles (``generate.py``, about 400
words each, dates and outlets), runs the analysis once and saves it (both kept in
``benchmarks/_corpora/`` and reused by later runs), then times
:func:`analytics.report.build_report` given the loaded analysis: executing the
notebooks, exporting the pages, the person pages and the index. It records the
build time, every page's size and the largest page. Comparing two sizes shows
whether anything grows faster than the corpus (page sizes should stay flat: long
tables are behind CSV links or capped).

Bars: the build under 180 s and every page under 5 MB at 10,000 articles.

Usage::

    python benchmarks/bench_report.py --sizes 1000 2000
    python benchmarks/bench_report.py --sizes 10000 --out benchmarks/_out/report.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
CORPORA = HERE / "_corpora"
BUILD_BAR_S = 180.0
PAGE_BAR_BYTES = 5_000_000


def saved_analysis(n: int, workers: int | None) -> tuple[Path, float | None]:
    """The saved analysis of ``n`` generated articles (made on first use); and the
    seconds the analysis took when it ran now (None when it was reused)."""
    sys.path.insert(0, str(HERE))
    from generate import generate

    import analytics

    folder = CORPORA / f"report-{n}-analysis"
    if (folder / "documents.parquet").is_file():
        return folder, None
    src = CORPORA / f"report-{n}.jsonl"
    if not src.is_file():
        generate(n, src, fmt="jsonl", seed=0)
    t0 = time.perf_counter()
    analysis = analytics.analyze(str(src), progress=False, workers=workers)
    took = time.perf_counter() - t0
    analysis.save(folder)
    return folder, took


def bench(n: int, workers: int | None) -> dict:
    """Build the report for ``n`` articles; return timings and page sizes."""
    from analytics import Analysis
    from analytics.report import build_report

    folder, analyse_s = saved_analysis(n, workers)
    analysis = Analysis.load(folder)
    out = Path(tempfile.mkdtemp(prefix="bench-report-")) / "report"
    try:
        t0 = time.perf_counter()
        build_report(out=out, analysis=analysis, progress=False)
        build_s = time.perf_counter() - t0
        pages = {p.name: p.stat().st_size for p in sorted(out.glob("*.html"))}
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)
    biggest = max(pages, key=pages.get)
    return {"articles": n, "analyse_s": None if analyse_s is None else round(analyse_s, 1),
            "build_s": round(build_s, 1), "pages": pages, "max_page": biggest,
            "max_page_bytes": pages[biggest], "total_bytes": sum(pages.values()),
            "build_ok": build_s < BUILD_BAR_S,
            "pages_ok": pages[biggest] < PAGE_BAR_BYTES}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000])
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes for the analysis (default: one per core)")
    p.add_argument("--out", type=Path, default=None, help="also write the results here")
    a = p.parse_args()
    runs = []
    for n in a.sizes:
        r = bench(n, a.workers)
        runs.append(r)
        print(f"{n:>6} articles: build {r['build_s']:6.1f} s, largest page {r['max_page']} "
              f"{r['max_page_bytes'] / 1e6:.2f} MB, all pages {r['total_bytes'] / 1e6:.2f} MB"
              + ("" if r["analyse_s"] is None else f" (analysis {r['analyse_s']} s)"),
              flush=True)
    for small, big in zip(runs, runs[1:]):
        k = big["articles"] / small["articles"]
        print(f"x{k:g} articles: build x{big['build_s'] / small['build_s']:.2f}, largest page "
              f"x{big['max_page_bytes'] / small['max_page_bytes']:.2f}, all pages "
              f"x{big['total_bytes'] / small['total_bytes']:.2f}")
    result = {"machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                          "load_average": os.getloadavg()}, "runs": runs}
    if a.out:
        a.out.parent.mkdir(parents=True, exist_ok=True)
        a.out.write_text(json.dumps(result, indent=1))
    if not all(r["build_ok"] and r["pages_ok"] for r in runs):
        print("a bar was missed (build < 180 s, pages < 5 MB)", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
