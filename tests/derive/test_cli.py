"""The command line end to end: the running example, exit codes, JSON, and lazy TensorFlow."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

import locations
from derive import cli, results

REPOSITORY = locations.REPOSITORY
EXAMPLE = REPOSITORY / "docs" / "examples" / "least_squares.md"


def _json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    status = cli.main(["check", "--format", "json", *argv])
    return status, json.loads(capsys.readouterr().out)


def _claims_by_line(report: dict) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for claim in report["documents"][0]["claims"]:
        found.setdefault(claim["line"], []).append(claim)
    return found


def test_the_running_example_passes_with_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    status, report = _json([str(EXAMPLE)], capsys)
    assert status == cli.EXIT_OK
    assert report["schema"] == 1
    claims = report["documents"][0]["claims"]
    assert {c["verdict"] for c in claims} <= results.PASSING | {results.STATED}
    derivatives = [c for c in claims if c["kind"] == "derivative"]
    assert len(derivatives) >= 5
    for claim in derivatives:
        oracles = {e["oracle"]: e for e in claim["evidence"]}
        assert oracles["autodiff"]["agrees"] is True and "GradientTape" in oracles["autodiff"]["detail"]
        assert oracles["symbolic"]["agrees"] is True
    solution = next(c for c in claims if c["kind"] == "solution")
    assert solution["verdict"] == "conditional"
    assert solution["conditions"] == ["rank(A) = n (A^TA invertible)"]
    details = " ".join(e["detail"] for e in solution["evidence"])
    assert "rank-deficient" in details and "minimum-norm" in details
    hessian = [c for c in claims if c["kind"] == "derivative" and c["latex"].startswith("\\nabla^2")]
    assert hessian and hessian[0]["verdict"] == "proved"
    optimality = next(c for c in claims if c["kind"] == "optimality")
    assert optimality["verdict"] == "proved"
    identities = [c for c in claims if c["kind"] == "identity"]
    assert identities and all(c["verdict"] == "proved" for c in identities)


@pytest.mark.parametrize(
    ("original", "wrong"),
    [
        ("\\nabla f(x) = 2 A^T A x - 2 A^T b", "\\nabla f(x) = 2 A^T A x - A^T b"),
        ("= x^T A^T A x - 2 b^T A x + b^T b", "= x^T A^T A x - b^T A x + b^T b"),
        ("x = (A^T A)^{-1} A^T b", "x = 2(A^T A)^{-1} A^T b"),
    ],
)
def test_editing_one_step_fails_that_line_with_a_counterexample(
    original: str, wrong: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = EXAMPLE.read_text("utf-8")
    assert original in text
    edited = tmp_path / "edited.md"
    edited.write_text(text.replace(original, wrong), "utf-8")
    line = next(number for number, row in enumerate(text.splitlines(), 1) if original in row)
    status, report = _json([str(edited)], capsys)
    assert status == cli.EXIT_FAILED
    failed = [c for c in report["documents"][0]["claims"] if c["verdict"] == "failed"]
    assert [c["line"] for c in failed][:1] == [line]


def test_a_wrong_gradient_has_a_small_counterexample(capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path) -> None:
    document = tmp_path / "grad.md"
    document.write_text(
        "$A\\in\\mathbb{R}^{k\\times n}$, $b \\in \\mathbb{R}^k$, $x\\in\\mathbb{R}^n$.\n\n"
        "$$ \\nabla_x \\|Ax - b\\|^2 = 2A^TAx - A^Tb $$\n",
        "utf-8",
    )
    status, report = _json([str(document)], capsys)
    assert status == cli.EXIT_FAILED
    claim = report["documents"][0]["claims"][0]
    example = claim["counterexample"]
    assert example["dimensions"] == {"k": 1, "n": 1}
    assert example["lhs"] != example["rhs"]
    assert all(abs(v) <= 9 for value in example["values"].values() for row in value for v in row)


def test_a_row_vector_gradient_fails_with_both_shapes(capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path) -> None:
    document = tmp_path / "row.md"
    document.write_text(
        "$A\\in\\mathbb{R}^{k\\times n}$, $b \\in \\mathbb{R}^k$, $x\\in\\mathbb{R}^n$.\n\n"
        "$$ \\nabla_x \\|Ax - b\\|^2 = 2(Ax-b)^TA $$\n",
        "utf-8",
    )
    status, report = _json([str(document)], capsys)
    claim = report["documents"][0]["claims"][0]
    assert status == cli.EXIT_FAILED and claim["verdict"] == "failed"
    assert "column vector (n×1)" in claim["message"] and "row vector (1×n)" in claim["message"]
    assert "transpose" in claim["message"]


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["check", "missing-file.md"], cli.EXIT_INPUT),
        (["check", "--oracles", "symbolic,telepathy", str(EXAMPLE)], cli.EXIT_INPUT),
        ([], cli.EXIT_INPUT),
    ],
)
def test_usage_errors_exit_2(argv: list[str], status: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(argv) == status
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err


def test_unchecked_claims_fail_only_with_strict(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = tmp_path / "gamma.md"
    document.write_text("$$ \\Gamma(x) = x $$\n\n$$ (A^T)^T = A $$\n", "utf-8")
    status, report = _json([str(document)], capsys)
    assert status == cli.EXIT_OK
    verdicts = [c["verdict"] for c in report["documents"][0]["claims"]]
    assert verdicts == ["unchecked", "proved"]
    assert report["documents"][0]["claims"][0]["message"] == "unsupported: \\Gamma"
    assert cli.main(["check", "--strict", "--quiet", str(document)]) == cli.EXIT_INPUT


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *argv], capture_output=True, text=True, cwd=REPOSITORY, timeout=300, check=False
    )


def test_symbolic_and_float_oracles_never_import_tensorflow() -> None:
    script = (
        "import sys; from derive import cli; "
        f"status = cli.main(['check', '--quiet', '--oracles', 'symbolic,float', {str(EXAMPLE)!r}]); "
        "print('TF', 'tensorflow' in sys.modules, status)"
    )
    completed = _run("-c", script)
    assert completed.stdout.strip().splitlines()[-1] == "TF False 0", completed.stderr


def test_python_m_derive_runs_and_tensorflow_stays_quiet() -> None:
    completed = _run("-m", "derive", "check", "--quiet", str(EXAMPLE))
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    assert "13 proved" in completed.stdout or "proved" in completed.stdout


def test_a_reader_that_stops_early_ends_the_run_without_a_traceback() -> None:
    # ``derive check … | head``: the pipe closes before the report is written
    command = [sys.executable, "-m", "derive", "check", "--format", "json", "--oracles", "symbolic", str(EXAMPLE)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPOSITORY)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    errors_written = process.stderr.read().decode()
    assert process.wait(timeout=300) == cli.EXIT_BROKEN_PIPE
    assert "Traceback" not in errors_written and "BrokenPipe" not in errors_written


def test_help_explains_the_exit_codes() -> None:
    completed = _run("-m", "derive", "check", "--help")
    assert completed.returncode == 0
    assert "exit status" in completed.stdout and "--oracles" in completed.stdout
