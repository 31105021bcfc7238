"""The command starts its checking worker before its own imports, only where the check will use it."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

from derive import launcher

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("arguments", "worker"),
    [
        (["check", "notes.md"], True),
        (["check", "--timeout", "20", "notes.md"], True),
        (["check", "--timeout=5", "a.md", "b.md"], True),
        (["check", "--timeout", "0", "notes.md"], False),  # checked in-process
        (["check", "--timeout=0", "notes.md"], False),
        (["check", "--scheduler", "local", "notes/"], False),  # Dask's workers check
        (["check", "--help"], False),
        (["check", "--timeout", "soon", "notes.md"], False),  # the parser reports the mistake
        (["grad", r"\|Ax-b\|^2", "--wrt", "x"], False),
        ([], False),
    ],
)
def test_which_commands_start_a_worker(arguments: list[str], worker: bool) -> None:
    assert launcher._checks_in_a_worker(arguments) is worker


def test_the_command_checks_on_the_worker_it_started(tmp_path: pathlib.Path) -> None:
    document = tmp_path / "wrong.md"
    document.write_text("Let $A \\in \\mathbb{R}^{n \\times n}$.\n\n$$ (A^2)^T = A^2 $$\n", "utf-8")
    code = (
        "import sys\n"
        "from derive import launcher\n"
        "from derive.checking import isolation\n"
        "status = launcher.main(['check', '--no-cache', '--no-color', sys.argv[1]])\n"
        "print('worker', isolation.shared().pid is not None, 'status', status)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(document)], capture_output=True, text=True, timeout=300,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert "worker True status 1" in done.stdout, done.stdout + done.stderr
    assert "failed" in done.stdout  # (A²)ᵀ = A² needs a symmetric A: the worker's verdict reached the report
