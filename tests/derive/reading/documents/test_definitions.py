"""Tests for derive.reading.documents.definitions: where a macro definition written outside math ends."""

from __future__ import annotations

import pytest

from derive.reading.documents import definitions


@pytest.mark.parametrize(
    ("source", "definition"),
    [
        (r"\newcommand{\tr}{\operatorname{tr}} and", r"\newcommand{\tr}{\operatorname{tr}}"),
        (r"\renewcommand{\vec}[1]{\mathbf{#1}}.", r"\renewcommand{\vec}[1]{\mathbf{#1}}"),
        (r"\providecommand\R{\mathbb{R}}x", r"\providecommand\R{\mathbb{R}}"),
        (r"\newcommand*{\x}{x}", r"\newcommand*{\x}{x}"),
        (
            r"\newcommand{\norm}[1]{\left\|#1\right\|} is",
            r"\newcommand{\norm}[1]{\left\|#1\right\|}",
        ),
        (r"\newcommand{\p}[2][x]{#1^{#2}}", r"\newcommand{\p}[2][x]{#1^{#2}}"),
        (r"\newcommand { \sq } [ 1 ] {#1^2}", r"\newcommand { \sq } [ 1 ] {#1^2}"),
        (r"\DeclareMathOperator{\Tr}{Tr}", r"\DeclareMathOperator{\Tr}{Tr}"),
        (
            r"\DeclareMathOperator*{\argmin}{arg\,min} x",
            r"\DeclareMathOperator*{\argmin}{arg\,min}",
        ),
        (r"\def\x{\mathbf x} y", r"\def\x{\mathbf x}"),
        (r"\def \y {y}", r"\def \y {y}"),
        (r"\def\pair#1#2{(#1, #2)}", r"\def\pair#1#2{(#1, #2)}"),
        (r"\def\@lbl#1.{#1}", r"\def\@lbl#1.{#1}"),
        (r"\newcommand{\br}{\{ x \}} z", r"\newcommand{\br}{\{ x \}}"),  # escaped braces
        (  # spaces, a newline and a comment between the pieces
            "\\newcommand{\\norm}[1]%\n  {\\left\\|#1%}\n\\right\\|} after",
            "\\newcommand{\\norm}[1]%\n  {\\left\\|#1%}\n\\right\\|}",
        ),
        (r"\newcommand{\in}{\input{x}}", r"\newcommand{\in}{\input{x}}"),  # not followed
    ],
)
def test_a_definition_ends_after_its_body(source: str, definition: str) -> None:
    assert definitions.end(source, 0) == len(definition)
    assert source.startswith(definition)


@pytest.mark.parametrize(
    "source",
    [
        r"\newcommand to define a macro",  # prose about the command
        r"\newcommand{\x}",  # no body
        r"\newcommand{\x}{never closed",
        "\\newcommand{\\x}\n\n{x}",  # a blank line is a new paragraph
        r"\newcommandx{\x}{x}",  # another command
        r"\definecolor{red}{rgb}{1,0,0}",
        r"\def x{y}",  # not a macro name
        r"\def\x",
        r"\DeclareMathOperator{\Tr}",
        r"\input{macros}",
        r"\newcommand{\x}[1",
        r"\newcommand{x}{y}",
    ],
)
def test_what_is_not_a_complete_definition(source: str) -> None:
    assert definitions.end(source, 0) is None


def test_a_definition_is_read_from_its_offset_and_before_stop() -> None:
    source = r"text \def\x{x} more"
    assert definitions.end(source, 5) == source.index(" more")
    assert definitions.end(source, 0) is None
    assert definitions.end(source, 5, stop=12) is None


def test_the_commands() -> None:
    assert definitions.COMMANDS == {
        "newcommand",
        "renewcommand",
        "providecommand",
        "DeclareMathOperator",
        "def",
    }
