"""Progress reporting: tqdm bars on interactive terminals, quiet elsewhere."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")


def interactive() -> bool:
    """True when stderr is a terminal (bars would not spam a log file)."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def stage_progress(stages: list[str], *, enabled: bool = True) -> Iterator[Callable[[], None]]:
    """Show one bar over named pipeline stages; yields a ``step()`` callable.

    Parameters
    ----------
    stages : list of str
        Stage names, shown as the bar's postfix.
    enabled : bool
        False (or a non-interactive stderr) disables the bar.
    """
    if not (enabled and interactive()):
        yield lambda: None
        return
    from tqdm.auto import tqdm

    bar = tqdm(total=len(stages), desc="analytics", unit="stage", leave=False)
    names = iter(stages)
    bar.set_postfix_str(next(names, ""))

    def step() -> None:
        bar.update(1)
        bar.set_postfix_str(next(names, "done"))

    try:
        yield step
    finally:
        bar.close()


def track(items: Iterable[T], *, desc: str, total: int | None = None,
          enabled: bool = True) -> Iterable[T]:
    """Wrap an iterable in a tqdm bar when enabled and interactive."""
    if not (enabled and interactive()):
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc=desc, total=total, leave=False)
