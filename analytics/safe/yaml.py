"""Reading user-supplied YAML files safely.

User YAML files (boilerplate rules, actor and issue registries) are read with three
guards, so that a small hostile file cannot take minutes or gigabytes:

* a size limit (:data:`MAX_YAML_BYTES` by default), checked with ``os.stat`` before
  reading and again on the bytes read;
* strict UTF-8 decoding, with an error naming the file and the byte offset;
* no aliases: ``*name`` references are refused with the file, line and column (an
  "anchor bomb" of a few hundred bytes expands to billions of nodes through nested
  aliases). Anchors without aliases are harmless and accepted. Nesting deeper than
  :data:`MAX_YAML_DEPTH` levels is refused too.

Only plain data is built (``yaml.SafeLoader`` semantics): explicit tags such as
``!!python/object`` are refused.

Every problem raises :class:`analytics.errors.InputError` (or the subclass passed as
``error``), which the command line turns into exit code 2.

Examples
--------
>>> from analytics.safe.yaml import load_yaml
>>> rules = load_yaml("my_rules.yaml", what="boilerplate file")  # doctest: +SKIP
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

from ..errors import InputError

__all__ = ["MAX_YAML_BYTES", "MAX_YAML_DEPTH", "PLAIN_TAGS", "read_yaml_text", "compose_yaml",
           "load_yaml", "construct", "located"]

#: Largest user YAML file accepted, in bytes.
MAX_YAML_BYTES = 1_000_000
#: Deepest nesting of lists and mappings accepted.
MAX_YAML_DEPTH = 100

#: Tags of plain data (what ``compose_yaml`` accepts by default).
PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "binary", "merge")
)


def located(source: str, mark: Any, message: str) -> str:
    """``file, line L, column C: message`` (the registries' convention)."""
    if mark is None:
        return f"{source}: {message}"
    return f"{source}, line {mark.line + 1}, column {mark.column + 1}: {message}"


def read_yaml_text(path: str | os.PathLike[str], *, what: str = "YAML file",
                   max_bytes: int = MAX_YAML_BYTES,
                   error: type[InputError] = InputError) -> str:
    """Read a user YAML file as text, checking existence, size and encoding.

    Parameters
    ----------
    path : str or path-like
        The file to read.
    what : str, optional
        What the file is, for messages ("boilerplate file", "actor registry").
    max_bytes : int, optional
        Largest size accepted, in bytes.
    error : type, optional
        The :class:`~analytics.errors.InputError` subclass to raise.

    Returns
    -------
    str
        The decoded text (a leading byte-order mark is removed).

    Raises
    ------
    InputError
        The file is missing, a folder, unreadable, too large or not UTF-8.
    """
    p = Path(path)
    src = str(p)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise error(f"{what} not found; check the path", source=src) from None
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror or exc}", source=src) from None
    if p.is_dir():
        raise error(f"{what} is a folder, not a file; give the path of a YAML file", source=src)
    if st.st_size > max_bytes:
        raise error(f"{what} is {st.st_size:,} bytes, more than the limit of {max_bytes:,}; "
                    "split it or remove unused entries", source=src)
    try:
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror or exc}", source=src) from None
    if len(data) > max_bytes:
        raise error(f"{what} is more than the limit of {max_bytes:,} bytes; "
                    "split it or remove unused entries", source=src)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(f"{src}, line {line}: {what} is not valid UTF-8 (byte offset "
                    f"{exc.start}); save it as UTF-8") from None
    return text.removeprefix("\ufeff")


def _check_tags(root: yaml.Node, source: str, error: type[InputError],
                tags: frozenset[str]) -> None:
    stack = [root]
    while stack:
        n = stack.pop()
        if n.tag not in tags:
            raise error(located(source, n.start_mark, f"unsupported YAML tag {n.tag!r} (only "
                                                  "plain data is allowed)"))
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.extend((k, v))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def compose_yaml(text: str, *, source: str, error: type[InputError] = InputError,
                 refuse_anchors: str | None = None, tags: frozenset[str] = PLAIN_TAGS
                 ) -> yaml.Node | None:
    """Compose YAML text into a node tree, refusing aliases, deep nesting and custom tags.

    Nodes keep their ``start_mark`` so callers can name the line of a bad value.

    Parameters
    ----------
    text : str
        YAML text (from :func:`read_yaml_text`, or a string given by the caller).
    source : str
        The file name (or a description) used in messages.
    error : type, optional
        The :class:`~analytics.errors.InputError` subclass to raise.
    refuse_anchors : str, optional
        Refuse anchors (``&name``) as well as aliases, with this message.
    tags : frozenset of str, optional
        The tags accepted (default :data:`PLAIN_TAGS`).

    Returns
    -------
    yaml.Node or None
        The root node; None for an empty document.

    Raises
    ------
    InputError
        Invalid YAML (with line and column), an alias, nesting deeper than
        :data:`MAX_YAML_DEPTH`, more than one document or a non-standard tag.
    """
    # the event stream is checked before any node is built, so an alias (or anchor)
    # or too deep nesting is refused at its line without expanding anything
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        depth = 0
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, AliasEvent):
                raise error(located(source, event.start_mark, refuse_anchors or (
                    f"YAML alias '*{event.anchor}' is not allowed in this file; "
                    "write the value out in full instead of referring to an anchor")))
            if refuse_anchors and isinstance(event, NodeEvent) and event.anchor:
                raise error(located(source, event.start_mark, refuse_anchors))
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise error(located(source, event.start_mark,
                                        f"lists and mappings are nested more than "
                                        f"{MAX_YAML_DEPTH} levels deep; flatten the file"))
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise error(located(source, mark, f"invalid YAML: {exc.problem or exc}")) from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", source=source) from None
    except RecursionError:
        raise error("the YAML is nested too deeply; flatten the file", source=source) from None
    if root is not None:
        _check_tags(root, source, error, tags)
    return root


def construct(node: yaml.Node | None) -> Any:
    """Build plain Python data from a node made by :func:`compose_yaml`.

    Parameters
    ----------
    node : yaml.Node or None
        A node (or subtree) from :func:`compose_yaml`.

    Returns
    -------
    object
        dicts, lists, strings, numbers, booleans, dates or None.
    """
    if node is None:
        return None
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def load_yaml(path: str | os.PathLike[str], *, what: str = "YAML file",
              max_bytes: int = MAX_YAML_BYTES, error: type[InputError] = InputError) -> Any:
    """Read a user YAML file safely and return its data.

    Combines :func:`read_yaml_text`, :func:`compose_yaml` and :func:`construct`.

    Parameters
    ----------
    path : str or path-like
        The file to read.
    what : str, optional
        What the file is, for messages.
    max_bytes : int, optional
        Largest size accepted, in bytes.
    error : type, optional
        The :class:`~analytics.errors.InputError` subclass to raise.

    Returns
    -------
    object
        The file's data (None for an empty file).

    Raises
    ------
    InputError
        See :func:`read_yaml_text` and :func:`compose_yaml`; also a value that cannot
        be built (an invalid timestamp, for example).
    """
    text = read_yaml_text(path, what=what, max_bytes=max_bytes, error=error)
    root = compose_yaml(text, source=str(path), error=error)
    try:
        return construct(root)
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML value: {exc}", source=str(path)) from None
