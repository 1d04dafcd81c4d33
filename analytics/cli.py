"""The ``analytics`` command line.

Commands
--------
``analytics analyze SOURCE --out DIR``
    Run the analysis and write every table as CSV and Parquet.
``analytics report [SOURCE] [--out reports/]``
    Run the analysis and write the static HTML report (default: the bundled demo
    corpus into ``reports/``).
``analytics actors --init SOURCE [--out FILE]``
    Find the people SOURCE mentions and print (or write to FILE) a draft actor
    registry to edit and pass back with ``--actors`` (see ``docs/registry.md``).

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
from typing import Any, Callable, Sequence

from .errors import InputError
from .options import GROUPS, Flag, Spec, defaults, specs

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 on bad usage, as we want
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"analytics: error: {message}\n")


def _add_common(p: argparse.ArgumentParser) -> None:
    """The flags of every analysis option (:mod:`analytics.options`), plus ``--debug``."""
    groups = _add_option_flags(p)
    groups["execution"].add_argument("--debug", action="store_true",
                                     help="print the full traceback on an internal error")


def _add_option_flags(parser: argparse.ArgumentParser,
                      only: Sequence[str] | None = None) -> dict[str, Any]:
    """Add the flags of every option (or of the options ``only``) to ``parser``, in
    groups; returns the groups."""
    groups = {g: parser.add_argument_group(g) for g in GROUPS}
    default_of = defaults()
    for name, spec in specs().items():
        if only is not None and name not in only:
            continue
        default = default_of[name]
        for flag in spec.flags:
            kw: dict[str, Any] = {"help": flag.help, "dest": flag.dest}
            if flag.switch:
                kw["action"] = "store_true"
            else:
                kw["default"] = default if len(spec.flags) == 1 else None
                if flag.metavar:
                    kw["metavar"] = flag.metavar
                if spec.choices:
                    kw["choices"] = list(spec.allowed())
                if flag.parse is not None or spec.check is not None:
                    kw["type"] = _flag_type(name, spec, flag)
            groups[spec.group].add_argument(*flag.names, **kw)
    return groups


def _flag_type(name: str, spec: Spec, flag: Flag) -> Callable[[str], Any]:
    """argparse ``type=``: parse the text, then apply the option's check."""

    def convert(text: str) -> Any:
        try:
            value = flag.parse(text) if flag.parse is not None else text
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not valid; {flag.names[-1]} must be {spec.accepts}") from None
        if spec.check is not None and not spec.check(value):
            raise argparse.ArgumentTypeError(
                f"{text!r} is not valid; {flag.names[-1]} must be {spec.accepts}")
        return value

    convert.__name__ = name  # argparse names the type in some messages
    return convert


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
    pr.add_argument("--person", "--people", action=_PeopleAction, default=None,
                    metavar="NAME", dest="people",
                    help="give NAME a person page besides the most mentioned people "
                         "(repeat for several, or --people \"NAME;NAME\")")
    _add_common(pr)
    pi = _add_draft_parser(
        sub, "actors", "an actor registry", _ACTOR_OPTIONS,
        help="draft an actor registry from the people a corpus mentions",
        description="With --init SOURCE: find the people SOURCE mentions (as 'analyze' "
                    "does) and print an actor registry (YAML) with one entry per person "
                    "mentioned at least --min-mentions times, most mentioned first, to edit "
                    "and pass back with --actors. The format is described in "
                    "docs/registry.md.")
    pi.add_argument("--min-mentions", type=_at_least_one, default=2, metavar="N",
                    help="list people mentioned at least N times (default: %(default)s)")
    ps = _add_draft_parser(
        sub, "issues", "the issue list", _ISSUE_OPTIONS,
        help="draft an issue list (for stance) from a corpus's key phrases",
        description="With --init SOURCE: print a starter issue list (YAML) with one issue "
                    "per key phrase of SOURCE, grouped by topic, to edit and pass back with "
                    "--issues. The format is described in docs/issues.md.")
    ps.add_argument("--n-issues", type=_n_issues, default=12, metavar="N",
                    help="list at most N issues (default: %(default)s)")
    return parser


