"""The ``derive`` command line: ``derive check FILE…``."""

from __future__ import annotations

import argparse
import functools
import os
import sqlite3
import sys
from collections.abc import Sequence

import rich.console
import rich.progress

from derive import errors
from derive.checking import cache as results_cache
from derive.checking import checker, corpus
from derive.reading import documents
from derive.reading.documents import discovery
from derive.report import json as json_report
from derive.report import terminal
from derive.version import __version__
from numeric import tf_loader

REPORT_FORMATS = ("latex", "markdown", "html", "github", "sarif")  # written by report.output, to -o FILE or stdout
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INPUT = 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a pipe closed early

_DESCRIPTION = """\
Check matrix-calculus derivations written in LaTeX, step by step.

Each display formula of a Markdown document is parsed, its shapes inferred, and
every relation classified (identity, derivative, equation step, solution,
optimality) and checked by independent oracles: SymPy-based canonical forms
(a proof for all dimensions), float64 evaluation on random instances, TensorFlow
GradientTape, and least-squares solvers. A wrong step gets the smallest
counterexample found.
"""

_EPILOG = """\
exit status: 0 when every checked claim holds, 1 when some claim failed,
2 for a usage or input error (and, with --strict, for any unchecked claim or a
document with no checked claim). A display derive cannot read is reported at its
file:line:column and the rest of its document is still checked; the status is 2.

Folders are searched recursively for .md, .tex and .ipynb files (hidden folders,
virtual environments, node_modules and what git ignores are skipped). Results are
cached in .derive-cache beside the documents: an unchanged claim is not checked
again (--no-cache to check everything).

examples: derive check docs/examples/least_squares.md
          derive check notes/ --jobs 4 --format markdown -o summary.md
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="derive", description=_DESCRIPTION, epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"derive {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    command = commands.add_parser(
        "check",
        help="check every step of one or more documents",
        description="Check every step of one or more documents, or of every document in a folder.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument(
        "files", nargs="+", metavar="PATH",
        help="documents (.md, .tex, .ipynb), folders (searched recursively for them) or globs ('notes/**/*.md')",
    )
    command.add_argument(
        "--include", action="append", default=[], metavar="GLOB",
        help="in folders and globs, check only files matching GLOB (on the path below the folder, or the name); repeatable",
    )
    command.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB", help="in folders and globs, skip files matching GLOB; repeatable",
    )
    command.add_argument(
        "--jobs", "-j", type=int, default=None, metavar="N",
        help="documents checked at once, each in its own worker process (default: the number of CPUs)",
    )
    command.add_argument(
        "--cache", metavar="DIR", default=None,
        help="results cache folder (default: .derive-cache in the folder holding the documents); "
        "an unchanged claim is not checked again",
    )
    command.add_argument("--no-cache", action="store_true", help="check everything; read and write no cache")
    command.add_argument(
        "--scheduler", metavar="ADDRESS", default=None,
        help="check on a Dask cluster: tcp://HOST:8786 for a running dask-scheduler, or local for a "
        "LocalCluster of --jobs workers (docs/scale.md)",
    )
    command.add_argument(
        "--format", choices=("table", "json", *REPORT_FORMATS), default="table",
        help="table (default); json: schema 1; latex: a standalone report (docs/reports.md); "
        "markdown: for CI job summaries; html: one self-contained page; github: workflow commands "
        "(::error file=…,line=…) that annotate a pull request; sarif: SARIF 2.1.0 for code scanning (docs/ci.md)",
    )
    command.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE, atomically; never an input file")
    command.add_argument("--pdf", action="store_true", help="with --format latex -o FILE: also compile a PDF")
    command.add_argument("--seed", type=int, default=0, help="seed for random instances and counterexamples (default 0)")
    command.add_argument(
        "--oracles", default=",".join(checker.ORACLES),
        help=f"comma-separated oracles to run (default: {','.join(checker.ORACLES)}); "
        "without autodiff, TensorFlow is never imported",
    )
    command.add_argument(
        "--timeout", type=float, default=checker.TIMEOUT, metavar="SECONDS",
        help=f"time one claim may take (default {checker.TIMEOUT:g}); a claim over it is unchecked "
        "(\"stopped after 20 s\") and the rest are checked; 0 checks in this process without limits",
    )
    command.add_argument(
        "--max-size", type=int, default=documents.MAX_SIZE, metavar="BYTES",
        help=f"largest document read, in bytes (default {documents.MAX_SIZE:,}); only regular files are read",
    )
    command.add_argument(
        "--memory", type=int, default=checker.MEMORY, metavar="MIB",
        help=f"memory the checking worker may hold, in MiB (default {checker.MEMORY}); a claim over it is unchecked",
    )
    command.add_argument("--quiet", "-q", action="store_true", help="print only failures, unchecked claims and the summary")
    command.add_argument(
        "--strict", action="store_true", help="exit 2 when any claim is unchecked, or a document has no checked claim"
    )
    command.add_argument("--no-color", action="store_true", help="plain text without colours")
    from derive.deriving import grad_command

    grad_command.add_parser(commands)
    from derive.lsp import command as lsp_command

    lsp_command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    tf_loader.lean_process()
    parser = _parser()
    arguments = parser.parse_args(argv)
    if arguments.command is None:
        parser.print_help()
        return EXIT_INPUT
    try:
        if arguments.command in ("grad", "lsp"):
            return int(arguments.handler(arguments))
        return _check(arguments)
    except BrokenPipeError:  # the reader went away (``derive check … | head``): stop quietly, as cat does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's final flush must not fail again
        return EXIT_BROKEN_PIPE


def _check(arguments: argparse.Namespace) -> int:
    stdout = rich.console.Console(no_color=arguments.no_color, highlight=False, soft_wrap=arguments.format == "json")
    stderr = rich.console.Console(stderr=True, no_color=arguments.no_color, highlight=False)
    try:
        options = checker.Options().merge(
            seed=arguments.seed,
            oracles=[name.strip() for name in arguments.oracles.split(",") if name.strip()],
            timeout=arguments.timeout or None,
            memory=arguments.memory,
        )
    except errors.UsageError as problem:
        print(f"derive: error: {problem}", file=sys.stderr)
        return EXIT_INPUT
    if arguments.max_size < 1:
        print(f"derive: error: --max-size must be positive, not {arguments.max_size}", file=sys.stderr)
        return EXIT_INPUT
    if arguments.jobs is not None and arguments.jobs < 1:
        print(f"derive: error: --jobs must be positive, not {arguments.jobs}", file=sys.stderr)
        return EXIT_INPUT
    try:
        paths = discovery.find(arguments.files, include=arguments.include, exclude=arguments.exclude)
    except errors.UsageError as problem:
        print(f"derive: error: {problem}", file=sys.stderr)
        return EXIT_INPUT
    if not paths:
        print(f"derive: error: no document (.md, .tex, .ipynb) found in {', '.join(arguments.files)}", file=sys.stderr)
        return EXIT_INPUT
    store = _cache(arguments, paths)
    try:
        run = _run(arguments, paths, options, store, stderr)
    except errors.UsageError as problem:
        print(f"derive: error: {problem}", file=sys.stderr)
        return EXIT_INPUT
    finally:
        if store is not None:
            store.close()
    if run.cache_rebuilt:
        print("derive: the results cache was damaged; it has been rebuilt and nothing in it was used", file=sys.stderr)
    checked = list(run.results)
    unreadable = run.unreadable
    for result in checked:
        for entry in result.errors:  # plain: the caret must stay under its column
            print(errors.printable("\n".join(entry.lines(result.path))), file=sys.stderr)
    status = EXIT_INPUT if any(result.errors for result in checked) else EXIT_OK
    wants_report = arguments.format in REPORT_FORMATS or arguments.output is not None or arguments.pdf
    if wants_report and unreadable == len(checked):
        return EXIT_INPUT  # no document could be read: no empty report
    if wants_report:
        from derive.report import output as report_output

        chosen = "latex" if arguments.pdf and arguments.format == "table" else arguments.format
        try:
            text = report_output.write(
                checked, format=chosen, output=arguments.output, pdf=arguments.pdf, inputs=[*arguments.files, *paths]
            )
        except (errors.UsageError, errors.ReportError) as problem:
            print(f"derive: error: {problem}", file=sys.stderr)
            return EXIT_INPUT
        if text is not None:
            sys.stdout.write(text)
    elif arguments.format == "json":
        print(json_report.render(checked))
    else:
        terminal.show(checked, stdout, quiet=arguments.quiet)
    if status == EXIT_INPUT:
        return EXIT_INPUT
    if any(result.failed for result in checked):
        return EXIT_FAILED
    if arguments.strict and any(result.unchecked for result in checked):
        print("derive: some claims are unchecked (--strict)", file=sys.stderr)
        return EXIT_INPUT
    if arguments.strict and any(result.nothing_checked for result in checked):
        print("derive: a document has no claim that derive could check (--strict)", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


def _cache(arguments: argparse.Namespace, paths: Sequence[str]) -> results_cache.Cache | None:
    if arguments.no_cache or (arguments.cache is None and os.environ.get("DERIVE_CACHE") == "off"):
        return None
    folder = arguments.cache if arguments.cache is not None else results_cache.folder_for(paths)
    try:
        return results_cache.Cache(folder)
    except (OSError, sqlite3.Error) as problem:  # a read-only folder: check without the cache, and say so
        print(f"derive: warning: no results cache in {errors.printable(str(folder))} ({problem}); checking everything", file=sys.stderr)
        return None


def _run(
    arguments: argparse.Namespace, paths: Sequence[str], options: checker.Options,
    store: results_cache.Cache | None, console: rich.console.Console,
) -> corpus.Checked:
    jobs = arguments.jobs if arguments.jobs is not None else corpus.default_jobs()
    check = functools.partial(
        corpus.check_paths, paths, options, jobs=jobs, cache=store, scheduler=arguments.scheduler,
        max_size=arguments.max_size,
    )
    if not (arguments.format == "table" and not arguments.quiet and console.is_terminal):
        return check()
    columns = (
        rich.progress.TextColumn("{task.description}"), rich.progress.BarColumn(), rich.progress.MofNCompleteColumn(),
    )
    with rich.progress.Progress(*columns, console=console, transient=True) as bar:
        documents_task = bar.add_task("documents", total=None)
        claims_task = bar.add_task("claims", total=0)
        seen: dict[int, tuple[int, int]] = {}

        def loaded(count: int) -> None:
            bar.update(documents_task, total=count)

        def advance(index: int, done: int, total: int) -> None:
            before_done, before_total = seen.get(index, (0, 0))
            seen[index] = (done, total)
            bar.update(claims_task, advance=done - before_done)
            bar.update(claims_task, total=(bar.tasks[claims_task].total or 0) + total - before_total)
            if done == total:
                bar.update(documents_task, completed=sum(1 for d, t in seen.values() if d == t))

        return check(progress=advance, loaded=loaded)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
