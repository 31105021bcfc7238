"""Document -> parsed blocks -> declarations -> claims -> shapes: everything before the oracles."""

from __future__ import annotations

import dataclasses
import re

from derive import errors, tree
from derive.meaning import assumptions as assumed, claims, shape_inference, shapes
from derive.reading import documents, latex, resolve


@dataclasses.dataclass(frozen=True)
class Analysis:
    """A document read and understood, ready for the oracles."""

    document: documents.Document
    claims: tuple[claims.Claim, ...]
    assumptions: assumed.Assumptions
    table: shapes.ShapeTable
    mismatches: dict[int, shapes.Mismatch]  # by index into ``claims``
    unsupported: dict[int, str]  # claims whose shapes could not be inferred, with the reason
    functions: dict[str, resolve.FunctionDefinition]


def locate(document: documents.Document, block: documents.Block, offset: int) -> errors.Location:
    """The file location of ``offset`` inside ``block``."""
    offset = max(0, min(offset, len(block.text)))
    line, column = block.position(offset)
    return errors.Location(document.path, line, column, document.source_line(line, block.cell), block.cell)


_NAME = r"\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*"  # a bare name: W, \Sigma, x_1
_BARE = re.compile(_NAME)
_LISTED_AFTER = re.compile(r"\s*(?:,\s*and|,|and)\s*\$" + _NAME + r"\$")
_LISTED_BEFORE = re.compile(r"\$" + _NAME + r"\$\s*(?:,\s*and|,|and)\s*$")


def _is_declaration(chain: tree.Chain) -> bool:
    return chain.relations == ("in",) and isinstance(chain.operands[1], tree.Space)


def _surroundings(document: documents.Document, block: documents.Block) -> tuple[str, str]:
    """The prose just before and just after an inline formula, within its sentence."""
    if getattr(block, "cell", None) is not None:
        return "", ""  # a notebook cell: its positions are not offsets into the file
    line, column = block.position(0)
    starts = [0]
    for row in document.source.splitlines(keepends=True):
        starts.append(starts[-1] + len(row))
    if line - 1 >= len(starts):
        return "", ""
    start = starts[line - 1] + column - 1
    end = start + len(block.text)
    before = document.source[max(0, start - 200) : max(0, start - 1)]
    after = document.source[end + 1 : end + 200]
    # "$C$, $D$ and $E$ invertible": the words belong to every bare name of the list
    while _BARE.fullmatch(block.text) and (listed := _LISTED_AFTER.match(after)) is not None:
        after = after[listed.end() :]
    while _BARE.fullmatch(block.text) and (listed := _LISTED_BEFORE.search(before)) is not None:
        before = before[: listed.start()]
    before = re.split(r"[$.;:!?]", before)[-1]
    after = re.split(r"[$.;:!?\n]", after)[0]
    return before, after


def analyse(document: documents.Document) -> Analysis:
    """Parse, classify and shape-check every math block of ``document``.

    Raises:
        errors.LatexSyntaxError: a display block that is not well-formed LaTeX.
        errors.ShapeError: an expression that cannot be formed.
    """
    parsed: list[tuple[documents.Block, tree.Formula | errors.UnsupportedNotation]] = []
    for block in document.blocks:
        try:
            parsed.append((block, latex.parse(block.text)))
        except errors.UnsupportedNotation as problem:
            if block.display:
                parsed.append((block, problem))
        except errors.InputError as problem:
            if block.display:
                raise problem.at(locate(document, block, problem.offset)) from None
            # inline math that does not parse is prose, not a claim

    assumptions = assumed.Assumptions()
    for line, comment in document.comments:
        try:
            assumptions.read_comment(comment)
        except errors.InputError as problem:
            raise problem.at(errors.Location(document.path, line, 1, document.source_line(line))) from None
    remaining: list[tuple[documents.Block, list[tree.Chain] | errors.UnsupportedNotation]] = []
    stated: dict[int, list[tree.Chain]] = {}  # display chains taken as assumptions, by block
    for block, formula in parsed:
        if isinstance(formula, errors.UnsupportedNotation):
            remaining.append((block, formula))
            continue
        where = str(locate(document, block, 0))
        try:
            chains = assumptions.read(formula, block.text, where)
        except errors.InputError as problem:
            raise problem.at(locate(document, block, problem.offset)) from None
        if block.display:
            stated[id(block)] = [
                chain for chain in formula.chains
                if chain.relations and chain not in chains and not _is_declaration(chain)
            ]
        if not block.display:
            names = assumptions.declared_names(formula)
            if names:
                assumptions.read_words(names, *_surroundings(document, block))
            chains = [chain for chain in chains if chain.relations]
        remaining.append((block, chains))

    formulas = [formula for _, formula in parsed if isinstance(formula, tree.Formula)]
    classifier = claims.Classifier(assumptions, claims.symbols_in(formulas))
    found: list[claims.Claim] = []
    for block, rest in remaining:
        if isinstance(rest, errors.UnsupportedNotation):
            span = tree.Span(rest.offset, len(block.text.rstrip()))
            found.append(classifier.unchecked(block, span, str(rest)))
        else:
            found.extend(classifier.assumption(block, chain) for chain in stated.get(id(block), ()))
            found.extend(classifier.block(block, rest))

    table, mismatches, unsupported = _infer_shapes(document, found, assumptions, classifier)
    return Analysis(document, tuple(found), assumptions, table, mismatches, unsupported, dict(classifier.functions))


def _infer_shapes(
    document: documents.Document,
    found: list[claims.Claim],
    assumptions: assumed.Assumptions,
    classifier: claims.Classifier,
) -> tuple[shapes.ShapeTable, dict[int, shapes.Mismatch], dict[int, str]]:
    dimension_names = {
        dim for shape in assumptions.shapes.values() for dim in (shape.rows, shape.cols) if isinstance(dim, str)
    }
    indices = {
        node.index.name
        for claim in found
        for side in (claim.lhs, claim.rhs)
        if side is not None
        for node in tree.walk(side)
        if isinstance(node, tree.Sum)
    }
    inference = shape_inference.Inference(
        assumptions.shapes, scalars=dimension_names | indices, origins=assumptions.declared_at
    )
    checked = [claim for claim in found if claim.kind != claims.ASSUMPTION]  # assumptions only typeset
    expressions = [side for claim in checked for side in (claim.lhs, claim.rhs) if side is not None]
    inference.find_vectors(expressions)
    mismatches: dict[int, shapes.Mismatch] = {}
    unsupported: dict[int, str] = {}
    for position, claim in enumerate(found):
        if claim.lhs is None or claim.rhs is None or claim.kind == claims.ASSUMPTION:
            continue
        try:
            if claim.kind == claims.DEFINITION:
                inference.shape(claim.rhs)
                continue
            if claim.componentwise:
                inference.shape(claim.lhs)
                continue
            mismatch = inference.relate(claim.lhs, claim.rhs)
            if claim.previous is not None:
                inference.relate(claim.previous.lhs, claim.previous.rhs)
        except errors.ShapeError as problem:
            raise problem.at(locate(document, claim.block, problem.offset)) from None
        except errors.UnsupportedNotation as problem:
            unsupported[position] = str(problem)
            continue
        if mismatch is not None:
            mismatches[position] = mismatch
    return inference.finish(), mismatches, unsupported
