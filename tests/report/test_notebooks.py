"""Notebooks: committed without outputs, parameterised, and they run on the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from analytics import report

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert [p.stem[:2] for p in NOTEBOOKS] == ["00", "01", "02", "03", "04"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name}: clear outputs before committing"
            assert cell.get("execution_count") is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    src = tagged[0].source
    for name in ("source", "analysis_dir", "output_dir", "actors", "issues"):
        assert f"{name} = None" in src
    # papermill reads every parameter (so it can inject and document them)
    from papermill.translators import PythonTranslator
    assert [p.name for p in PythonTranslator.inspect(tagged[0])] == [
        "source", "analysis_dir", "output_dir", "actors", "issues", "tables_href"]
    # thin: no hand-written findings; prose comes from analytics.narrative
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "report.setup(" in code


@pytest.mark.slow
def test_notebooks_run_on_the_seeds(tmp_path, seeds_analysis):
    """Every notebook runs against a saved analysis of the seeds; the summary also
    runs from scratch (source=None) as a Jupyter user would."""
    saved = report.save_analysis(seeds_analysis, tmp_path / "tables")
    params = {"source": None, "analysis_dir": str(saved), "output_dir": str(tmp_path / "fig"),
              "actors": None, "issues": None, "tables_href": None}
    executed = report.execute_notebooks(NOTEBOOKS, params, tmp_path)
    for path, nb in executed.items():
        outs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
        assert not [o for o in outs if o.get("output_type") == "error"], path.name
        assert outs, path.name
    fresh = report.execute_notebooks(NOTEBOOKS[:1], dict(params, analysis_dir=None), tmp_path)
    nb = fresh[NOTEBOOKS[0]]
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells
                   if c.cell_type == "code" for o in c.outputs)
    assert 'class="finding' in html
