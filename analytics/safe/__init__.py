"""Reliability primitives: reading user files and writing outputs safely.

- :mod:`~analytics.safe.yaml` - user YAML with size, alias and nesting limits;
- :mod:`~analytics.safe.regex` - user regular expressions, refusing catastrophic ones;
- :mod:`~analytics.safe.csv` - CSV cells a spreadsheet would run as formulas;
- :mod:`~analytics.safe.outdir` - which output folders may be replaced; OS errors
  turned into messages that say what to do;
- :mod:`~analytics.safe.fs` - output folders built aside and swapped in atomically.
"""

from __future__ import annotations

from .csv import neutralise_formulas, restore_formulas
from .fs import OutputFolder, clean_leftovers, remove_owned, replace_dir
from .outdir import MARKER, check_output_dir, output_errors, read_marker, write_marker

__all__ = ["MARKER", "OutputFolder", "check_output_dir", "clean_leftovers",
           "neutralise_formulas", "output_errors", "read_marker", "remove_owned",
           "replace_dir", "restore_formulas", "write_marker"]
