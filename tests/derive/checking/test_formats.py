"""LaTeX files and notebooks are checked like Markdown, and every claim keeps its exact place."""

from __future__ import annotations

import json
import pathlib


from derive.checking import checker

TEX = r"""\documentclass{article}
\begin{document}
Let $A \in \mathbb{R}^{k \times n}$, $b \in \mathbb{R}^k$ and $x \in \mathbb{R}^n$.
\begin{align*}
  f(x) &= \|Ax - b\|^2 \\
       &= x^TA^TAx - 2b^TAx + b^Tb \\
       &= x^TA^TAx - b^TAx + b^Tb % a slip
\end{align*}
\begin{equation}
  \nabla f(x) = 2A^T(Ax - b) \label{eq:grad}
\end{equation}
\end{document}
"""


def test_a_tex_file_has_one_claim_per_align_row(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "notes.tex"
    path.write_text(TEX, "utf-8")
    result = checker.check(path, oracles=["symbolic", "float"])
    found = [(c.line, c.column, c.kind, c.verdict) for c in result.claims]
    assert found == [
        (5, 3, "definition", "stated"),
        (6, 9, "identity", "proved"),
        (7, 9, "identity", "failed"),
        (10, 3, "derivative", "proved"),
    ]
    assert result.claims[2].counterexample is not None


def _notebook(*cells: tuple[str, str]) -> str:
    return json.dumps(
        {
            "cells": [{"cell_type": kind, "metadata": {}, "source": text.splitlines(keepends=True)} for kind, text in cells],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def test_a_notebook_reports_cell_and_line(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "notes.ipynb"
    path.write_text(
        _notebook(
            ("markdown", "# Transposes\n\n$A, C \\in \\mathbb{R}^{n\\times n}$.\n"),
            ("code", "import numpy as np\n"),
            ("markdown", "Two claims:\n\n$$ (AC)^T = C^TA^T $$\n\n$$ (AC)^T = A^TC^T $$\n"),
        ),
        "utf-8",
    )
    result = checker.check(path, oracles=["symbolic", "float"])
    assert [(c.cell, c.line, c.verdict) for c in result.claims] == [(3, 3, "proved"), (3, 5, "failed")]
    assert result.claims[1].where == "cell 3:5:4"


def test_an_error_in_a_notebook_points_into_the_cell(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "broken.ipynb"
    path.write_text(_notebook(("markdown", "intro\n"), ("markdown", "text\n$$ \\frac{1}{2 = 1 $$\n")), "utf-8")
    result = checker.check(path)
    (error,) = result.errors
    assert (error.cell, error.line, error.column, error.kind) == (2, 2, 12, "syntax")
    assert error.where == "cell 2:2:12"
    assert error.lines(result.path)[1] == "    $$ \\frac{1}{2 = 1 $$"
    assert error.lines(result.path)[2] == "    " + " " * 11 + "^"