def _add_draft_parser(sub, name: str, what: str, options: tuple[str, ...], *, help: str,
                      description: str) -> argparse.ArgumentParser:
    """A subcommand that drafts a registry file from a corpus (``actors``, ``issues``):
    ``--init SOURCE``, ``--out FILE``, ``--force``, the input options and ``--debug``."""
    p = sub.add_parser(name, help=help, description=description)
    p.add_argument("--init", required=True, metavar="SOURCE",
                   help="folder of .txt/.md/.html files, or a .csv, .jsonl or .parquet "
                        "table with one article per row")
    p.add_argument("--out", metavar="FILE",
                   help=f"write {what} to FILE instead of printing it; an existing "
                        "FILE is kept unless --force")
    p.add_argument("--force", action="store_true", help="replace FILE when it exists")
    groups = _add_option_flags(p, only=options)
    groups["execution"].add_argument("--debug", action="store_true",
                                     help="print the full traceback on an internal error")
    return p


#: The options of ``analytics actors`` (the input, the registry and the period).
_ACTOR_OPTIONS = ("text_column", "id_column", "columns", "encoding", "boilerplate",
                  "max_chars", "languages", "actors", "extend_actors", "period",
                  "chunk_size", "progress")


#: The options of ``analytics issues`` (the input).
_ISSUE_OPTIONS = ("text_column", "id_column", "columns", "encoding", "boilerplate",
                  "max_chars", "languages", "progress")


def _n_issues(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not valid; --n-issues must be a "
                                         "whole number of at least 1")
    return int(text)


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not valid; --min-mentions must be a "
                                         "whole number of at least 1")
    return value


def _version() -> str:
    from . import __version__

    return f"analytics {__version__}"


def analyze_options(args: argparse.Namespace) -> dict[str, Any]:
    """Translate parsed CLI arguments into :func:`analytics.analyze` keywords (every
    option that has a flag; see :mod:`analytics.options`)."""
    out: dict[str, Any] = {}
    for name, spec in specs().items():
        if spec.flags and all(hasattr(args, flag.dest) for flag in spec.flags):
            values = [getattr(args, flag.dest) for flag in spec.flags]
            out[name] = spec.from_cli(*values) if spec.from_cli is not None else values[0]
    return out


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
    debug = getattr(args, "debug", False)
    _setup_logging(debug)
    try:
        _run(args)
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
        message = _os_error_message(exc, getattr(args, "out", None) or "")
        if message is None:
            _internal(exc)
            return EXIT_INTERNAL
        print(f"analytics: error: {message}", file=sys.stderr)
        return EXIT_INPUT
    except BaseException as exc:  # noqa: BLE001 - an internal error: say so, and how to report it
        _debug_traceback(debug)
        _internal(exc)
        return EXIT_INTERNAL


