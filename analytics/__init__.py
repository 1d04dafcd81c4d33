"""analytics: topic, actor co-mention, tone and stance analytics of news coverage.

Three ways in:

- ``analytics report`` on the command line writes a static HTML report;
- the notebooks in ``notebooks/`` run the same analysis interactively;
- ``import analytics`` in scripts::

    import analytics
    a = analytics.analyze("path/to/articles")   # or analyze() for the demo corpus
    a.documents, a.sentences, a.mentions, a.leaders, a.stance

Every result is a tidy pandas DataFrame with documented columns
(:mod:`analytics.schema`).
"""

from __future__ import annotations

from .analysis import Analysis
from .errors import InputError, RegistryError
from .load import bundled_seeds, load_corpus
from .pipeline import analyze

__version__ = "0.1.0"

__all__ = [
    "Analysis", "InputError", "RegistryError", "analyze", "bundled_seeds", "load_corpus",
    "__version__",
]
