"""Which folders an output may replace, and what to say when writing one fails.

Every folder analytics writes (tables, reports) carries a marker file
(:data:`MARKER`). :func:`check_output_dir` allows replacing a folder that is new,
empty or marked, refuses any other unless forced, and never allows the input, the
current folder, the home folder or ``/``. :func:`output_errors` turns the operating
system's "permission denied" or "disk full" into an :class:`~analytics.errors.InputError`
that names the file and says what to do.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from .. import schema
from ..errors import InputError

__all__ = ["MANIFEST", "MARKER", "check_output_dir", "output_error", "output_errors",
           "read_marker", "write_marker"]

#: The file that marks a folder as written by analytics (JSON: kind, version...).
MARKER = ".analytics-output"
#: Files that do not make a folder "not empty" (kept when the folder is replaced).
_IGNORED = frozenset({".gitkeep", ".DS_Store"})
_KEPT = (".gitkeep",)
_REPORT_ENTRIES = frozenset({"index.html", "report.json", "tables", "figures", "notebooks"})
_OUTPUT_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT,
                  errno.EFBIG, errno.ENAMETOOLONG, errno.ENOTDIR, errno.EEXIST,
                  errno.ENOTEMPTY, errno.EISDIR}

#: The manifest of a saved analysis (table names and the options of the run).
MANIFEST = "analysis.json"


def _version() -> str:
    from .. import __version__

    return __version__


def _real(path: str | os.PathLike) -> Path:
    return Path(os.path.realpath(os.path.expanduser(os.fspath(path))))


def _at_or_below(path: Path, top: Path) -> bool:
    """True if ``path`` is ``top`` or inside it (both resolved)."""
    return path == top or top in path.parents


def _listing(entries: list[os.DirEntry], limit: int = 5) -> str:
    names = sorted(e.name + ("/" if e.is_dir(follow_symlinks=False) else "") for e in entries)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def read_marker(folder: str | os.PathLike) -> dict[str, Any] | None:
    """The contents of ``folder``'s marker file, or None if it has no valid one."""
    p = Path(folder) / MARKER
    try:
        if p.is_symlink() or not p.is_file() or p.stat().st_size > 65536:
            return None
        info = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) and isinstance(info.get("kind"), str) else None


def write_marker(folder: str | os.PathLike, *, kind: str, target: str,
                 complete: bool = False) -> None:
    """Mark ``folder`` as written by analytics (``kind``: "analysis", "report"...).

    The marker records the process and host that wrote the folder, so leftovers of
    killed runs can be told from folders other runs are still writing.
    """
    info = {"kind": kind, "version": _version(), "target": target, "pid": os.getpid(),
            "host": socket.gethostname(), "created": time.time(), "complete": complete}
    (Path(folder) / MARKER).write_text(json.dumps(info, indent=1, sort_keys=True),
                                       encoding="utf-8")


def _legacy_output(folder: Path, names: set[str]) -> bool:
    """Outputs written before folders were marked: exactly the files analytics writes."""
    tables = set(schema.TABLES)
    if "analysis.json" in names:
        allowed = {MANIFEST} | {f"{t}.{ext}" for t in tables for ext in ("csv", "parquet")}
        if names <= allowed:
            try:
                manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return False
            return isinstance(manifest, dict) and isinstance(manifest.get("tables"), list)
    if {"index.html", "report.json"} <= names:
        return all(n in _REPORT_ENTRIES or n.endswith(".html") for n in names)
    return False


def check_output_dir(out: str | os.PathLike, source: Any = None, force: bool = False) -> Path:
    """Check that ``out`` may be (re)placed by an output folder; return it resolved.

    A folder may be replaced when it does not exist, is empty (a ``.gitkeep`` does
    not count) or carries the marker analytics puts in every folder it writes;
    ``force`` allows any other folder. Never allowed, even with ``force``: an
    existing file, the input ``source``, a folder inside the source or containing
    it, the current folder or one containing it, the home folder or one containing
    it, and ``/``.

    Parameters
    ----------
    out : path
        The output folder asked for.
    source : path, optional
        The input being analysed (DataFrames and other non-path inputs are ignored).
    force : bool, default False
        Allow replacing a non-empty folder that analytics did not write.

    Returns
    -------
    pathlib.Path
        ``out`` with symbolic links and ``..`` resolved.

    Raises
    ------
    InputError
        Naming the folder, what was found, and what to do.
    """
    given = os.fspath(out)
    if not given:
        raise InputError("the output folder is empty: give a folder name such as 'results'")
    path = _real(given)
    _refuse_source(path, source, given)
    _refuse_protected(path, given)
    _refuse_unwritable(path, given)
    if path.is_dir():
        _refuse_foreign(path, force, given)
    return path


