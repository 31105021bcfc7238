"""The pytest plugin: every claim of a derivation document (``*.derive.md``, ``*.derive.tex``) is a test."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # derive itself is imported only when a document is collected
    from derive import results
    from derive.checking import checker
    from derive.reading import documents

DEFAULT_GLOBS = ("*.derive.md", "*.derive.tex")
DOCUMENT_SUFFIXES = frozenset({".md", ".markdown", ".tex", ".ipynb"})
CONTEXT = 2
"""Source lines shown before and after a failing claim's line."""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("derive", "derivation documents checked by derive")
    group.addoption(
        "--derive-seed", type=int, default=0, metavar="N",
        help="seed for derive's random instances and counterexamples (default 0)",
    )
    group.addoption(
        "--derive-strict", action="store_true", default=False,
        help="fail on claims derive cannot check (otherwise they are skipped, with the reason)",
    )
    group.addoption(
        "--derive-oracles", default=None, metavar="LIST",
        help="comma-separated oracles to run (default: all of symbolic,float,autodiff,solution)",
    )
    group.addoption(
        "--derive-cache", default=None, metavar="DIR",
        help="derive's results cache (default: .derive-cache in the rootdir); unchanged claims are not checked again",
    )
    group.addoption(
        "--derive-no-cache", action="store_true", default=False, help="check every document afresh, with no cache",
    )
    parser.addini(
        "derive_files", type="args", default=list(DEFAULT_GLOBS),
        help="glob patterns of derivation documents to collect (default: *.derive.md *.derive.tex)",
    )


def pytest_collect_file(file_path: pathlib.Path, parent: pytest.Collector) -> DerivationFile | None:
    """A document matching ``derive_files``, or one named on the command line, is collected."""
    patterns = parent.config.getini("derive_files")
    if any(file_path.match(pattern) for pattern in patterns) or (
        file_path.suffix.lower() in DOCUMENT_SUFFIXES and parent.session.isinitpath(file_path)
    ):
        return DerivationFile.from_parent(parent, path=file_path)
    return None


class DerivationFile(pytest.File):
    """A derivation document: read at collection, checked once when its first claim runs."""

    document: documents.Document | None = None
    _result: results.DocumentResult | None = None
    _problem: str | None = None

    @property
    def shown(self) -> str:
        """The document's path as messages give it: relative to where pytest runs, when it can be."""
        try:
            return os.path.relpath(self.path)
        except ValueError:  # another drive
            return str(self.path)

    def collect(self) -> Iterator[pytest.Item]:
        from derive import errors
        from derive.meaning import document_analysis
        from derive.reading import documents

        try:
            _options(self.config)
            self.document = documents.load(self.shown)
            analysis = document_analysis.analyse(self.document)
        except errors.DeriveError as problem:
            location = getattr(problem, "location", None)
            line = location.line if location is not None else 1
            yield UnreadableDocument.from_parent(self, name="unreadable", problem=str(problem), line=line)
            return
        for unread in analysis.problems:  # a display derive cannot read: its own failing item, the rest still run
            line = unread.location.line if unread.location is not None else 1
            yield UnreadableDisplay.from_parent(self, name=f"line {line} (not read)", problem=str(unread), line=line)
        places = [(claim.block.cell, *claim.block.position(claim.start)) for claim in analysis.claims]
        lines = [(cell, line) for cell, line, _ in places]
        for index, (cell, line, column) in enumerate(places):
            name = f"cell {cell} line {line}" if cell is not None else f"line {line}"
            if lines.count((cell, line)) > 1:
                name += f":{column}"
            yield ClaimItem.from_parent(
                self, name=name, index=index, line=line, column=column, cell=cell, latex=analysis.claims[index].text
            )

    def result(self) -> results.DocumentResult:
        """Every claim's verdict, computed on the first call only.

        Raises:
            DocumentProblem: the document could not be checked.
        """
        if self._problem is not None:
            raise DocumentProblem(self._problem)
        if self._result is None:
            from derive import errors
            from derive.checking import corpus

            assert self.document is not None
            try:
                store = _cache(self.config)
                try:
                    self._result = corpus.check_cached(self.document, _options(self.config), store)
                finally:
                    if store is not None:
                        store.close()
            except errors.DeriveError as problem:
                self._problem = str(problem)
                raise DocumentProblem(self._problem) from None
        return self._result


