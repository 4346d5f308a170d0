"""Command line: ``archive-tui [PATH ...]`` opens the app, ``archive-tui list``
prints the filtered, sorted view.  ``list`` never imports Textual, so scripts
and pipes start fast.

Exit codes: 0 success (warnings allowed), 1 a file missing, unreadable or not
a listing (no article in it), or any warning under ``--strict`` (notes do not
count), or an unexpected error, whose traceback goes to a log file named on
stderr; 2 usage.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, MutableMapping, Sequence
from typing import TYPE_CHECKING

from tui import __version__
from tui.listing import Diagnostic, bundled_listing, display_path
from tui.query import Query, QueryError, parse_query
from tui.sorting import COLUMNS, DEFAULT_DESCENDING, DEFAULT_SORT, SortKey

if TYPE_CHECKING:
    from tui.corpus import Corpus

# The app's frames per second unless the user's TEXTUAL_FPS says otherwise:
# at Textual's default 60 a keystroke waits up to 17 ms for its frame
# (measured bare-Textual p95: 18 ms at 60, 3.6 ms at 120, 3.8 ms at 240).
FPS = "120"


def set_frame_rate(environ: MutableMapping[str, str] = os.environ) -> None:
    """The app's frame rate (:data:`FPS`), unless the user set ``TEXTUAL_FPS``."""
    environ.setdefault("TEXTUAL_FPS", FPS)


def load_archive(
    paths: Sequence[str], cache: bool = False
) -> tuple[Corpus | None, list[str], Callable[[], None]]:
    """Load listings for one ``list`` run (the app's load path); return them
    (None if all failed), error lines, and what writes the cache entries of
    the listings parsed (run once the output is out).  With ``cache``, parses
    come from (and go to) the parse cache."""
    from tui.corpus_cache import default_dir
    from tui.corpus_load import open_corpus

    directory = default_dir() if cache else None
    return open_corpus(paths or [str(bundled_listing())], directory)


def parse_sort(text: str) -> list[SortKey]:
    """``author,-date`` → sort keys; ``-`` means descending."""
    keys: list[SortKey] = []
    for part in text.split(","):
        part = part.strip()
        descending = part.startswith("-")
        column = part.lstrip("-+")
        if column not in COLUMNS:
            raise argparse.ArgumentTypeError(
                f"unknown sort column {column!r} (choose from {', '.join(COLUMNS)})"
            )
        keys.append(SortKey(column, descending))
    return keys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="archive-tui",
        description="Browse article archives in the terminal. "
        "Run 'archive-tui list --help' for the non-interactive listing.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="listing files (default: bundled)")
    parser.add_argument("--filter", default="", metavar="QUERY", help="start with this filter")
    parser.add_argument("--version", action="version", version=f"archive-tui {__version__}")
    return parser


def _list_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="archive-tui list", description="Print the filtered, sorted articles."
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="listing files (default: bundled)")
    parser.add_argument("--filter", default="", metavar="QUERY", help="filter query")
    parser.add_argument(
        "--sort", type=parse_sort, default=None, metavar="KEYS",
        help="date|title|author, comma-separated, '-' for descending (e.g. author,-date)",
    )  # fmt: skip
    parser.add_argument("--reverse", action="store_true", help="reverse the primary sort")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.add_argument(
        "--width", type=_width, default=None, metavar="N",
        help=f"table width, {MIN_WIDTH}..{MAX_WIDTH} (default: the terminal's)",
    )  # fmt: skip
    parser.add_argument(
        "--csv-guard", action="store_true",
        help="CSV: prefix ' to cells starting with = + - @ tab or CR, which a "
        "spreadsheet would run as formulas (off: the cells hold the text exactly)",
    )  # fmt: skip
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 on any warning (notes of skipped page text aside)",
    )
    parser.add_argument(
        "--no-cache", dest="cache", action="store_false",
        help="parse the listings afresh, without reading or writing the parse cache",
    )  # fmt: skip
    return parser


def _take_filter_value(argv: Sequence[str]) -> list[str]:
    """``--filter VALUE`` as ``--filter=VALUE``: the option's value is the next
    argument whatever it starts with (``--filter -author:woods``), as with
    fzf's ``--filter``; argparse alone would read ``-author:woods`` as an
    option.  Arguments after ``--`` are paths and stay as they are."""
    args = list(argv)
    for index, arg in enumerate(args[:-1]):
        if arg == "--":
            break
        if len(arg) >= 5 and "--filter".startswith(arg):  # --filter, or --fil...
            args[index : index + 2] = [f"--filter={args[index + 1]}"]
            return args[: index + 1] + _take_filter_value(args[index + 1 :])
    return args


