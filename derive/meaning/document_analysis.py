"""Document -> parsed blocks -> declarations -> claims -> shapes: everything before the oracles.

One display that cannot be read never sinks its document: a well-formed one that derive does not
understand becomes an unchecked claim (row by row, so its other rows are still read), and one
whose braces or environments do not balance, a product that cannot be formed, or a ``derive:``
comment that cannot be read is kept as a located problem beside the claims.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import re
from collections.abc import Mapping

from derive import errors, tree
from derive.meaning import assumptions as assumed, builtins, claims, shape_inference, shapes
from derive.reading import balance, documents, latex, macros, names, render, resolve, rows


NOT_READ = "derive does not read this yet: "  # how an unchecked claim that did not parse begins its reason


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
    problems: tuple[errors.InputError, ...] = ()  # located input errors, in source order
    ill_formed: dict[int, str] = dataclasses.field(default_factory=dict)  # by index: claims that fail by their shapes alone


@dataclasses.dataclass(frozen=True)
class _Unread:
    """A row of a display that derive cannot read: shown as an unchecked claim."""

    span: tree.Span
    reason: str


def locate(document: documents.Document, block: documents.Block, offset: int) -> errors.Location:
    """The file location of ``offset`` inside ``block``."""
    offset = max(0, min(offset, len(block.text)))
    line, column = block.position(offset)
    return errors.Location(document.path, line, column, document.source_line(line, block.cell), block.cell)


_NAME = r"\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?\s*"  # a bare name: W, \Sigma, x_1
_ITEM = _NAME + r"(?:\\in\b[^$]*)?"  # a bare name, or a declaration: $B \in \mathbb{R}^{n \times n}$
_BARE = re.compile(_ITEM)
_LISTED_AFTER = re.compile(r"\s*(?:,\s*and|,|and)\s*\$" + _ITEM + r"\$")
_LISTED_BEFORE = re.compile(r"\$" + _ITEM + r"\$\s*(?:,\s*and|,|and)\s*$")


_CONDITION_WORD = re.compile(
    r"\b(when|whenever|where|if|iff|at|such that|provided(?: that)?|given|assuming|unless|for all|for|with)\s*$",
    re.IGNORECASE,
)


def _is_declaration(chain: tree.Chain) -> bool:
    """``A \\in \\mathbb{R}^{n \\times n}`` or ``J: \\mathbb{R}^n \\to \\mathbb{R}``: what a display declares, not assumes."""
    return (chain.relations == ("in",) and isinstance(chain.operands[1], tree.Space)) or assumed.is_signature(chain)


# "y_i \in \{-1, 1\}", "y \in \{\pm 1\}^N": entries that are signs (read here: the parser has no sets)
_SIGNS = re.compile(
    r"\s*(?P<name>\\[A-Za-z]+\s*\{\s*[A-Za-z]\s*\}|[A-Za-z])\s*(?:_\s*\{?\s*[A-Za-z]\s*\}?)?\s*\\in\s*"
    r"\\\{\s*(?:(?P<first>[-+]?)\s*1\s*,\s*(?P<second>[-+]?)\s*1|\\pm\s*1)\s*\\\}"
    r"(?:\s*\^\s*\{?\s*(?P<size>[A-Za-z0-9]+)\s*\}?)?\s*[.,;]?\s*"
)
_DECLARING = re.compile(r"\\in\s*\\mathbb\s*\{?\s*[RSC]")  # "x \in \mathbb{R}…": an inline declaration


@functools.lru_cache(maxsize=4)
def _line_starts(source: str) -> tuple[int, ...]:
    """Where each line of ``source`` starts (once per document, not once per formula)."""
    starts = [0]
    for row in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(row))
    return tuple(starts)


def _surroundings(document: documents.Document, block: documents.Block) -> tuple[str, str]:
    """The prose just before and just after an inline formula, within its sentence."""
    if getattr(block, "cell", None) is not None:
        return "", ""  # a notebook cell: its positions are not offsets into the file
    line, column = block.position(0)
    starts = _line_starts(document.source)
    if line - 1 >= len(starts):
        return "", ""
    start = starts[line - 1] + column - 1
    end = start + len(block.text)
    before = document.source[max(0, start - 200) : max(0, start - 1)]
    after = document.source[end + 1 : end + 200]
    # "$C$, $D$ and $E$ invertible", "$A \\in …$ and $B \\in …$ symmetric": the words belong to every item
    while _BARE.fullmatch(block.text) and (listed := _LISTED_AFTER.match(after)) is not None:
        after = after[listed.end() :]
    while _BARE.fullmatch(block.text) and (listed := _LISTED_BEFORE.search(before)) is not None:
        before = before[: listed.start()]
    before = re.split(r"[$.;:!?]", before)[-1]
    after = re.split(r"[$.;:!?\n]", after)[0]
    return before, after


def _signs_statement(text: str) -> tuple[str, str | None] | None:
    r"""(y, N) for ``y \in \{-1, 1\}^N`` (N None when not given), the name as the parser reads it."""
    found = _SIGNS.fullmatch(text)
    if found is None:
        return None
    if found["first"] is not None and {found["first"], found["second"]} not in ({"-", ""}, {"-", "+"}):
        return None  # \{1, 1\} or \{-1, -1\}: not the two signs
    try:
        symbol = latex.parse(found["name"]).chains[0].operands[0]
    except (errors.UnsupportedNotation, errors.InputError):
        return None
    return (symbol.name, found["size"]) if isinstance(symbol, tree.Symbol) else None


def analyse(document: documents.Document) -> Analysis:
    """Parse, classify and shape-check every math block of ``document``.

    Input errors do not stop the analysis: each is located and kept in ``Analysis.problems``,
    and every other claim is still read.
    """
    problems: list[errors.InputError] = [
        errors.LatexSyntaxError(unclosed.message).at(
            errors.Location(
                document.path, unclosed.line, unclosed.column, document.source_line(unclosed.line, unclosed.cell), unclosed.cell
            )
        )
        for unclosed in document.unclosed
    ]
    in_force = _prose_macros(document, problems)
    parsed: list[tuple[documents.Block, tree.Formula | _Unread]] = []
    signs: list[tuple[str, str | None]] = []
    for block in document.blocks:
        try:
            _, defined = macros.Macros.take_definitions(block.text)
        except errors.LatexSyntaxError:
            defined = macros.Macros()  # reported with the block's other problems below
        if (stated_signs := _signs_statement(block.text)) is not None:
            signs.append(stated_signs)
            continue
        try:
            parsed.append((block, latex.parse(block.text, macros=in_force)))
        except (errors.UnsupportedNotation, errors.InputError) as problem:
            if not block.display and _DECLARING.search(block.text) and isinstance(problem, errors.InputError):
                # "Let $A \in \mathbb{R}^{-3\times 2.5}$": a declaration that cannot be read is not prose
                problems.append(problem.at(locate(document, block, problem.offset)))
                continue
            if not block.display:
                continue  # inline math that does not parse is prose, not a claim
            broken = balance.imbalance(block.text)
            if broken is not None:
                problems.append(errors.LatexSyntaxError(broken.message).at(locate(document, block, broken.offset)))
                continue
            parsed.extend((block, item) for item in _rows(document, block, in_force.merged(defined)))
        in_force = in_force.merged(defined)  # a macro defined in math is in force from its block on

    assumptions = assumed.Assumptions()
    for name, size in signs:
        assumptions.signs.add(name)
        if size is not None and name not in assumptions.shapes:  # y \in \{-1, 1\}^N: a vector of N signs
            assumptions.read(latex.parse(f"{render.name(name)} \\in \\mathbb{{R}}^{{{size}}}"), "")
    for line, comment in document.comments:
        try:
            assumptions.read_comment(comment)
        except (errors.InputError, errors.UnsupportedNotation) as problem:
            message = problem.message if isinstance(problem, errors.InputError) else str(problem)
            location = errors.Location(document.path, line, 1, document.source_line(line))
            problems.append(errors.InputError(f"in a derive: comment, {message}").at(location))
    remaining: list[tuple[documents.Block, list[tree.Chain] | _Unread]] = []
    conditions: dict[int, str] = {}  # inline blocks after "when", "if", "at", …: the word, by block
    stated: dict[int, list[tree.Chain]] = {}  # display chains taken as assumptions, by block
    for block, formula in parsed:
        if isinstance(formula, _Unread):
            remaining.append((block, formula))
            continue
        where = str(locate(document, block, 0))
        # what a formula or sentence states holds from its line on (a notebook's cells: everywhere)
        assumptions.line = None if block.cell is not None else block.position(0)[0]
        try:
            chains = assumptions.read(formula, block.text, where)
        except errors.InputError as problem:
            problems.append(problem.at(locate(document, block, problem.offset)))
            continue
        if block.display and (word := _CONDITION_WORD.search(block.lead_in)) is not None:
            if word.group(1).lower() in claims.PURE_CONDITIONS:  # "When $$t = 3$$ the values are …"
                conditions[id(block)] = word.group(1).lower()
        if block.display:
            stated.setdefault(id(block), []).extend(
                chain for chain in formula.chains
                if chain.relations and chain not in chains and not _is_declaration(chain)
            )
        if not block.display:
            names = assumptions.declared_names(formula)
            before, after = _surroundings(document, block)
            if names:
                assumptions.read_words(names, before, after)
            # a bare number stays after a relation: the 3 of "$t = 1, 3$", a list of roots
            chains = [chain for position, chain in enumerate(chains) if chain.relations or (position and _is_number(chain))]
            if (word := _CONDITION_WORD.search(before)) is not None:
                conditions[id(block)] = word.group(1).lower()
        remaining.append((block, chains))
    assumptions.line = None

    formulas = [formula for _, formula in parsed if isinstance(formula, tree.Formula)]
    symbols = claims.symbols_in(formulas)
    # a first pass gathers the definitions, so that a name defined further on binds its earlier uses
    known = builtins.used(formulas)  # σ, softmax, … where the document does not define them
    gathering = claims.Classifier(copy.deepcopy(assumptions), symbols, ahead=known, collecting=True)
    _classify(document, remaining, dict(stated), conditions, gathering, [])
    classifier = claims.Classifier(assumptions, symbols, ahead={**known, **gathering.functions})
    found = _classify(document, remaining, stated, conditions, classifier, problems)

    functions = {**known, **classifier.functions}
    table, mismatches, unsupported, impossible, degenerate = _infer_shapes(document, found, assumptions, functions)
    if impossible:  # claims whose shapes cannot be formed are reported as problems, not claims
        problems.extend(impossible.values())
        kept = [position for position in range(len(found)) if position not in impossible]
        renumber = {old: new for new, old in enumerate(kept)}
        found = [found[position] for position in kept]
        mismatches = {renumber[p]: m for p, m in mismatches.items() if p in renumber}
        unsupported = {renumber[p]: u for p, u in unsupported.items() if p in renumber}
        degenerate = {renumber[p]: d for p, d in degenerate.items() if p in renumber}
    problems.sort(key=lambda problem: _order(problem.location))
    return Analysis(
        document, tuple(found), assumptions, table, mismatches, unsupported, dict(classifier.functions), tuple(problems),
        degenerate,
    )


def _classify(
    document: documents.Document,
    remaining: list[tuple[documents.Block, list[tree.Chain] | _Unread]],
    stated: dict[int, list[tree.Chain]],
    conditions: dict[int, str],
    classifier: claims.Classifier,
    problems: list[errors.InputError],
) -> list[claims.Claim]:
    found: list[claims.Claim] = []
    for block, rest in remaining:
        if isinstance(rest, _Unread):
            found.append(classifier.unchecked(block, rest.span, rest.reason, unread=True))
        else:
            found.extend(classifier.assumption(block, chain) for chain in stated.pop(id(block), ()))
            try:
                found.extend(classifier.block(block, rest, condition=conditions.get(id(block))))
            except errors.InputError as problem:  # a name used against its definition: this block only
                problems.append(problem.at(locate(document, block, problem.offset)))
    return found


def _prose_macros(document: documents.Document, problems: list[errors.InputError]) -> macros.Macros:
    """The macros defined outside math (a .tex preamble, Markdown prose), in force for every block.

    They are read in source order, so a later ``\\renewcommand`` wins; one that cannot be read
    is a located problem and the others still count.
    """
    table = macros.Macros()
    for line, column, text in document.definitions:
        try:
            table = table.merged(macros.Macros.from_texts([text]))
        except errors.LatexSyntaxError as problem:
            before = text[: problem.offset or 0]
            if "\n" in before:
                line, column = line + before.count("\n"), len(before) - before.rfind("\n")
            else:
                column += len(before)
            location = errors.Location(document.path, line, column, document.source_line(line))
            problems.append(errors.LatexSyntaxError(f"in a macro definition, {problem.message}").at(location))
    return table


def _rows(document: documents.Document, block: documents.Block, in_force: macros.Macros) -> list[tree.Formula | _Unread]:
    """A display that does not parse whole, read row by row: each row that parses is kept."""
    found: list[tree.Formula | _Unread] = []
    for span in rows.split(block.text):
        try:
            found.append(latex.parse(rows.only(block.text, span), macros=in_force))
        except errors.UnsupportedNotation as problem:
            found.append(_Unread(rows.trimmed(block.text, span), str(problem)))
        except errors.InputError as problem:
            where = locate(document, block, problem.offset)
            found.append(_Unread(rows.trimmed(block.text, span), f"{NOT_READ}{problem.message} (at {where.line}:{where.column})"))
    return found


def _order(location: errors.Location | None) -> tuple[int, int, int]:
    if location is None:
        return (0, 0, 0)
    return (location.cell or 0, location.line, location.column)


def _infer_shapes(
    document: documents.Document,
    found: list[claims.Claim],
    assumptions: assumed.Assumptions,
    functions: Mapping[str, resolve.FunctionDefinition],
) -> tuple[
    shapes.ShapeTable, dict[int, shapes.Mismatch], dict[int, str], dict[int, errors.InputError], dict[int, str]
]:
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
        assumptions.shapes,
        scalars=dimension_names | indices,
        origins=assumptions.declared_at,
        functions={name: (d.parameters, d.body) for name, d in functions.items()},
    )
    checked = [claim for claim in found if claim.kind != claims.ASSUMPTION]  # assumptions only typeset
    expressions = [side for claim in checked for side in (claim.lhs, claim.rhs) if side is not None]
    inference.find_vectors(expressions)
    mismatches: dict[int, shapes.Mismatch] = {}
    unsupported: dict[int, str] = {}
    impossible: dict[int, errors.InputError] = {}
    degenerate: dict[int, str] = {}
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
        except errors.OnlyWhenScalar as problem:
            declare = "; ".join(f"declare ${names.latex(name)} \\in \\mathbb{{R}}$ if it is one" for name in problem.symbols)
            degenerate[position] = f"{problem.message} ({declare})"
            continue
        except errors.ShapeError as problem:
            impossible[position] = problem.at(locate(document, claim.block, problem.offset))
            continue
        except errors.UnsupportedNotation as problem:
            unsupported[position] = str(problem)
            continue
        if mismatch is not None:
            mismatches[position] = mismatch
    table = inference.finish()
    for position, claim in enumerate(found):
        if position not in impossible and position not in degenerate and (message := _range_mismatch(claim, table)):
            degenerate[position] = message
    mismatches = {p: shapes.Mismatch(inference.named(m.lhs), inference.named(m.rhs)) for p, m in mismatches.items()}
    degenerate = {p: inference.named_text(message) for p, message in degenerate.items()}
    return table, mismatches, unsupported, impossible, degenerate


def _upper_name(node: tree.Sum, table: shapes.ShapeTable) -> str | None:
    """The named dimension a sum runs up to: ``n`` of ``\\sum_{i=1}^{n}``, or of what ``\\sum_i`` indexes."""
    if isinstance(node.upper, tree.Symbol):
        return node.upper.name
    if isinstance(node.upper, tree.Extent) and node.upper.of is not None:
        owner = table.symbols.get(node.upper.of.name)
        length = None if owner is None else owner.cols if node.upper.columns else owner.rows
        return length if isinstance(length, str) else None
    return None


def _is_number(chain: tree.Chain) -> bool:
    (operand,) = chain.operands if len(chain.operands) == 1 else (None,)
    return operand is not None and not any(isinstance(node, tree.Symbol) for node in tree.walk(operand))


def _range_mismatch(claim: claims.Claim, table: shapes.ShapeTable) -> str | None:
    """``\\sum_{i=1}^{n} (a_i^Tx - b_i)^2`` where a_i are the k rows of A: the range is not the
    length of what i indexes, so the claim can hold only if k = n."""
    for side in (claim.lhs, claim.rhs):
        for node in tree.walk(side) if side is not None else ():
            upper = _upper_name(node, table) if isinstance(node, tree.Sum) and node.lower == tree.Number("1") else None
            if upper is None:
                continue
            for item in tree.walk(node.body):
                if not isinstance(item, tree.Indexed):
                    continue
                by_column = item.column is not None and item.column.name == node.index.name
                if item.index.name != node.index.name and not by_column:
                    continue
                owner = table.symbols.get(item.symbol.name)
                length = None if owner is None else owner.cols if by_column else owner.rows
                if isinstance(length, str) and length != upper and not length.startswith("d") and not upper.startswith("d"):
                    what = "columns" if by_column else "rows" if item.kind in ("row", "element") else "entries"
                    return (
                        f"holds only if {length} = {upper}: the sum runs over {node.index.name} = 1…{upper}, "
                        f"but {render.latex(item)} runs over the {length} {what} of {names.latex(item.symbol.name)}"
                    )
    return None