class _PeopleAction(argparse.Action):
    """``--person NAME`` (repeatable) and ``--people "NAME;NAME"`` fill one list."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        names = [" ".join(v.split()) for v in str(values).split(";")]
        if not all(names):
            parser.error(f"argument {option_string}: an empty name in {values!r}; "
                         "separate names with ';' as in --people \"Keir Starmer;Rachel "
                         "Reeves\"")
        setattr(namespace, self.dest, [*(getattr(namespace, self.dest) or []), *names])


def _setup_logging(debug: bool) -> None:
    logging.basicConfig(level=logging.WARNING, format="analytics: %(message)s")
    # Libraries that set their own loggers to INFO (Dask's scheduler and nannies) would
    # print connection chatter through this handler; show warnings and errors only,
    # unless --debug.
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.DEBUG if debug else logging.WARNING)
    # Jupyter's kernel clients log harmless shutdown chatter at WARNING
    for noisy in ("traitlets", "jupyter_client", "nbclient"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def _run(args: argparse.Namespace) -> None:
    """Run the command of ``args`` (``analyze`` or ``report``)."""
    opts = analyze_options(args)
    if args.command == "actors":
        _actors_init(args, opts)
    elif args.command == "issues":
        _issues_init(args, opts)
    elif args.command == "analyze":
        from .pipeline import analyze
        from .safe import check_output_dir

        check_output_dir(args.out, source=args.source, force=opts["force"])
        analysis = analyze(args.source, out=args.out, **opts)
        _summary(analysis, Path(args.out))
    else:
        from .report import build_report

        index = build_report(args.source, args.out, people=args.people, **opts)
        print(f"report written: {index}")


def _actors_init(args: argparse.Namespace, opts: dict[str, Any]) -> None:
    """``analytics actors --init SOURCE``: print or write a draft registry."""
    from .actors.export import registry_template
    from .pipeline.run import find_actors
    from .registries import load_registries

    out = Path(args.out) if args.out else None
    if out is not None:
        _check_registry_out(out, args.init, args.force)
    registry = load_registries(opts["actors"], extend_actors=opts["extend_actors"]).actors
    tables = find_actors(args.init, **{**opts, "actors": registry})
    text = registry_template(registry, tables["mentions"], tables["candidates"],
                             tables["sentences"], min_mentions=args.min_mentions,
                             source=args.init)
    n = sum(1 for line in text.splitlines() if line.startswith("  - name: "))
    _emit_draft(text, out, args, f"{n} people", "--actors")


def _issues_init(args: argparse.Namespace, opts: dict[str, Any]) -> None:
    """``analytics issues --init SOURCE``: print or write a starter issue list."""
    from .stance.starter import draft_issues

    out = Path(args.out) if args.out else None
    if out is not None:
        _check_registry_out(out, args.init, args.force)
    opts = {k: v for k, v in opts.items() if k != "progress"}
    text = draft_issues(args.init, n_issues=args.n_issues, **opts)
    n = sum(1 for line in text.splitlines() if line.startswith("  - id: "))
    _emit_draft(text, out, args, f"{n} issues", "--issues")


def _emit_draft(text: str, out: Path | None, args: argparse.Namespace, what: str,
                flag: str) -> None:
    """Print a drafted registry (UTF-8 on standard output) or write it to ``out`` (never
    over an existing file without ``--force``), and say what to do next."""
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        print(f"analytics: {what} listed; save this as a .yaml file, edit it and pass it "
              f"with {flag}", file=sys.stderr)
        return
    _write_new_file(out, text, args.force)
    print(f"{what} written to {out}; edit it, then: analytics analyze {args.init} "
          f"{flag} {out} --out DIR", file=sys.stderr)


def _check_registry_out(out: Path, source: str, force: bool) -> None:
    """Refuse an output file that exists (without ``force``), is a folder, is the
    corpus itself or lies in a folder that does not exist."""
    if out.is_dir():
        raise InputError("is a folder; give the name of a file to write (a .yaml file)",
                         str(out))
    if not out.parent.is_dir():
        raise InputError(f"the folder {out.parent} does not exist; create it or choose "
                         "another path", str(out))
    src = Path(source) if source else None
    if src is not None and src.exists() and out.exists() and out.resolve() == src.resolve():
        raise InputError("is the corpus itself; choose another file name", str(out))
    if out.exists() and not force:
        raise InputError("already exists and was left unchanged; pass --force to replace "
                         "it, or choose another file name", str(out))


def _write_new_file(out: Path, text: str, force: bool) -> None:
    """Write ``text`` to ``out`` through a temporary file beside it (never half a file)."""
    import os
    import tempfile

    _check_registry_out(out, "", force)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        if not force and out.exists():
            raise InputError("appeared while the corpus was read and was left unchanged; "
                             "pass --force to replace it", str(out))
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