def warnings_only(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics ``--strict`` fails on: warnings, not notes (a note says
    what was skipped, such as a page's navigation text, which is no fault)."""
    return [d for d in diagnostics if d.severity != "note"]


MIN_WIDTH, MAX_WIDTH = 20, 1000


def _width(text: str) -> int:
    """``--width``: a table narrower than 20 cells holds nothing readable, and a
    huge one only pads every line (1,000,000 wrote 9 MB for five articles)."""
    try:
        width = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise argparse.ArgumentTypeError(f"{width} is not in {MIN_WIDTH}..{MAX_WIDTH}")
    return width


def _encodable(text: str) -> bool:
    """Whether standard output's encoding holds ``text``."""
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _for_stdout(
    output: str, ascii_json: Callable[[], str] | None = None
) -> tuple[str | bytes, str | None]:
    """``output`` as standard output can take it, and a note for stderr when
    something had to give: when its encoding (``PYTHONIOENCODING=ascii``, a C
    locale without UTF-8 mode) cannot hold every character, JSON is written
    with ``\\u`` escapes (``ascii_json``: exact), other formats with ``?``."""
    encoding = getattr(sys.stdout, "encoding", None)
    if not encoding or not hasattr(sys.stdout, "buffer"):
        return output, None  # a text stream (tests): it takes str as is
    try:
        return output.encode(encoding), None
    except (UnicodeEncodeError, LookupError):
        pass
    if ascii_json is not None:
        return ascii_json().encode("ascii"), None
    note = (
        f"archive-tui: note: the output encoding ({encoding}) cannot hold some characters;"
        " they were written as '?' (PYTHONIOENCODING=utf-8 keeps them)"
    )
    try:
        return output.encode(encoding, "replace"), note
    except LookupError:
        return output.encode("ascii", "replace"), note


def _utf8(stream: object) -> bool:
    """True when ``stream`` writes UTF-8 to a byte buffer we may write to directly."""
    import codecs

    encoding = getattr(stream, "encoding", None)
    if not isinstance(encoding, str) or not hasattr(stream, "buffer"):
        return False
    return codecs.lookup(encoding).name == "utf-8"


def report(diagnostics: Sequence[Diagnostic], errors: Sequence[str]) -> None:
    """Diagnostics and errors to stderr, one line each."""
    for line in [*errors, *map(str, diagnostics)]:
        print(line, file=sys.stderr)


def run_list(argv: Sequence[str]) -> int:
    """``archive-tui list``: print the view without starting the TUI.  The
    cyclic garbage collector is paused meanwhile: the run builds hundreds of
    thousands of acyclic objects, and its collections would only re-walk them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run_list(argv)
    finally:
        if enabled:
            gc.enable()


def _run_list(argv: Sequence[str]) -> int:
    args = _list_parser().parse_args(_take_filter_value(argv))
    try:
        query = parse_query(args.filter)
    except QueryError as error:
        print(f"archive-tui: bad query: {error}", file=sys.stderr)
        return 2
    archive, errors, store = load_archive(args.paths, cache=args.cache)
    if archive is None:
        report([], errors)
        return 1
    try:
        return _print(args, query, archive, errors)
    finally:
        store()


def _print(args: argparse.Namespace, query: Query, archive: Corpus, errors: list[str]) -> int:
    """Select, sort and print what ``list`` asked for; the exit code."""
    report(archive.diagnostics, errors)
    keys = list(args.sort or DEFAULT_SORT)
    if args.reverse:
        keys[0] = SortKey(keys[0].column, not keys[0].descending)
    if args.sort and not any(k.column == "title" for k in keys):
        keys.append(SortKey("title", DEFAULT_DESCENDING["title"]))
    from tui.engine import select_sorted

    try:
        found = select_sorted(archive, query, keys)
    except QueryError as error:  # a pattern over its time budget
        print(f"archive-tui: bad query: {error}", file=sys.stderr)
        return 2
    note = None
    if args.format == "json" and _utf8(sys.stdout):
        from tui.export_frame import json_bytes

        output: str | bytes = json_bytes(archive.display(found))  # built in Rust, as bytes
        return _write(output, note, errors, args.strict, archive)
    articles = archive.take(found)
    if args.format == "table":
        import shutil  # only the table needs it

        width = args.width or shutil.get_terminal_size((100, 24)).columns
        width = min(max(width, MIN_WIDTH), MAX_WIDTH)
        from tui.export import to_table

        table = to_table(articles, width, rule="─" if _encodable("─") else "-")
        output, note = _for_stdout(table)
    elif args.format == "json":
        from tui.export import to_json

        text = to_json(articles)
        output, note = _for_stdout(text, lambda: to_json(articles, ascii=True))
    else:
        from tui.export import to_csv

        output, note = _for_stdout(to_csv(articles, guard=args.csv_guard))
    return _write(output, note, errors, args.strict, archive)


def _write(
    output: str | bytes, note: str | None, errors: Sequence[str], strict: bool, corpus: Corpus
) -> int:
    """Write ``output`` (and ``note`` to stderr); the exit code."""
    if note:
        print(note, file=sys.stderr)
    try:
        if isinstance(output, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(output)
        else:
            sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``| head``): not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    if errors or (strict and warnings_only(corpus.diagnostics)):
        return 1
    return 0


def run_app(argv: Sequence[str]) -> int:
    """Open the TUI on the given listings."""
    args = _parser().parse_args(_take_filter_value(argv))
    from tui import clipboard, terminal

    terminal.on_exit(clipboard.kill_helpers)  # no clipboard command outlives the app
    refusal = terminal.unsupported()
    if refusal:
        print(refusal, file=sys.stderr)
        return 1
    for path in args.paths:
        # lexists: a symlink loop or a dangling link is the loader's to report
        # (in the app, naming the cause), and the other files still open.
        if not os.path.lexists(path):
            print(f"{display_path(path)}: no such file", file=sys.stderr)
            return 1
    set_frame_rate()  # Textual reads it when imported: now
    from tui.app import make_app

    app = make_app(args.paths, initial_filter=args.filter)
    code = terminal.run(app)
    if app.crash_message:
        print(app.crash_message, file=sys.stderr)
        code = 1
    terminal.finish(code)  # worker threads get a moment, never minutes
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``archive-tui`` and ``python -m tui``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "list":
            return run_list(argv[1:])
        return run_app(argv)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: one line for the user, the traceback to a log
        from tui.crashlog import report_crash

        print(report_crash(error), file=sys.stderr)
        return 1