def _refuse_source(path: Path, source: Any, given: str) -> None:
    """The input, a folder inside it or one containing it (even with ``force``)."""
    if not (isinstance(source, (str, os.PathLike)) and os.fspath(source)):
        return
    src = _real(source)
    if _at_or_below(path, src):
        where = "is" if path == src else "is inside"
        raise InputError(f"the output folder {where} the input {src}; writing there "
                         "would replace your articles. Choose an output folder outside "
                         "the input (--force does not change this)", given)
    if _at_or_below(src, path):
        raise InputError(f"the output folder contains the input {src}; replacing it "
                         "would delete your articles. Choose an output folder outside "
                         "the input (--force does not change this)", given)


def _refuse_protected(path: Path, given: str) -> None:
    """The current folder, the home folder, folders holding them, and ``/``."""
    protected = [("the current folder", _real(os.getcwd()))]
    try:
        protected.append(("your home folder", _real(Path.home())))
    except (RuntimeError, KeyError):  # no home folder known
        pass
    for what, p in protected:
        if _at_or_below(p, path):
            how = "is" if p == path else "contains"
            raise InputError(f"the output folder {how} {what} ({p}); it would be replaced "
                             "as a whole. Name a new subfolder instead, for example "
                             "--out results (--force does not change this)", given)
    if path == path.parent:
        raise InputError("the output folder is the root folder '/'; name a new subfolder "
                         "instead (--force does not change this)", given)


def _refuse_unwritable(path: Path, given: str) -> None:
    """An existing file, or a place where the folder cannot be created."""
    if os.path.lexists(path) and not path.is_dir():
        raise InputError(f"{path} is a file, not a folder; it was left untouched. Choose "
                         "a folder name for the output", given)
    up = path.parent
    while not os.path.lexists(up) and up != up.parent:
        up = up.parent
    if not up.is_dir():
        raise InputError(f"cannot create the output folder: {up} is a file, not a folder. "
                         "Choose another output folder", given)
    if not os.access(up, os.W_OK | os.X_OK):
        raise InputError(f"cannot write in {up}: permission denied. Choose an output folder "
                         "in a place you can write to", given)


def _refuse_foreign(path: Path, force: bool, given: str) -> None:
    """A folder holding files analytics did not write, unless ``force``."""
    try:
        entries = [e for e in os.scandir(path) if e.name not in _IGNORED]
    except OSError as exc:
        raise InputError(f"cannot read the output folder ({exc.strerror}); choose "
                         "another output folder", given) from exc
    if entries and read_marker(path) is None and not force and not _legacy_output(
            path, {e.name for e in entries}):
        raise InputError(
            f"the output folder is not empty and was not written by analytics (it "
            f"holds {_listing(entries)}); nothing was changed. Choose a new or empty "
            "folder, or pass --force (force=True in Python) to replace it and delete "
            "what it holds", given)


def output_error(exc: OSError, out: str | os.PathLike) -> InputError | None:
    """The :class:`InputError` for an OS error writing an output folder, or None.

    No permission, a read-only or full disk, a quota or a name too long are problems
    of the place chosen for the output, not bugs: the message names the file and
    says what to do. Other errors give None (they may be bugs).
    """
    if exc.errno not in _OUTPUT_ERRNOS:
        return None
    where = exc.filename or out
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        what = ("the disk is full (or over quota); free some space or choose an output "
                "folder on another disk")
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        what = "permission denied; choose an output folder in a place you can write to"
    else:
        what = f"{exc.strerror}; choose another output folder"
    return InputError(f"cannot write the output: {what}. Nothing was replaced", str(where))


@contextmanager
def output_errors(out: str | os.PathLike) -> Iterator[None]:
    """Raise :func:`output_error`'s InputError for OS errors in the ``with`` block."""
    try:
        yield
    except OSError as exc:
        err = output_error(exc, out)
        if err is None:
            raise
        raise err from exc
