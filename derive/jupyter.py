"""``%load_ext derive``: the ``%%derive`` cell magic for Jupyter and IPython.

A ``%%derive`` cell holds Markdown with display math (or one bare formula), checked as a document
of its own preceded by the notebook's earlier ``%%derive`` cells, so that their declarations
("Let $A \\in \\mathbb{R}^{k \\times n}$") hold in it; only the cell's own steps are shown, at lines
counted inside the cell. The magic's line takes ``--oracles`` and ``--seed`` as ``derive check``
does. Results render as the table with marks (``_repr_markdown_``, ``_repr_html_``).
"""

from __future__ import annotations

import argparse
import dataclasses
import shlex
from typing import Any

from derive import errors, results
from derive.report import notebook


@dataclasses.dataclass
class Session:
    """The ``%%derive`` cells run so far in one kernel, oldest first."""

    cells: list[str] = dataclasses.field(default_factory=list)

    def check(self, line: str, cell: str) -> results.DocumentResult:
        from derive.checking import checker

        options = _options(line)
        earlier = "\n\n".join(self.cells)
        offset = earlier.count("\n") + 2 if earlier else 0  # the lines before the cell in the checked text
        text = f"{earlier}\n\n{cell}" if earlier else cell
        if not any(marker in cell for marker in checker.MATH_MARKERS):
            text = f"{earlier}\n\n$$ {cell} $$" if earlier else f"$$ {cell} $$"
        number = len(self.cells) + 1
        found = checker.check_text(text, path=f"%%derive cell {number}", seed=options.seed,
                                   oracles=options.oracles.split(",") if options.oracles else None)
        self.cells.append(cell)
        return _own(found, offset)


def _own(found: results.DocumentResult, offset: int) -> results.DocumentResult:
    """The claims and read errors of the cell itself, at lines counted inside it."""
    claims = tuple(dataclasses.replace(claim, line=claim.line - offset) for claim in found.claims if claim.line > offset)
    problems = tuple(dataclasses.replace(problem, line=problem.line - offset) for problem in found.errors if problem.line > offset)
    return dataclasses.replace(found, claims=claims, errors=problems)


def _options(line: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="%%derive", add_help=False, exit_on_error=False)
    parser.add_argument("--oracles", default=None)
    parser.add_argument("--seed", type=int, default=0)
    try:
        return parser.parse_args(shlex.split(line))
    except (argparse.ArgumentError, ValueError) as problem:
        raise errors.UsageError(f"%%derive {line}: {problem}; the options are --oracles A,B and --seed N") from None


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%%derive`` in ``ipython`` (called by ``%load_ext derive``)."""
    notebook.register()
    session = Session()

    def derive(line: str, cell: str) -> results.DocumentResult:
        return session.check(line, cell)

    ipython.register_magic_function(derive, magic_kind="cell", magic_name="derive")
