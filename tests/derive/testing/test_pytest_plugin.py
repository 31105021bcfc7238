"""The pytest plugin, run by pytester on derivation documents from tests/data/plugin."""

from __future__ import annotations

import os
import importlib.metadata
import pathlib
import sqlite3
import subprocess
import sys

import numpy as np
import pytest

import locations
from derive.checking import checker
from numeric import tf_loader

# pytester's in-process runs drop the modules they import when they end; derive.checking.checker (and
# with it SymPy) is imported above so that each run does not import it afresh.

pytest_plugins = ["pytester"]

DATA = locations.DATA / "plugin"
FAST = "--derive-oracles=symbolic,float,solution"  # no TensorFlow in these runs


def _warm_tensorflow() -> None:
    """Import TensorFlow and the parts a tape loads lazily, outside any in-process run.

    A run drops the modules it imported; TensorFlow cannot be imported twice in one process.
    """
    from numeric import autodiff

    tf = tf_loader.tensorflow()
    square = lambda v0: tf.reduce_sum(v0 * v0)  # noqa: E731
    autodiff.gradient(square, {"v0": np.ones((2, 1))}, "v0")
    autodiff.hessian(square, {"v0": np.ones((2, 1))}, "v0")
    autodiff.derivative(square, {"v0": 1.0}, "v0", 2)


@pytest.fixture(autouse=True, scope="module")
def _tensorflow_outside_the_runs() -> None:
    """Whatever a run imports is dropped after it, and a second import of TensorFlow aborts the process."""
    _warm_tensorflow()


def _plugin() -> list[str]:
    """``-p derive.testing.pytest_plugin`` unless the installed entry point loads it already.

    Hypothesis's plugin is left out: it would import hypothesis afresh in every run.
    """
    installed = any(point.value == "derive.testing.pytest_plugin" for point in importlib.metadata.entry_points(group="pytest11"))
    return ["-p", "no:hypothesispytest", "-p", "no:cacheprovider", *([] if installed else ["-p", "derive.testing.pytest_plugin"])]


def _place(pytester: pytest.Pytester, data_name: str, as_name: str) -> pathlib.Path:
    """Copy a document from tests/data/plugin into the pytester folder under ``as_name``."""
    target = pytester.path / as_name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text((DATA / data_name).read_text("utf-8"), "utf-8")
    return target


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest(*_plugin(), *args)


def test_a_passing_and_a_failing_document_give_passed_and_failed_items_by_file_and_line(pytester: pytest.Pytester) -> None:
    _place(pytester, "least_squares.md", "docs/least_squares.derive.md")
    _place(pytester, "slipped.md", "docs/slipped.derive.md")
    result = _run(pytester, "-v", FAST)
    result.assert_outcomes(passed=5, failed=1)
    result.stdout.fnmatch_lines(
        [
            "docs/least_squares.derive.md::line 5 PASSED*",
            "docs/least_squares.derive.md::line 9 PASSED*",
            "docs/least_squares.derive.md::line 13:4 PASSED*",  # two claims on one line: the column names them
            "docs/least_squares.derive.md::line 13:18 PASSED*",
            "docs/slipped.derive.md::line 5 PASSED*",
            "docs/slipped.derive.md::line 9 FAILED*",
        ]
    )


@pytest.mark.parametrize(("seed", "oracles"), [(0, FAST), (5, None)])
def test_a_failure_shows_the_source_the_counterexample_and_how_to_reproduce_it(
    pytester: pytest.Pytester, seed: int, oracles: str | None
) -> None:
    _place(pytester, "slipped.md", "slipped.derive.md")
    result = _run(pytester, f"--derive-seed={seed}", *([oracles] if oracles else []))
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*_ slipped.derive.md:9:4 _*",
            "slipped.derive.md:9:4: failed (derivative): \\nabla_x (x^T A^T A x) = A^T A x",
            "  7 | The factor 2 is forgotten here:",
            "  8 |",
            "> 9 | $$ \\nabla_x (x^T A^T A x) = A^T A x $$",
            "verdict: failed",
            "the derivative is 2A^TAx",
            f"counterexample (seed {seed}): k = 1, n = 1",
            "    left side  = 2",
            "    right side = 1",
            f"reproduce with --derive-seed={seed}*",
        ]
    )


def test_an_unchecked_claim_is_skipped_with_its_reason_and_fails_with_derive_strict(pytester: pytest.Pytester) -> None:
    _place(pytester, "unchecked.md", "unchecked.derive.md")
    lenient = _run(pytester, "-ra", FAST)
    lenient.assert_outcomes(passed=1, skipped=1)
    lenient.stdout.fnmatch_lines(["SKIPPED [1] unchecked.derive.md:5: unchecked: unsupported: \\Gamma"])
    strict = _run(pytester, "--derive-strict", FAST)
    strict.assert_outcomes(passed=1, failed=1)
    strict.stdout.fnmatch_lines(
        ["unchecked.derive.md:5:4: unchecked: \\Gamma(x) = x", "verdict: unchecked*", "unsupported: \\Gamma*"]
    )


def test_an_ordinary_readme_is_not_collected(pytester: pytest.Pytester) -> None:
    _place(pytester, "README.md", "README.md")
    _place(pytester, "README.md", "docs/notes.md")
    _place(pytester, "least_squares.md", "docs/least_squares.derive.md")
    result = _run(pytester, "--collect-only", "-q")
    result.stdout.fnmatch_lines(["docs/least_squares.derive.md::line 5", "*4 tests collected*"])
    result.stdout.no_fnmatch_line("*README*")
    result.stdout.no_fnmatch_line("*notes.md*")


