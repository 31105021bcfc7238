"""``derive grad``: a worked derivation of an objective, every step checked, and code generated from it."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from typing import Any

import rich.console
import rich.markup
import rich.table

from derive import errors, results
from derive.report import terminal

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INPUT = 2

_DESCRIPTION = """\
Derive the gradient, Hessian and closed-form minimiser of an objective written in
LaTeX, and check every step exactly as `derive check` would: the objective is
expanded in canonical order, the gradient given expanded and factored, ∇f = 0
solved when it is linear (with its conditions, and the pseudo-inverse answer when
they fail), and convexity read from the Hessian.
"""

_EPILOG = """\
exit status: 0 when every step holds, 1 when a step failed, 2 for an input error
(or a report that cannot be made, such as --pdf without a TeX engine).

examples:
  derive grad "\\|Ax - b\\|_2^2" --wrt x
  derive grad "\\|Ax - b\\|_2^2 + \\lambda\\|x\\|_2^2" --shapes "A:k×n, b:k" --emit numpy
  derive grad "(Ax - b)^TW(Ax - b)" --shapes "W:k×k symmetric" --format markdown -o wls.md
  derive grad "\\|Ax - b\\|_2^2" --pdf -o least_squares.pdf
"""
REPORTS = ("latex", "html", "json")  # derive check's report on the derivation, as derivation.REPORT_FORMATS



def add_parser(subparsers: Any) -> None:
    """Add ``grad`` to the ``derive`` command's subparsers (its handler is ``run``)."""
    command = subparsers.add_parser(
        "grad",
        help="derive and check the gradient, Hessian and minimiser of an objective",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("objective", help='the objective in LaTeX, such as "\\|Ax - b\\|_2^2" or "f(x) = x^TBx"')
    command.add_argument("--wrt", default="x", help="the variable to differentiate by (default x)")
    switch = argparse.BooleanOptionalAction
    command.add_argument("--hessian", action=switch, default=True, help="derive the Hessian and convexity (default on)")
    command.add_argument("--solve", action=switch, default=True, help="solve ∇f = 0 when it is linear (default on)")
    command.add_argument("--shapes", default="", help='shapes, such as "A:k×n, b:k, W:k×k symmetric"; others are inferred')
    command.add_argument(
        "--emit", choices=("numpy", "tensorflow"), help="print generated functions, checked against GradientTape"
    )
    command.add_argument("--least-squares", action="store_true", help="also decide whether it is a least-squares objective")
    command.add_argument(
        "--format", choices=("table", "markdown", *REPORTS), default="table",
        help="table: the steps with their verdicts (default); markdown: the derivation document, which derive check "
        "accepts; latex, html, json: derive check's report on it, as `derive check --format` writes them",
    )
    command.add_argument(
        "-o", "--output", metavar="FILE",
        help="write the report (latex, html, json, --pdf) to FILE; otherwise the code with --emit, or else the "
        "derivation document; atomically",
    )
    command.add_argument(
        "--pdf", action="store_true", help="also compile the LaTeX report to a PDF (needs -o FILE and a TeX engine)"
    )
    command.add_argument("--seed", type=int, default=0, help="seed for random instances and counterexamples (default 0)")
    command.add_argument("--no-color", action="store_true", help="plain text without colours")
    command.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    """Run ``derive grad``; returns the exit status (0 ok, 1 a step failed, 2 an input error)."""
    from derive.deriving import codegen, derivation, problems, quadratic  # SymPy and the checker load only when the command runs

    report = "latex" if arguments.pdf and arguments.format == "table" else arguments.format
    refusal = _refusal(arguments, report)
    if refusal is not None:
        print(f"derive grad: error: {refusal}", file=sys.stderr)
        return EXIT_INPUT
    stdout = rich.console.Console(no_color=arguments.no_color, highlight=False, soft_wrap=arguments.format == "markdown")
    try:
        shapes = problems.parse_shapes(arguments.shapes) if arguments.shapes else None
        options: dict[str, Any] = {"wrt": arguments.wrt, "shapes": shapes, "seed": arguments.seed}
        result = derivation.derive_objective(
            arguments.objective, hessian=arguments.hessian, solve=arguments.solve, **options
        )
        least = quadratic.least_squares_form(arguments.objective, **options) if arguments.least_squares else None
        code = codegen.generate(result, arguments.emit, seed=arguments.seed) if arguments.emit else None
    except errors.InputError as problem:
        print(problem.at(errors.Location("objective", 1, problem.offset + 1, arguments.objective)), file=sys.stderr)
        return EXIT_INPUT
    except errors.UnsupportedNotation as problem:
        print(f"objective:1:{problem.offset + 1}: {problem}", file=sys.stderr)
        return EXIT_INPUT
    except errors.UsageError as problem:
        print(f"derive grad: error: {problem}", file=sys.stderr)
        return EXIT_INPUT
    except codegen.GeneratedCodeError as problem:
        print(f"derive grad: internal error: {problem}", file=sys.stderr)
        return EXIT_FAILED
    if report in REPORTS:
        try:
            text = result.write_report(format=report, output=arguments.output, pdf=arguments.pdf)
        except (errors.UsageError, errors.ReportError) as problem:
            print(f"derive grad: error: {problem}", file=sys.stderr)
            return EXIT_INPUT
        sys.stdout.write(text or "")
        if code is not None:  # the report went to a file (see _refusal)
            stdout.out(code.source, highlight=False)
        return EXIT_FAILED if result.report.failed else EXIT_OK
    if arguments.output:
        _write(arguments.output, code.source if code is not None else result.markdown)
    # with the code on standard output (`--emit numpy > grad.py`), what is for people goes to stderr
    people = stdout if code is None or arguments.output else rich.console.Console(
        stderr=True, no_color=arguments.no_color, highlight=False, soft_wrap=arguments.format == "markdown")
    if arguments.format == "markdown":
        if not (arguments.output and code is None):
            people.out(result.markdown, highlight=False)
    else:
        _show(result, least, people)
    if code is not None and not arguments.output:
        stdout.out(code.source, highlight=False)
    return EXIT_FAILED if result.report.failed else EXIT_OK


def _refusal(arguments: argparse.Namespace, report: str) -> str | None:
    """Why these options cannot go together, before any work is done; None when they can."""
    if arguments.pdf and report != "latex":
        return f"--pdf compiles the LaTeX report: use it with --format latex, not {report}"
    if report in REPORTS and arguments.emit and arguments.output in (None, "-"):
        return f"--emit and --format {report} would both print to standard output: add -o FILE for the report"
    if arguments.least_squares and report != "table":  # its answer is not a step of the derivation document
        return f"--least-squares answers in the table, not in --format {report}: leave one of them out"
    return None


def _show(result: Any, least: Any, console: rich.console.Console) -> None:
    """The steps as a table, then conditions, notes, convexity and the least-squares answer."""
    problem = result.problem
    table = rich.table.Table(title=f"derive grad: {problem.head()} = {problem.text}", title_justify="left")
    table.add_column("step")
    table.add_column("claim", overflow="fold")
    table.add_column("verdict")
    table.add_column("evidence", overflow="fold")
    for step in result.steps:
        evidence = "" if step.result is None else terminal.evidence_summary(step.result)
        table.add_row(step.name, rich.markup.escape(step.latex), terminal.verdict_cell(step.verdict), rich.markup.escape(evidence or ""))
    console.print(table)
    for step in result.steps:
        if step.result is not None and (step.result.conditions or step.verdict in (results.FAILED, results.UNCHECKED)):
            console.print(f"{step.name}: {step.verdict} {rich.markup.escape(step.latex)}")
            console.print(f"  {rich.markup.escape(step.result.message or '')}")
    solution = result.solution
    if solution is not None and solution.minimum_norm is not None:
        fails = ", ".join(solution.conditions)
        console.print(f"where {fails} fails: the minimum-norm solution is {rich.markup.escape(solution.minimum_norm)}")
    for note in result.notes:
        console.print(f"note: {rich.markup.escape(note)}")
    if result.convexity is not None:
        verdict = {True: "convex", False: "not convex", None: "convexity undecided"}[result.convexity.convex]
        console.print(f"{verdict}: {rich.markup.escape(result.convexity.reason)}")
    if least is not None:
        answer = {True: "yes", False: "no", None: "undecided"}[least.decision]
        console.print(f"least squares: {answer}: {rich.markup.escape(least.reason)}")
        if least.form is not None:
            verdict = least.check.verdict if least.check is not None else results.UNCHECKED
            console.print(f"  f = {rich.markup.escape(least.form)}  ({verdict})")
    counts = result.report.summary
    summary = ", ".join(f"{count} {verdict}" for verdict, count in counts.items() if count)
    console.print(f"derivation: {summary}" + ("" if result.ok else " — some steps do not hold"))


def _write(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically (a temporary file beside it, then a rename)."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".derive-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
