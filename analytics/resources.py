"""Files shipped with the package: registries, language data, models, seeds, notebooks.

Every bundled file is found through this module, whether the package is installed
as a wheel (``analytics/data/seeds``, ``analytics/data/notebooks``) or used from a
checkout (the repository's ``seeds/`` and ``notebooks/``).

* :func:`read_text` / :func:`as_path` - a file inside a package
  (``read_text("data/issues.yaml")``, ``as_path("data/model.npz", "analytics.sentiment")``);
* :func:`seeds_dir` - the bundled demo corpus;
* :func:`notebooks_dir` - the report notebooks.

Language word lists are read through :mod:`analytics.lang`, which uses the same
package files.

Examples
--------
>>> from analytics import resources
>>> "issues:" in resources.read_text("data/issues.yaml")
True
>>> sorted(p.name for p in resources.seeds_dir().glob("*.txt"))[:1]  # doctest: +SKIP
['01_...txt']
"""

from __future__ import annotations

from contextlib import contextmanager
from importlib import resources as _resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Iterator

from .errors import InputError

__all__ = ["as_path", "files", "notebooks_dir", "read_text", "repo_root", "seeds_dir"]

PACKAGE = "analytics"


def files(package: str = PACKAGE) -> Traversable:
    """The root of ``package``'s files (a :class:`~importlib.resources.abc.Traversable`)."""
    return _resources.files(package)


def read_text(name: str, package: str = PACKAGE) -> str:
    """The UTF-8 text of the file ``name`` (``/``-separated) inside ``package``.

    Parameters
    ----------
    name : str
        The path inside the package, such as ``"data/issues.yaml"``.
    package : str, default "analytics"
        The dotted name of the package holding it.

    Returns
    -------
    str
    """
    return files(package).joinpath(name).read_text(encoding="utf-8")


@contextmanager
def as_path(name: str, package: str = PACKAGE) -> Iterator[Path]:
    """A file system path of the file ``name`` inside ``package``, for the ``with``
    block (for readers that need a real file, such as ``numpy.load``)."""
    with _resources.as_file(files(package).joinpath(name)) as path:
        yield Path(path)


def repo_root() -> Path:
    """The folder holding the ``analytics`` package (the repository in a checkout)."""
    return Path(__file__).resolve().parents[1]


def _bundled_dir(name: str, pattern: str) -> Path | None:
    """``analytics/data/<name>`` of an installed package, else the repository's
    ``<name>/``; only a folder holding files matching ``pattern`` counts."""
    installed = Path(str(files().joinpath("data", name)))
    for cand in (installed, repo_root() / name):
        if cand.is_dir() and any(cand.glob(pattern)):
            return cand
    return None


def seeds_dir() -> Path:
    """The folder of the bundled demo corpus (five ``.txt`` news articles).

    Raises
    ------
    InputError
        When the package was installed without it.
    """
    found = _bundled_dir("seeds", "*.txt")
    if found is None:
        raise InputError("the bundled demo corpus was not found; reinstall the package "
                         "or pass a SOURCE")
    return found


def notebooks_dir() -> Path:
    """The folder of the report notebooks.

    Raises
    ------
    FileNotFoundError
        When the package was installed without them.
    """
    found = _bundled_dir("notebooks", "*.ipynb")
    if found is None:
        raise FileNotFoundError("report notebooks not found: looked in "
                                f"analytics/data/notebooks and in {repo_root() / 'notebooks'}")
    return found