class ClaimItem(pytest.Item):
    """One claim of a derivation document: fails when derive refutes it."""

    def __init__(self, *, index: int, line: int, column: int, cell: int | None, latex: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.index, self.line, self.column, self.cell, self.latex = index, line, column, cell, latex

    @property
    def document_file(self) -> DerivationFile:
        assert isinstance(self.parent, DerivationFile)
        return self.parent

    def claim(self) -> results.ClaimResult:
        """This item's verdict, out of its document's (checked once).

        Raises:
            DocumentProblem: the document could not be checked, or the claim is not among the results.
        """
        claims = self.document_file.result().claims
        place = (self.cell, self.line, self.column)
        if self.index < len(claims) and (claims[self.index].cell, claims[self.index].line, claims[self.index].column) == place:
            return claims[self.index]
        for claim in claims:
            if (claim.cell, claim.line, claim.column) == place:
                return claim
        raise DocumentProblem(f"derive checked the document but gave no verdict for the claim at {self.line}:{self.column}")

    def runtest(self) -> None:
        from derive import results

        claim = self.claim()
        if claim.verdict == results.FAILED:
            raise ClaimFailure(claim)
        if claim.verdict == results.UNCHECKED:
            if self.config.getoption("derive_strict"):
                raise ClaimFailure(claim)
            _skip(f"unchecked: {claim.message or 'derive could not decide'}")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str | Any:
        if isinstance(excinfo.value, ClaimFailure):
            return self._explain(excinfo.value.claim)
        if isinstance(excinfo.value, DocumentProblem):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[os.PathLike[str] | str, int | None, str]:
        cell = f"cell {self.cell}:" if self.cell is not None else ""
        return self.path, self.line - 1, f"{self.document_file.shown}:{cell}{self.line}:{self.column}"

    def _explain(self, claim: results.ClaimResult) -> str:
        from derive import results

        where = f"{self.document_file.shown}:{claim.where}"
        kind = f" ({claim.kind})" if claim.kind != claim.verdict else ""
        text = [f"{where}: {claim.verdict}{kind}: {claim.latex}", ""]
        text += _numbered_lines(self.document_file.document, claim.line, claim.cell)
        strict = " (a failure under --derive-strict)" if claim.verdict == results.UNCHECKED else ""
        text += ["", f"verdict: {claim.verdict}{strict}"]
        if claim.message:
            text.append(claim.message)
        text += [f"condition: {condition}" for condition in claim.conditions]
        text += [f"{item.oracle}: {item.detail}" for item in claim.evidence if item.agrees is False]
        if claim.counterexample is not None:
            heading, *values = claim.counterexample.lines()
            text += [heading, *("  " + line for line in values)]
        if claim.verdict == results.FAILED:
            text.append(f"reproduce with --derive-seed={self.config.getoption('derive_seed')}{_oracles_flag(self.config)}")
        return "\n".join(text)


class UnreadableDocument(pytest.Item):
    """A document derive cannot read: one failing item with the error's ``file:line:col`` message."""

    def __init__(self, *, problem: str, line: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problem, self.line = problem, line

    def runtest(self) -> None:
        raise DocumentProblem(self.problem)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str | Any:
        if isinstance(excinfo.value, DocumentProblem):
            return f"{excinfo.value}\n(derive cannot read this document, so none of its claims was checked)"
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[os.PathLike[str] | str, int | None, str]:
        assert isinstance(self.parent, DerivationFile)
        return self.path, self.line - 1, f"{self.parent.shown}:{self.line}"


class UnreadableDisplay(UnreadableDocument):
    """One display of a document that derive cannot read; the document's other claims are still tests."""

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str | Any:
        if isinstance(excinfo.value, DocumentProblem):
            return f"{excinfo.value}\n(derive cannot read this display; the document's other claims are checked)"
        return super().repr_failure(excinfo, style=style)


class ClaimFailure(Exception):
    """Raised by a claim's test when derive refutes the claim (or, strictly, cannot check it)."""

    def __init__(self, claim: results.ClaimResult) -> None:
        super().__init__(f"{claim.verdict}: {claim.latex}")
        self.claim = claim


class DocumentProblem(Exception):
    """A document derive cannot read or check; the message has the file:line:col."""


def _skip(reason: str) -> None:
    """Skip the running claim, reported at the claim's line rather than at this plugin's."""
    try:
        raise pytest.skip.Exception(reason, _use_item_location=True)
    except TypeError:  # a pytest without the keyword
        pytest.skip(reason)


def _options(config: pytest.Config) -> checker.Options:
    """The checker's options from the command line.

    Raises:
        derive.errors.UsageError: an unknown oracle.
    """
    from derive.checking import checker

    listed = config.getoption("derive_oracles")
    oracles = None if listed is None else [name.strip() for name in listed.split(",") if name.strip()]
    return checker.Options().merge(seed=config.getoption("derive_seed"), oracles=oracles)


def _cache(config: pytest.Config) -> Any:
    """The results cache the options ask for (shared safely by pytest-xdist's workers), or None."""
    from derive.checking import cache

    folder = config.getoption("derive_cache")
    if config.getoption("derive_no_cache") or (folder is None and os.environ.get("DERIVE_CACHE") == "off"):
        return None
    return cache.Cache(folder if folder is not None else config.rootpath / cache.DEFAULT_FOLDER)


def _oracles_flag(config: pytest.Config) -> str:
    listed = config.getoption("derive_oracles")
    return "" if listed is None else f" --derive-oracles={listed}"


def _numbered_lines(document: documents.Document | None, line: int, cell: int | None) -> list[str]:
    """The source lines around ``line``, numbered, with that line marked by ``>``."""
    if document is None:
        return []
    if cell is None:
        source = document.source.splitlines()
        first, last = max(1, line - CONTEXT), min(len(source), line + CONTEXT)
        rows = [(number, source[number - 1]) for number in range(first, last + 1)]
    else:
        rows = [(number, document.source_line(number, cell)) for number in range(max(1, line - CONTEXT), line + CONTEXT + 1)]
    width = len(str(rows[-1][0])) if rows else 1
    return [f"{'>' if number == line else ' '} {str(number).rjust(width)} | {text}".rstrip() for number, text in rows]
