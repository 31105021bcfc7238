"""LaTeX math -> our expression tree: the parse API over a lark LALR grammar shipped as package data."""

from __future__ import annotations

import dataclasses
import functools
import importlib.resources
import re

import lark

from derive import errors, tree
from derive.reading import lexer, notation, presentation, rows, transformer
from derive.reading import macros as macro_table

MAX_FORMULA_LENGTH = 20_000
MAX_NESTING = 60
MAX_DEPTH = 150  # sub-expressions inside sub-expressions: x^T^T…, x/x/…, a^{-1}^{-1}… (later stages recurse)


def parse(text: str, *, macros: macro_table.Macros | None = None) -> tree.Formula:
    """Parse one math block into a :class:`tree.Formula`.

    ``macros`` are the macros in force (those the document defined before this block); the
    definitions written in ``text`` itself are taken out of it and define macros too, so a
    block that only defines macros parses to an empty formula. Positions in the result (and
    in errors) are offsets into ``text``, also for what came from a macro's expansion.

    Raises:
        errors.LatexSyntaxError: the text is not well-formed LaTeX math, or its macros expand
            without end.
        errors.UnsupportedNotation: a construct derive does not understand yet.
    """
    if len(text) > MAX_FORMULA_LENGTH:
        raise errors.LatexSyntaxError(
            f"formula too long ({len(text)} characters; at most {MAX_FORMULA_LENGTH}): split it into steps"
        )
    text, defined = macro_table.Macros.take_definitions(text)
    expansion = (defined if macros is None else macros.merged(defined)).expand(text)
    with lexer.positions_from(expansion.span if expansion.expanded else None):
        return _parse(expansion)


def _parse(expansion: macro_table.Expansion) -> tree.Formula:
    """Parse an expanded formula; offsets into its text are mapped back to the source."""
    try:
        cleaned = _strip_trailing_punctuation(rows.joined(presentation.plain(lexer.blank_prose(expansion.text))))
        _check_nesting(cleaned)
    except errors.LatexSyntaxError as problem:
        problem.offset = expansion.offset(problem.offset)
        raise
    try:
        result = _parser().parse(cleaned)
    except lark.exceptions.UnexpectedInput as problem:
        raise _syntax_error(problem, cleaned, expansion) from None
    except lark.exceptions.VisitError as problem:
        if isinstance(problem.orig_exc, errors.DeriveError):
            raise problem.orig_exc from None
        raise
    assert isinstance(result, tree.Formula)
    _check_depth(result)
    return result


def _check_depth(formula: tree.Formula) -> None:
    """Refuse a tree deeper than :data:`MAX_DEPTH` (500 chained ``^T`` nest without a bracket),
    measured without recursion, located at the node where the limit is passed."""
    stack: list[tuple[object, int]] = [(chain, 1) for chain in formula.chains]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise errors.LatexSyntaxError(
                f"expression nested more than {MAX_DEPTH} deep (operators applied to operators): split it into steps",
                offset=node.span.start if hasattr(node, "span") else 0,
            )
        children = tree.children(node)  # type: ignore[arg-type]  # a Chain or a Node: both are dataclasses
        stack.extend((child, depth + 1) for child in children if dataclasses.is_dataclass(child))


def _check_nesting(text: str) -> None:
    # lark's LALR parser is iterative, but our transformer and later stages recurse:
    # refuse absurd nesting up front with a clear message instead of a RecursionError.
    depth = 0
    for offset, char in enumerate(text):
        if char in "({[":
            depth += 1
            if depth > MAX_NESTING:
                raise errors.LatexSyntaxError(
                    f"brackets nested more than {MAX_NESTING} deep", offset=offset
                )
        elif char in ")}]":
            depth -= 1


def _strip_trailing_punctuation(text: str) -> str:
    # "x = 1." and "a = b," end sentences; blank them out so offsets stay valid.
    match = re.search(r"[\s.,;]*$", text)
    assert match is not None
    tail = match.group(0)
    return text[: match.start()] + " " * len(tail)


def _syntax_error(
    problem: lark.exceptions.UnexpectedInput, text: str, expansion: macro_table.Expansion
) -> errors.LatexSyntaxError:
    """The error for input the grammar refuses; a token's position is already in the source, others are mapped."""
    unclosed = _unclosed_brace(text)
    if unclosed is not None:
        return errors.LatexSyntaxError(
            "unbalanced braces: this `{` is never closed; add the matching `}`", offset=expansion.offset(unclosed)
        )
    token = getattr(problem, "token", None)
    offset = getattr(problem, "pos_in_stream", None) or 0
    if token is not None and token.type != "$END" and token.start_pos is not None:
        offset, found = token.start_pos, f"`{token}`"
    elif isinstance(problem, lark.exceptions.UnexpectedCharacters):
        found = f"`{text[offset]}`"
        offset = expansion.offset(offset)
    else:
        offset, found = expansion.span(0, len(text.rstrip()))[1] if text.strip() else 0, ""
    names = set(getattr(problem, "expected", ()) or ()) | set(getattr(problem, "allowed", ()) or ())
    expected = sorted({notation.TOKEN_DESCRIPTIONS.get(name, name.lower()) for name in names})
    message = f"unexpected {found}" if found else "the formula ends too early"
    if expected:
        message += "; expected " + ", ".join(expected[:6]) + (", …" if len(expected) > 6 else "")
    return errors.LatexSyntaxError(message, offset=offset)


def _unclosed_brace(text: str) -> int | None:
    stack: list[int] = []
    for offset, char in enumerate(text):
        if char == "\\":
            continue
        if char == "{" and (offset == 0 or text[offset - 1] != "\\"):
            stack.append(offset)
        elif char == "}" and (offset == 0 or text[offset - 1] != "\\") and stack:
            stack.pop()
    return stack[0] if stack else None


@functools.cache
def _parser() -> lark.Lark:
    grammar = importlib.resources.files("derive.reading.grammar").joinpath("latex.lark").read_text("utf-8")
    return lark.Lark(
        grammar,
        parser="lalr",
        lexer="basic",
        postlex=lexer.PostLexer(),
        transformer=transformer.ToTree(),
        propagate_positions=True,
        maybe_placeholders=False,
    )
