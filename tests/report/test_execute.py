"""Notebook execution: papermill parameters, errors that name the cell, no local paths."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from analytics.report import execute_notebooks, scrub_paths

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def _notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC})
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


def test_parameters_are_injected_after_the_tagged_cell(tmp_path):
    path = _notebook(tmp_path / "00_double.ipynb", "print(x * 2)")
    nb = execute_notebooks([path], {"x": 21}, tmp_path)[path]
    assert [c.metadata.get("tags") for c in nb.cells[:2]] == [["parameters"],
                                                              ["injected-parameters"]]
    assert "x = 21" in nb.cells[1].source
    assert nb.cells[2].outputs[0]["text"] == "42\n"
    # the run is recorded without the folder the notebook came from
    assert nb.metadata.papermill["parameters"] == {"x": 21}
    assert nb.metadata.papermill["input_path"] == "00_double.ipynb"


def test_a_failing_cell_names_the_notebook_and_the_cell(tmp_path):
    path = _notebook(tmp_path / "01_bad.ipynb", "y = x + 1", "y / 0")
    with pytest.raises(RuntimeError, match=r"notebook 01_bad\.ipynb failed in cell 3: "
                                           r"ZeroDivisionError: division by zero"):
        execute_notebooks([path], {"x": 1}, tmp_path)


def test_scrub_paths_replaces_the_longest_folder_first():
    nb = {"cells": [{"outputs": ["/tmp/r/notebooks/a.png", "/tmp/r/tables"]}],
          "metadata": {"path": "/tmp/r"}}
    out = scrub_paths(nb, {"/tmp/r": "..", "/tmp/r/notebooks": "."})
    assert out == {"cells": [{"outputs": ["./a.png", "../tables"]}], "metadata": {"path": ".."}}
