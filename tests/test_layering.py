"""The package's imports flow down the pipeline, without cycles, and numeric stays independent."""

from __future__ import annotations

import pathlib
import shutil

import layering
import pytest

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]


def test_the_package_follows_the_layering() -> None:
    found = layering.violations(REPOSITORY)
    assert not found, "\n".join(map(str, found))


def test_every_stage_folder_is_named_in_the_layers() -> None:
    folders = {f"derive.{path.name}" for path in (REPOSITORY / "derive").iterdir() if (path / "__init__.py").is_file()}
    named = {name.removesuffix(".*") for _, names in layering.LAYERS for name in names if name.endswith(".*")}
    assert folders <= named, f"stage folders missing from layering.LAYERS: {sorted(folders - named)}"


@pytest.fixture
def package_copy(tmp_path: pathlib.Path) -> pathlib.Path:
    """The real sources in a scratch folder, to break on purpose."""
    for top in ("derive", "numeric"):
        shutil.copytree(REPOSITORY / top, tmp_path / top, ignore=shutil.ignore_patterns("__pycache__"))
    assert layering.violations(tmp_path) == []
    return tmp_path


def _append(path: pathlib.Path, line: str) -> None:
    path.write_text(path.read_text("utf-8") + "\n" + line + "\n", "utf-8")


def test_an_upward_import_is_caught(package_copy: pathlib.Path) -> None:
    # reading must know nothing of checking, even through a lazy import inside a function
    render = package_copy / "derive" / "reading" / "render.py"
    _append(render, "def _late():\n    from derive.checking import checker")
    upward, cycle = layering.violations(package_copy)
    assert (upward.module, upward.line) == ("derive.reading.render", len(render.read_text().splitlines()))
    assert upward.message == "imports derive.checking.checker (checking), a later stage than its own (reading)"
    assert cycle.message.startswith("import cycle: ") and "derive.reading.render" in cycle.message  # the checker renders


def test_an_import_under_type_checking_counts(package_copy: pathlib.Path) -> None:
    _append(package_copy / "derive" / "report" / "json.py", "import typing\nif typing.TYPE_CHECKING:\n    from derive.deriving import codegen")
    upward = [v for v in layering.violations(package_copy) if not v.message.startswith("import cycle")]
    assert [(v.module, v.message) for v in upward] == [
        ("derive.report.json", "imports derive.deriving.codegen (deriving), a later stage than its own (report)")
    ]


def test_a_cycle_within_a_stage_is_caught(package_copy: pathlib.Path) -> None:
    # quadratic already needs instances; instances needing quadratic closes a circle
    _append(package_copy / "derive" / "deriving" / "instances.py", "from derive.deriving import quadratic")
    found = layering.violations(package_copy)
    assert [v.message for v in found] == [
        "import cycle: derive.deriving.instances -> derive.deriving.quadratic -> derive.deriving.instances"
    ]


def test_a_module_outside_every_stage_is_caught(package_copy: pathlib.Path) -> None:
    (package_copy / "derive" / "helpers.py").write_text('"""A grab bag."""\n', "utf-8")
    (violation,) = layering.violations(package_copy)
    assert violation.module == "derive.helpers" and "belongs to no stage" in violation.message


def test_numeric_importing_derive_is_caught(package_copy: pathlib.Path) -> None:
    _append(package_copy / "numeric" / "taylor.py", "import derive.results")
    (violation,) = layering.violations(package_copy)
    assert violation.module == "numeric.taylor" and "numeric imports derive.results" in violation.message
