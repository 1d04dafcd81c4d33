"""Training scripts of the package's learned components (not needed at run time).

- :mod:`analytics.training.sentiment`: the default target-sentiment (tone) models of
  :mod:`analytics.sentiment` (``python -m analytics.training.sentiment [--cv]``);
  :mod:`analytics.training._torch` fits the neural one with PyTorch;
- :mod:`analytics.training.ner`: the entity-span classifier of
  :mod:`analytics.actors.ner` (``python -m analytics.training.ner [--cv]``).
"""
