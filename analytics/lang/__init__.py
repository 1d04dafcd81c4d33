"""Language data: word lists and tables kept as data files, one file per kind.

Each language is a subpackage (``analytics.lang.en`` for English) holding plain data
files, one per kind of resource, and a :class:`LanguageData` loader bound to it:

* ``<kind>.txt`` - one item per line; ``#`` starts a comment; blank lines are ignored;
* ``<kind>.yaml`` - a YAML list of items, or a mapping (of lists or of tables).

The loader reads each file once (cached) and hands out immutable word sets
(:meth:`LanguageData.words`), ordered tuples (:meth:`LanguageData.items`), mappings
(:meth:`LanguageData.table`), or the raw text (:meth:`LanguageData.text`) for modules
that parse a file themselves (with line numbers in their error messages).

Adding a resource means adding one file to the language folder; code reads it with
``lang.en.words("<kind>")`` (or ``table`` / ``items``).

Examples
--------
>>> from analytics.lang import en
>>> "said" in en.words("news_stopwords")
True
>>> sorted(en.table("speech_verbs"))[:2]
['fillers', 'office_nouns']
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from ..resources import files

__all__ = ["LanguageData"]

_SUFFIXES = (".yaml", ".txt")


class LanguageData:
    """Cached access to the data files of one language package.

    Parameters
    ----------
    package : str
        The dotted name of the package holding the files (``"analytics.lang.en"``).
    """

    def __init__(self, package: str) -> None:
        self.package = package
        self._root = files(package)
        # per-instance caches (lru_cache on methods would keep ``self`` alive per call site)
        self._file = lru_cache(maxsize=None)(self._find)
        self._text = lru_cache(maxsize=None)(self._read)
        self._data = lru_cache(maxsize=None)(self._parse)
        self._words = lru_cache(maxsize=None)(self._word_set)
        self._items = lru_cache(maxsize=None)(self._item_tuple)

    def __repr__(self) -> str:
        return f"LanguageData({self.package!r})"

    # ------------------------------------------------------------------ files
    def kinds(self) -> list[str]:
        """Names of the resources of this language (file names without suffix), sorted."""
        out = {e.name.rsplit(".", 1)[0] for e in self._root.iterdir()
               if e.is_file() and e.name.endswith(_SUFFIXES)}
        return sorted(out)

    def _find(self, kind: str) -> str:
        for suffix in _SUFFIXES:
            name = kind + suffix
            if self._root.joinpath(name).is_file():
                return name
        raise KeyError(f"no language resource {kind!r} in {self.package} "
                       f"(available: {', '.join(self.kinds())})")

    def path(self, kind: str) -> str:
        """The file name of a resource inside the package (``"news_stopwords.txt"``).

        Raises
        ------
        KeyError
            When the language has no such resource (the message lists those it has).
        """
        return self._file(kind)

    def source(self, kind: str) -> str:
        """A readable location of the resource for messages (``analytics/lang/en/x.yaml``)."""
        return self.package.replace(".", "/") + "/" + self._file(kind)

    def _read(self, kind: str) -> str:
        return self._root.joinpath(self._file(kind)).read_text(encoding="utf-8")

    def text(self, kind: str) -> str:
        """The raw text of a resource (for callers that parse it themselves)."""
        return self._text(kind)

    # ------------------------------------------------------------------ parsed data
    def _parse(self, kind: str) -> Any:
        text = self._text(kind)
        if self._file(kind).endswith(".txt"):
            lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
            return [line for line in lines if line]
        return yaml.safe_load(text)

    def table(self, kind: str) -> dict[str, Any]:
        """A YAML mapping resource, parsed (cached: treat it as read-only).

        Raises
        ------
        KeyError
            When the language has no such resource.
        TypeError
            When the resource is not a mapping.
        """
        data = self._data(kind)
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise TypeError(f"{self.source(kind)} is not a mapping")
        return data

    def _select(self, kind: str, key: str | None) -> list[Any]:
        data = self._data(kind)
        if key is not None:
            data = self.table(kind).get(key)
        if data is None:
            return []
        if not isinstance(data, list):
            where = self.source(kind) + (f" [{key}]" if key else "")
            raise TypeError(f"{where} is not a list")
        return data

    def _item_tuple(self, kind: str, key: str | None) -> tuple[str, ...]:
        return tuple(str(x) for x in self._select(kind, key))

    def _word_set(self, kind: str, key: str | None) -> frozenset[str]:
        return frozenset(self._item_tuple(kind, key))

    def items(self, kind: str, key: str | None = None) -> tuple[str, ...]:
        """A list resource (or the list ``key`` of a mapping resource), in file order.

        Parameters
        ----------
        kind : str
            The resource (file name without suffix).
        key : str, optional
            For a mapping resource, the entry holding the list.

        Returns
        -------
        tuple of str
            The items as written (case kept; comments and blank lines of a TXT file
            dropped).
        """
        return self._items(kind, key)

    def words(self, kind: str, key: str | None = None) -> frozenset[str]:
        """A list resource (or the list ``key`` of a mapping) as a set of strings.

        Parameters
        ----------
        kind : str
            The resource (file name without suffix).
        key : str, optional
            For a mapping resource, the entry holding the list.

        Returns
        -------
        frozenset of str
        """
        return self._words(kind, key)
