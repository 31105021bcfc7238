"""Results as plain frozen dataclasses: documents, claims, verdicts, evidence, counterexamples."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

PROVED = "proved"
VERIFIED = "verified"
CONSISTENT = "consistent"
CONDITIONAL = "conditional"
FAILED = "failed"
UNCHECKED = "unchecked"
STATED = "stated"  # a definition or the equation a derivation starts from: nothing to check

VERDICTS = (PROVED, VERIFIED, CONSISTENT, CONDITIONAL, FAILED, UNCHECKED, STATED)
PASSING = frozenset({PROVED, VERIFIED, CONSISTENT, CONDITIONAL})


@dataclasses.dataclass(frozen=True)
class Evidence:
    """What one oracle found: ``agrees`` is None for evidence that decides nothing."""

    oracle: str
    detail: str
    agrees: bool | None = None
    error_bound: float | None = None  # exact oracle: the Schwartz–Zippel bound on a false pass


@dataclasses.dataclass(frozen=True)
class Counterexample:
    """Small dimensions and integer values at which the two sides differ."""

    dimensions: dict[str, int]
    values: dict[str, Any]
    lhs: Any
    rhs: Any
    seed: int

    def lines(
        self, *, show: Callable[[Any], str] = str, name: Callable[[str], str] = str, with_seed: bool = True
    ) -> list[str]:
        """The counterexample as plain text: a heading, then each value and both sides, indented."""
        sizes = ", ".join(f"{dim} = {size}" for dim, size in self.dimensions.items())
        seed = f" (seed {self.seed})" if with_seed else ""
        found = [f"counterexample{seed}{': ' + sizes if sizes else ''}"]
        found.extend(f"  {name(symbol)} = {show(value)}" for symbol, value in self.values.items())
        found.append(f"  left side  = {show(self.lhs)}")
        found.append(f"  right side = {show(self.rhs)}")
        return found


@dataclasses.dataclass(frozen=True)
class TaylorSeries:
    """The remainder test of a derivative claim: remainders against step sizes, for a plot."""

    steps: tuple[float, ...]
    remainders: tuple[float, ...]
    order: float | None  # the observed order of convergence (2 for a right gradient)
    expected: float  # 2 for a gradient, 3 for a Hessian


@dataclasses.dataclass(frozen=True)
class ClaimResult:
    """The verdict on one step of a derivation, with where it is and why."""

    line: int
    column: int
    latex: str
    kind: str
    verdict: str
    evidence: tuple[Evidence, ...] = ()
    counterexample: Counterexample | None = None
    conditions: tuple[str, ...] = ()
    message: str | None = None
    cell: int | None = None  # a notebook's cell; then ``line`` counts inside the cell
    derived: str | None = None  # for a derivative claim: the derivative derive computed, as LaTeX
    typeset: tuple[str, str, str] | None = None  # the step from the parsed tree: (lhs, relation, rhs) in LaTeX
    taylor: TaylorSeries | None = None  # for a derivative claim: the remainder test's series

    @property
    def where(self) -> str:
        """``line:column``, or ``cell N:line:column`` in a notebook."""
        cell = f"cell {self.cell}:" if self.cell is not None else ""
        return f"{cell}{self.line}:{self.column}"


CONTEXT = 100  # characters of a long source line shown on each side of an error's column


@dataclasses.dataclass(frozen=True)
class ReadError:
    """Input derive could not read, where it is: the rest of its document is still checked.

    A display whose braces or environments do not balance, a product that cannot be
    formed, a ``derive:`` comment derive does not know, or (with no claims beside it) a
    file that could not be read at all.
    """

    line: int
    column: int
    message: str
    source_line: str = ""
    cell: int | None = None
    kind: str = "input"  # syntax (braces, environments), shape (a product that cannot be formed), document, input

    @property
    def where(self) -> str:
        """``line:column``, or ``cell N:line:column`` in a notebook."""
        cell = f"cell {self.cell}:" if self.cell is not None else ""
        return f"{cell}{self.line}:{self.column}"

    def lines(self, path: str) -> list[str]:
        """``path:line:column: message``, then the source line with a caret under the column."""
        found = [f"{path}:{self.where}: {self.message}"]
        if self.source_line:
            # a long line is shown around the column only (a 1 MB formula is one line)
            start = max(0, self.column - 1 - CONTEXT)
            shown = self.source_line[start : self.column - 1 + CONTEXT]
            before = "…" if start else ""
            after = "…" if self.column - 1 + CONTEXT < len(self.source_line) else ""
            found += [f"    {before}{shown}{after}", "    " + " " * (len(before) + self.column - 1 - start) + "^"]
        return found


# How a result shows itself in a notebook (Jupyter calls _repr_markdown_ / _repr_html_): the report
# stage fills these in (derive.report.notebook), since results cannot import a later stage.
NOTEBOOK_VIEWS: dict[str, Callable[["DocumentResult"], str]] = {}


@dataclasses.dataclass(frozen=True)
class DocumentResult:
    """Every claim of one document, in source order, and what could not be read."""

    path: str
    claims: tuple[ClaimResult, ...]
    seed: int = 0
    errors: tuple[ReadError, ...] = ()

    def _repr_markdown_(self) -> str | None:
        view = NOTEBOOK_VIEWS.get("markdown")
        return None if view is None else view(self)

    def _repr_html_(self) -> str | None:
        view = NOTEBOOK_VIEWS.get("html")
        return None if view is None else view(self)

    @property
    def summary(self) -> dict[str, int]:
        counts = {verdict: 0 for verdict in VERDICTS}
        for claim in self.claims:
            counts[claim.verdict] += 1
        return counts

    @property
    def relations(self) -> int:
        """How many relations the document's math holds: every claim, and every one that could not be read."""
        return len(self.claims) + len(self.errors)

    @property
    def checked(self) -> int:
        """How many claims an oracle decided: passed or failed (not stated, not unchecked)."""
        return sum(1 for claim in self.claims if claim.verdict in PASSING or claim.verdict == FAILED)

    @property
    def failed(self) -> bool:
        return any(claim.verdict == FAILED for claim in self.claims)

    @property
    def unchecked(self) -> bool:
        return any(claim.verdict == UNCHECKED for claim in self.claims)

    @property
    def nothing_checked(self) -> bool:
        """No claim of the document was decided: no math, or none that derive could check."""
        return self.checked == 0

    def counts_text(self) -> str:
        """``17 relations: 14 proved, 1 conditional, 2 unchecked`` (and ``, 1 not read``)."""
        if not self.claims and self.errors and all(error.kind == "document" for error in self.errors):
            return "the file could not be read"
        counts = self.summary
        parts = [f"{counts[v]} {v}" for v in VERDICTS if counts[v]]
        if self.errors:
            parts.append(f"{len(self.errors)} not read")
        noun = "relation" if self.relations == 1 else "relations"
        return f"{self.relations} {noun}: " + (", ".join(parts) if parts else "none")
