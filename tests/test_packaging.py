"""The built wheel ships what an installed derive needs: the grammar, type markers, the script."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
import zipfile

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]


def test_wheel_contains_the_grammar_and_the_console_script(tmp_path: pathlib.Path) -> None:
    # a clean copy: a stale build/ folder beside the sources would hide a package left out of the config
    source = tmp_path / "source"
    shutil.copytree(
        REPOSITORY, source,
        ignore=shutil.ignore_patterns("build", "dist", "*.egg-info", ".git", ".venv", "__pycache__", ".mypy_cache"),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(tmp_path)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = tmp_path.glob("derivecheck-*.whl")  # the distribution's name: "derive" is another project's
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    assert "derive/reading/grammar/latex.lark" in names
    modules = {str(path.relative_to(REPOSITORY)) for top in ("derive", "numeric") for path in (REPOSITORY / top).rglob("*.py")}
    assert modules <= names, f"modules missing from the wheel: {sorted(modules - names)}"
    assert "derive/report/templates/report.tex.j2" in names  # the LaTeX report's template
    assert {"derive/py.typed", "numeric/py.typed", "derive/__main__.py"} <= names
    assert "derive = derive.launcher:main" in entry_points
    assert "derive = derive.testing.pytest_plugin" in entry_points
