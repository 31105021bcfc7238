"""The ``derive`` command line: ``derive check FILE…``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

import rich.console
import rich.progress

from derive import errors, results
from derive.checking import checker
from derive.reading import documents
from derive.report import json as json_report, terminal
from derive.version import __version__

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

example: derive check docs/examples/least_squares.md
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
        description="Check every step of one or more Markdown documents.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("files", nargs="+", metavar="FILE", help="Markdown documents (.md)")
    command.add_argument(
        "--format", choices=("table", "json", "latex", "markdown", "html"), default="table",
        help="table (default); json: schema 1; latex: a standalone report (docs/reports.md); "
        "markdown: for CI job summaries; html: one self-contained page",
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    arguments = parser.parse_args(argv)
    if arguments.command is None:
        parser.print_help()
        return EXIT_INPUT
    try:
        if arguments.command == "grad":
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
    checked: list[results.DocumentResult] = []
    unreadable = 0
    for path in arguments.files:
        try:
            result = _check_one(
                path, options, stderr, show_progress=arguments.format == "table" and not arguments.quiet,
                max_size=arguments.max_size,
            )
        except errors.InputError as problem:
            result = results.DocumentResult(path, (), options.seed, (checker.read_error(problem),))
            unreadable += 1
        for entry in result.errors:  # plain: the caret must stay under its column
            print(errors.printable("\n".join(entry.lines(result.path))), file=sys.stderr)
        checked.append(result)
    status = EXIT_INPUT if any(result.errors for result in checked) else EXIT_OK
    wants_report = arguments.format in ("latex", "markdown", "html") or arguments.output is not None or arguments.pdf
    if wants_report and unreadable == len(checked):
        return EXIT_INPUT  # no document could be read: no empty report
    if wants_report:
        from derive.report import output as report_output

        chosen = "latex" if arguments.pdf and arguments.format == "table" else arguments.format
        try:
            text = report_output.write(
                checked, format=chosen, output=arguments.output, pdf=arguments.pdf, inputs=arguments.files
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


def _check_one(
    path: str, options: checker.Options, console: rich.console.Console, *, show_progress: bool, max_size: int
) -> results.DocumentResult:
    document = documents.load(path, max_size=max_size)
    if not (show_progress and console.is_terminal):
        return checker.check_document(document, options)
    with rich.progress.Progress(
        rich.progress.TextColumn("{task.description}"), rich.progress.BarColumn(), rich.progress.MofNCompleteColumn(),
        console=console, transient=True,
    ) as progress:
        task = progress.add_task(f"checking {path}", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return checker.check_document(document, options, progress=advance)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
