"""Atomic replacement of output folders, and tidying what killed runs left behind.

An output is built in a hidden marked folder beside its target
(:class:`OutputFolder`) and swapped in as a whole (:func:`replace_dir`), so an
interrupted run leaves the previous output intact; :func:`clean_leftovers` repairs or
removes what a killed run left.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

from .outdir import _KEPT, MARKER, check_output_dir, output_errors, read_marker, write_marker

__all__ = ["OutputFolder", "clean_leftovers", "remove_owned", "replace_dir"]


def _default_mode(path: Path) -> None:
    """Give a ``mkdtemp`` folder (mode 0700) the permissions of a normal new folder."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o777 & ~umask)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def _abandoned(info: dict[str, Any]) -> bool:
    """True if the process that wrote a marked folder is gone (same host only)."""
    pid = info.get("pid")
    return (info.get("host") == socket.gethostname() and isinstance(pid, int) and pid > 0
            and not _pid_alive(pid))


def remove_owned(folder: str | os.PathLike) -> None:
    """Delete a folder analytics wrote, its marker last (so an interrupted removal is
    still recognised and finished by the next run)."""
    folder = Path(folder)
    if folder.is_symlink() or not folder.is_dir():
        return
    for child in os.scandir(folder):
        if child.name == MARKER:
            continue
        if child.is_dir(follow_symlinks=False):
            shutil.rmtree(child.path, ignore_errors=True)
        else:
            try:
                os.unlink(child.path)
            except OSError:
                pass
    shutil.rmtree(folder, ignore_errors=True)


def clean_leftovers(out: str | os.PathLike) -> list[Path]:
    """Tidy what killed runs left beside the output folder ``out``.

    Hidden ``.<name>.*`` folders carrying the marker of a run whose process has
    ended are removed, except that when ``out`` itself is missing (a run killed in
    the middle of replacing it) the newest complete one is renamed back to ``out``
    first. Folders of runs still in progress, and anything unmarked, are left alone.

    Returns
    -------
    list of pathlib.Path
        The folders removed.
    """
    out = Path(out)
    prefix = f".{out.name}."
    try:
        siblings = [e for e in os.scandir(out.parent) if e.name.startswith(prefix)
                    and e.is_dir(follow_symlinks=False)]
    except OSError:
        return []
    stale: list[tuple[Path, dict[str, Any]]] = []
    for e in siblings:
        info = read_marker(e.path)
        if info is not None and info.get("target") == out.name and _abandoned(info):
            stale.append((Path(e.path), info))
    if not os.path.lexists(out):
        complete = [(p, i) for p, i in stale if i.get("complete")]
        olds = [(Path(e.path), {"created": e.stat(follow_symlinks=False).st_mtime})
                for e in siblings if e.name.startswith(prefix + "old.")
                and read_marker(e.path) is None]
        for p, info in sorted(complete or olds, key=lambda pi: -float(pi[1].get("created") or 0)):
            try:
                os.rename(p, out)
            except OSError:
                continue
            stale = [(q, i) for q, i in stale if q != p]
            break
    removed = []
    for p, _ in stale:
        remove_owned(p)
        removed.append(p)
    return removed


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux ``renameat2(RENAME_EXCHANGE)``.

    Returns False where the call is not available (other systems, old kernels or C
    libraries, file systems without support); raises OSError for other failures.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), os.fspath(b))


def replace_dir(new: Path, target: Path) -> None:
    """Atomically put folder ``new`` in place of ``target`` (same parent folder).

    On Linux the two folders are exchanged in one step (``renameat2`` with
    ``RENAME_EXCHANGE``), so ``target`` always names a whole folder; the old one,
    now at ``new``'s name, is then removed. Elsewhere the old folder is renamed
    aside first and put back if the second rename fails; a run killed between the
    two renames is repaired by :func:`clean_leftovers` on the next run. A
    ``.gitkeep`` in the old folder is kept.
    """
    new, target = Path(new), Path(target)
    if not os.path.lexists(target):
        os.replace(new, target)
        return
    for name in _KEPT:
        if (target / name).is_file() and not (new / name).exists():
            shutil.copy2(target / name, new / name)
    if _exchange(new, target):
        remove_owned(new)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    old.rmdir()
    os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(old, target)
        raise
    remove_owned(old)


class OutputFolder:
    """A new output folder, built hidden beside ``out`` and swapped in by :meth:`commit`.

    Creating one checks ``out`` (:func:`check_output_dir`), creates its parent,
    tidies leftovers of killed runs (:func:`clean_leftovers`) and makes the hidden
    marked folder :attr:`path` to write into.

    Parameters
    ----------
    out : path
        The output folder.
    kind : str
        What is written ("analysis", "report"), recorded in the marker.
    source : path, optional
        The input: ``out`` may not be it, be inside it or contain it.
    force : bool, default False
        Replace ``out`` even when it holds files analytics did not write.
    prefix : str, default "building-"
        Part of the hidden folder's name after ``.<out name>.``.

    Raises
    ------
    InputError
        If ``out`` may not be replaced or its parent cannot be written.
    """

    def __init__(self, out: str | os.PathLike, *, kind: str, source: Any = None,
                 force: bool = False, prefix: str = "building-") -> None:
        self.out = check_output_dir(out, source, force)
        self.kind, self.source, self.force = kind, source, force
        with output_errors(self.out):
            self.out.parent.mkdir(parents=True, exist_ok=True)
            clean_leftovers(self.out)
            self.path = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.{prefix}",
                                              dir=self.out.parent))
        try:
            with output_errors(self.out):
                _default_mode(self.path)
                write_marker(self.path, kind=kind, target=self.out.name)
        except BaseException:
            shutil.rmtree(self.path, ignore_errors=True)
            raise

    def commit(self) -> Path:
        """Swap the built folder in place of ``out``; returns ``out``.

        ``out`` is checked again first (it may have changed while the folder was
        built); on any failure the built folder is removed and ``out`` left as it was.
        """
        try:
            with output_errors(self.out):
                check_output_dir(self.out, self.source, self.force)
                write_marker(self.path, kind=self.kind, target=self.out.name, complete=True)
                replace_dir(self.path, self.out)
        except BaseException:
            self.abort()
            raise
        return self.out

    def abort(self) -> None:
        """Remove the built folder; ``out`` is left as it was."""
        shutil.rmtree(self.path, ignore_errors=True)
