"""The pre-commit hook definition: what pre-commit runs is the installed command, over every changed file at once."""

from __future__ import annotations

import os
import pathlib
import shlex
import shutil
import subprocess
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _hook() -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    return hooks[0]  # type: ignore[no-any-return]


def test_the_hook_is_what_pre_commit_needs() -> None:
    hook = _hook()
    assert {"id", "name", "entry", "language"} <= set(hook) and hook["id"] == "derive"
    assert hook["language"] == "python"  # pre-commit installs the repository itself, then runs the entry
    assert set(hook["types_or"]) == {"markdown", "tex", "jupyter"}  # type: ignore[arg-type]
    assert hook["require_serial"] is True


def test_the_entry_checks_the_files_pre_commit_passes(tmp_path: pathlib.Path) -> None:
    good, bad = tmp_path / "good.md", tmp_path / "bad.md"
    good.write_text("Let $A, B \\in \\mathbb{R}^{n \\times n}$.\n\n$$ (AB)^T = B^TA^T $$\n", "utf-8")
    bad.write_text("Let $A, B \\in \\mathbb{R}^{n \\times n}$.\n\n$$ (AB)^T = A^TB^T $$\n", "utf-8")
    entry = shlex.split(str(_hook()["entry"]))
    assert entry[0] == "derive"
    command = [shutil.which("derive") or sys.executable, *([] if shutil.which("derive") else ["-m", "derive"]), *entry[1:]]
    environment = {**os.environ, "DERIVE_CACHE": "off"}
    # pre-commit runs at the repository's root and passes paths relative to it
    passing = subprocess.run([*command, good.name], capture_output=True, text=True, env=environment, timeout=300,
                             cwd=tmp_path, check=False)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    failing = subprocess.run([*command, good.name, bad.name], capture_output=True, text=True, env=environment,
                             timeout=300, cwd=tmp_path, check=False)
    assert failing.returncode == 1  # pre-commit stops the commit
    assert "bad.md:3:4" in failing.stdout and "failed" in failing.stdout