def test_a_document_named_on_the_command_line_or_matching_derive_files_is_collected(pytester: pytest.Pytester) -> None:
    _place(pytester, "slipped.md", "notes.md")
    named = _run(pytester, "--collect-only", "-q", "notes.md")
    named.stdout.fnmatch_lines(["notes.md::line 5", "notes.md::line 9"])
    _place(pytester, "slipped.md", "math/steps.tex.md")
    pytester.makeini("[pytest]\nderive_files = *.tex.md\n")
    configured = _run(pytester, "--collect-only", "-q")
    configured.stdout.fnmatch_lines(["math/steps.tex.md::line 5", "math/steps.tex.md::line 9", "*2 tests collected*"])


def test_items_report_the_documents_real_path_and_line(pytester: pytest.Pytester) -> None:
    _place(pytester, "least_squares.md", "docs/least_squares.derive.md")
    items, _ = pytester.inline_genitems(*_plugin(), FAST)
    assert [item.location for item in items] == [
        ("docs/least_squares.derive.md", 4, "docs/least_squares.derive.md:5:4"),
        ("docs/least_squares.derive.md", 8, "docs/least_squares.derive.md:9:4"),
        ("docs/least_squares.derive.md", 12, "docs/least_squares.derive.md:13:4"),
        ("docs/least_squares.derive.md", 12, "docs/least_squares.derive.md:13:18"),
    ]
    assert all(item.path == pytester.path / "docs" / "least_squares.derive.md" for item in items)


def test_an_unreadable_document_is_one_failing_item_with_its_location(pytester: pytest.Pytester) -> None:
    (pytester.path / "broken.derive.md").write_bytes(b"Intro\n\n$$ (AB)^T = B^TA^T \xff $$\n")
    result = _run(pytester, "-v", FAST)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["broken.derive.md::unreadable FAILED*", "broken.derive.md:3:20: the file is not valid UTF-8*"])


def test_display_math_never_closed_fails_at_its_place_and_the_rest_is_checked(pytester: pytest.Pytester) -> None:
    pytester.makefile(".derive.md", broken="Intro\n\n$$ x = \n\n$$ (AB)^T = B^TA^T $$\n")
    result = _run(pytester, "-v", FAST)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*broken.derive.md:3:1: unterminated display math*"])


def test_a_display_that_cannot_be_read_fails_alone_and_the_rest_is_checked(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".derive.md",
        broken="Intro\n\n$$ (AB)^T = B^TA^T $$\n\n$$ \\frac{1}{2 = C $$\n\n$$ (AB)^T = A^TB^T $$\n",
    )
    result = _run(pytester, "-v", FAST)
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines([
        "broken.derive.md::line 5 (not read) FAILED*",
        "broken.derive.md::line 3 PASSED*",
        "broken.derive.md::line 7 FAILED*",
    ])
    result.stdout.fnmatch_lines(["broken.derive.md:5:12: unbalanced braces*"])


def test_an_unknown_oracle_is_reported_by_name(pytester: pytest.Pytester) -> None:
    _place(pytester, "slipped.md", "slipped.derive.md")
    result = _run(pytester, "--derive-oracles=symbolic,psychic")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*unknown oracle(s): psychic; choose from symbolic, exact, float, autodiff, taylor, solution*"])


def test_each_document_is_checked_once_not_once_per_claim(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    _place(pytester, "least_squares.md", "least_squares.derive.md")
    calls: list[str] = []
    original = checker.check_document

    def counting(document, options, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(document.path)
        return original(document, options, **kwargs)

    monkeypatch.setattr(checker, "check_document", counting)
    result = pytester.inline_run(*_plugin(), FAST)
    result.assertoutcome(passed=4)
    assert calls == ["least_squares.derive.md"]


def test_loading_the_plugin_imports_neither_sympy_nor_tensorflow() -> None:
    code = "import derive.testing.pytest_plugin, sys; print('sympy' in sys.modules, 'tensorflow' in sys.modules)"
    finished = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert finished.stdout.split() == ["False", "False"]



def test_the_items_run_under_xdist_and_store_their_results_in_the_cache(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist", reason="pytest-xdist is in the test extra")
    _place(pytester, "least_squares.md", "least_squares.derive.md")
    wrong = pytester.path / "wrong.derive.md"
    wrong.write_text("Let $A \\in \\mathbb{R}^{n \\times n}$.\n\n$$ (A^T)^T = 2A $$\n", "utf-8")
    cache = pytester.path / "cache"
    arguments = [*_plugin(), FAST, "-n", "2", f"--derive-cache={cache}"]
    first = pytester.runpytest_subprocess(*arguments)
    first.assert_outcomes(passed=4, failed=1)
    with sqlite3.connect(cache / "results.sqlite") as connection:
        stored = sorted(row[0] for row in connection.execute("SELECT path FROM documents"))
    assert [os.path.basename(path) for path in stored] == ["least_squares.derive.md", "wrong.derive.md"]
    again = pytester.runpytest_subprocess(*arguments)
    again.assert_outcomes(passed=4, failed=1)
    again.stdout.fnmatch_lines(["*wrong.derive.md:3:4: failed*"])
