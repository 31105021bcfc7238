"""The documentation site builds with ``mkdocs build --strict``, and the strict build fails on a
broken link, a missing anchor or a page left out of the nav. Every build writes into a
temporary folder, never into the repository."""

from __future__ import annotations

import html
import os
import pathlib
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest
import yaml

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]
CONFIG = REPOSITORY / "mkdocs.yml"


def _build(config: pathlib.Path, site: pathlib.Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``config`` into ``site``, run from the config's folder."""
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")  # Material's banner about MkDocs 2.0
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(site)],
        cwd=config.parent, env=environment, capture_output=True, text=True, timeout=300,
    )


def _text(page: pathlib.Path) -> str:
    """The visible text of a built page's article, tags removed and entities decoded."""
    markup = page.read_text("utf-8")
    article = markup[markup.index("<article"):markup.index("</article>")]
    return html.unescape(re.sub(r"<[^>]+>", "", article))


def _nav_pages(entries: list[object]) -> Iterator[str]:
    for entry in entries:
        if isinstance(entry, str):
            yield entry
        elif isinstance(entry, dict):
            for value in entry.values():
                yield from _nav_pages(value) if isinstance(value, list) else _nav_pages([value])


def _built(site: pathlib.Path, page: str) -> pathlib.Path:
    """Where mkdocs writes ``page`` (use_directory_urls: ``checking.md`` -> ``checking/index.html``)."""
    stem = page.removesuffix(".md")
    return site / "index.html" if stem == "index" else site / stem / "index.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    folder = tmp_path_factory.mktemp("site")
    repository_site = REPOSITORY / "site"
    existed = repository_site.exists()
    built = _build(CONFIG, folder)
    assert built.returncode == 0, built.stdout + built.stderr
    assert repository_site.exists() == existed, "the build wrote a site/ folder into the repository"
    return folder


def test_the_site_builds_strictly_with_every_page_of_the_nav(site: pathlib.Path) -> None:
    nav = list(_nav_pages(yaml.safe_load(CONFIG.read_text("utf-8"))["nav"]))
    documents = sorted(str(path.relative_to(REPOSITORY / "docs")) for path in (REPOSITORY / "docs").rglob("*.md"))
    assert sorted(nav) == documents  # every page is in the nav, once
    missing = [page for page in nav if not _built(site, page).is_file()]
    assert not missing
    assert (site / "images" / "least_squares_report.png").is_file()  # images are copied beside the pages


def test_the_api_page_documents_check_with_its_signature(site: pathlib.Path) -> None:
    text = _text(site / "api" / "index.html")
    assert "derive.check" in text
    # one line, or formatted over several where black or ruff is installed: compared without layout
    flat = " ".join(text.split()).replace("( ", "(").replace(", )", ")")
    signature = flat[flat.index("check(path"):][:400]
    assert signature.startswith("check(path: str | PathLike[str], *, seed: int = 0,")
    assert "max_size: int = documents.MAX_SIZE) -> results.DocumentResult" in signature
    assert "Check every claim of the document at path" in text  # the docstring, rendered
    assert not re.search(r":(func|meth|attr|mod):", text)  # docs/_hooks/sphinx_roles.py drops the docstrings' Sphinx roles
    for name in ("derive.check_text", "derive.results.ClaimResult", "derive.assert_gradient", "derive.errors.InputError"):
        assert name in text


def test_the_tutorial_and_the_gallery_are_pages(site: pathlib.Path) -> None:
    tutorial = _text(site / "tutorial" / "index.html")
    assert "tape.watch(x)" in tutorial and "$ derive check docs/examples/least_squares.md" in tutorial
    gallery = _text(site / "gallery" / "index.html")
    assert "--format sarif" in gallery and "::error file=docs/examples/least_squares_slips.md,line=23" in gallery
    assert (site / "images" / "least_squares_slips_report.png").is_file()


@pytest.mark.parametrize(
    ("change", "reported"),
    [
        pytest.param(("index.md", "\n[gone](no-such-page.md)\n"), "contains a link 'no-such-page.md'", id="missing-page"),
        pytest.param(("index.md", "\n[gone](checking.md#no-such-section)\n"), "#no-such-section", id="missing-anchor"),
        pytest.param(("orphan.md", "# Not in the nav\n"), "orphan.md", id="page-not-in-nav"),
    ],
)
def test_the_strict_build_fails_on_a_broken_link(tmp_path: pathlib.Path, change: tuple[str, str], reported: str) -> None:
    shutil.copytree(REPOSITORY / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns(".*"))
    config = yaml.safe_load(CONFIG.read_text("utf-8"))
    config["hooks"] = [str(REPOSITORY / hook) for hook in config.get("hooks", [])]
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "mkdocstrings" in plugin:
            plugin["mkdocstrings"]["handlers"]["python"]["paths"] = [str(REPOSITORY)]  # the API page still resolves
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    name, text = change
    page = tmp_path / "docs" / name
    page.write_text((page.read_text("utf-8") if page.exists() else "") + text, "utf-8")

    built = _build(tmp_path / "mkdocs.yml", tmp_path / "site")

    assert built.returncode != 0
    output = built.stdout + built.stderr
    assert reported in output
    assert "Aborted with 1 warnings in strict mode" in output  # that warning, and nothing else, failed it
