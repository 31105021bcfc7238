"""``%load_ext derive`` and ``%%derive`` in IPython, and results that render as the table in a notebook."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from derive import results

interactiveshell = pytest.importorskip("IPython.core.interactiveshell", reason="IPython is in the test extra")


@pytest.fixture
def shell() -> Iterator[object]:
    instance = interactiveshell.InteractiveShell.instance()
    instance.run_line_magic("load_ext", "derive")
    yield instance
    interactiveshell.InteractiveShell.clear_instance()


def test_a_cell_is_checked_with_the_declarations_of_earlier_cells(shell: object) -> None:
    first = shell.run_cell_magic("derive", "", "Let $A \\in \\mathbb{R}^{k \\times n}$ and $x \\in \\mathbb{R}^{n}$.\n")  # type: ignore[attr-defined]
    assert first.claims == ()
    second = shell.run_cell_magic("derive", "", "$$ \\nabla_x (x^TA^TAx) = 2A^TAx $$\n\n$$ \\nabla_x (x^TA^TAx) = A^TAx $$\n")  # type: ignore[attr-defined]
    assert [(claim.line, claim.verdict) for claim in second.claims] == [(1, results.PROVED), (3, results.FAILED)]
    assert second.path == "%%derive cell 2"


def test_a_bare_formula_and_the_options_of_the_magic(shell: object) -> None:
    found = shell.run_cell_magic("derive", "--oracles symbolic,float --seed 3", "(AB)^T = B^TA^T")  # type: ignore[attr-defined]
    assert [claim.verdict for claim in found.claims] == [results.PROVED]
    assert found.seed == 3 and {item.oracle for item in found.claims[0].evidence} <= {"symbolic", "float"}


def test_results_render_as_the_table_with_marks(shell: object) -> None:
    found = shell.run_cell_magic("derive", "", "Let $A \\in \\mathbb{R}^{n \\times n}$.\n\n$$ (A^2)^T = A^2 $$\n")  # type: ignore[attr-defined]
    shown, _ = shell.display_formatter.format(found)  # type: ignore[attr-defined]
    assert "✘" in shown["text/markdown"] and "| 3 |" in shown["text/markdown"]
    assert "<table" in shown["text/html"] and "failed" in shown["text/html"] and "<script" not in shown["text/html"]


def test_check_text_results_render_in_a_notebook_too() -> None:
    import derive

    found = derive.check_text("(AB)^T = B^TA^T", oracles=["symbolic"])
    assert "✔" in (found._repr_markdown_() or "") and "<table" in (found._repr_html_() or "")
