"""analytics: topic, actor co-mention, tone and stance analytics of news coverage.

Three ways in:

- ``analytics report`` on the command line writes a static HTML report;
- the notebooks in ``notebooks/`` run the same analysis interactively;
- ``import analytics`` in scripts::

    import analytics
    a = analytics.analyze("path/to/articles")   # or analyze() for the demo corpus
    a.documents, a.sentences, a.mentions, a.leaders, a.stance

Every result is a tidy pandas DataFrame with documented columns
(:mod:`analytics.schema`). The keywords of :func:`analyze` are the fields of
:class:`Options`; custom actors and issues are loaded with :func:`load_registries`.
The layout of the package is described in ``docs/ARCHITECTURE.md``.
"""

from __future__ import annotations

from .corpus.load import bundled_seeds, load_corpus
from .errors import InputError, RegistryError
from .options import Options
from .pipeline import analyze
from .registries import Registries, load_registries
from .results import Analysis

__version__ = "0.1.0"

__all__ = [
    "Analysis", "InputError", "Options", "Registries", "RegistryError", "analyze",
    "bundled_seeds", "load_corpus", "load_registries", "__version__",
]
