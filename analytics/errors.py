"""Errors the package raises for bad input.

Every error names what was wrong (the file, row or line) and says what to do. The
command line turns :class:`InputError` into exit code 2 with its message and no
traceback.
"""

from __future__ import annotations


class InputError(ValueError):
    """Bad input: a file, row, column or option the user can fix.

    Parameters
    ----------
    message : str
        What is wrong and what to do about it.
    source : str, optional
        The file (and line or row) the problem was found in.
    """

    def __init__(self, message: str, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class RegistryError(InputError):
    """An actor or issue registry that does not parse or validate (file and line named)."""
