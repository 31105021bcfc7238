"""Document -> parsed blocks -> declarations -> claims -> shapes: everything before the oracles."""

from __future__ import annotations

import dataclasses

from derive import claims, documents, errors, latex, shapes, tree


@dataclasses.dataclass(frozen=True)
class Analysis:
    """A document read and understood, ready for the oracles."""

    document: documents.Document
    claims: tuple[claims.Claim, ...]
    assumptions: claims.Assumptions
    table: shapes.ShapeTable
    mismatches: dict[int, shapes.Mismatch]  # by index into ``claims``
    unsupported: dict[int, str]  # claims whose shapes could not be inferred, with the reason
    functions: dict


def locate(document: documents.Document, block: documents.Block, offset: int) -> errors.Location:
    """The file location of ``offset`` inside ``block``."""
    offset = max(0, min(offset, len(block.text)))
    line, column = block.position(offset)
    lines = document.source.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    return errors.Location(document.path, line, column, source_line)


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

    assumptions = claims.Assumptions()
    remaining: list[tuple[documents.Block, list[tree.Chain] | errors.UnsupportedNotation]] = []
    for block, formula in parsed:
        if isinstance(formula, errors.UnsupportedNotation):
            remaining.append((block, formula))
            continue
        try:
            rest = assumptions.read(formula, block.text)
        except errors.InputError as problem:
            raise problem.at(locate(document, block, problem.offset)) from None
        if not block.display:
            rest = [chain for chain in rest if chain.relations]
        remaining.append((block, rest))

    formulas = [formula for _, formula in parsed if isinstance(formula, tree.Formula)]
    classifier = claims.Classifier(assumptions, claims.symbols_in(formulas))
    found: list[claims.Claim] = []
    for block, rest in remaining:
        if isinstance(rest, errors.UnsupportedNotation):
            span = tree.Span(rest.offset, len(block.text.rstrip()))
            found.append(classifier.unchecked(block, span, str(rest)))
        else:
            found.extend(classifier.block(block, rest))

    table, mismatches, unsupported = _infer_shapes(document, found, assumptions, classifier)
    return Analysis(document, tuple(found), assumptions, table, mismatches, unsupported, dict(classifier.functions))


def _infer_shapes(
    document: documents.Document,
    found: list[claims.Claim],
    assumptions: claims.Assumptions,
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
    inference = shapes.Inference(assumptions.shapes, scalars=dimension_names | indices)
    expressions = [side for claim in found for side in (claim.lhs, claim.rhs) if side is not None]
    inference.find_vectors(expressions)
    mismatches: dict[int, shapes.Mismatch] = {}
    unsupported: dict[int, str] = {}
    for position, claim in enumerate(found):
        if claim.lhs is None or claim.rhs is None:
            continue
        try:
            if claim.kind == claims.DEFINITION:
                inference.shape(claim.rhs)
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
