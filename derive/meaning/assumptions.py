"""What a document declares: shapes, symmetric / invertible / positive definite symbols, hypotheses."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

import sympy

from derive import errors, tree
from derive.meaning import shapes
from derive.reading import latex, notation

ORDER_RELATIONS = frozenset({"succeq", "succ"})

_PROPERTY = (
    r"((?:symmetric\s+)?positive\s+semi-?definite|(?:symmetric\s+)?positive\s+definite|symmetric|invertible|non-?singular)"
)
_AFTER = re.compile(r"^[\s,]*(?:(?:is|are|both|and|be|all)\s+)*(?:(?:an?|the)\s+)?" + _PROPERTY, re.IGNORECASE)
_BEFORE = re.compile(_PROPERTY + r"(?:\s+(?:matrix|matrices|square\s+matrix))?\s*$", re.IGNORECASE)
_WORDS = re.compile(r"^\s*([A-Za-z\\{}]+(?:\s*,\s*[A-Za-z\\{}]+)*)\s+(?:(?:is|are)\s+)?" + _PROPERTY + r"\s*$", re.IGNORECASE)


Signature = tuple[shapes.Shape, shapes.Shape]  # a function's domain and codomain


@dataclasses.dataclass
class Assumptions:
    """Everything the document states about its symbols, gathered before any claim is read."""

    shapes: dict[str, shapes.Shape] = dataclasses.field(default_factory=dict)
    declared_at: dict[str, str] = dataclasses.field(default_factory=dict)  # name -> "file:line:col"
    symmetric: set[str] = dataclasses.field(default_factory=set)
    positive_definite: set[str] = dataclasses.field(default_factory=set)
    semidefinite: set[str] = dataclasses.field(default_factory=set)  # A ⪰ 0: drawn positive definite
    invertible: set[str] = dataclasses.field(default_factory=set)
    statements: list[str] = dataclasses.field(default_factory=list)
    signatures: dict[str, Signature] = dataclasses.field(default_factory=dict)
    """``J: \\mathbb{R}^n \\to \\mathbb{R}``: the functions declared by a signature, with their domain and codomain."""
    stated_on: dict[tuple[str, str], int] = dataclasses.field(default_factory=dict)
    """(property, name) -> the line where a formula or sentence of the document first states it
    (``symmetric``, ``invertible``, ``positive_definite``, ``semidefinite``); a property from a
    ``derive:`` comment or a notebook holds everywhere and is not listed."""
    line: int | None = dataclasses.field(default=None, compare=False)
    """The line being read, while formulas and sentences are read (see :attr:`stated_on`)."""
    layout: str = "denominator"
    """``<!-- derive: layout numerator -->``: the derivative of a scalar by a column vector is then a row."""
    layout_declared: bool = False
    """Whether the document says its layout; if not, ∂f/∂x written as a row holds in numerator layout."""
    totals: dict[str, sympy.Rational] = dataclasses.field(default_factory=dict)
    r"""``\mathbf 1^T y = 1``: vectors whose entries sum to a number (one-hot labels, probabilities)."""
    signs: set[str] = dataclasses.field(default_factory=set)
    r"""``y_i \in \{-1, 1\}``: vectors whose entries are -1 or 1 (labels of a margin loss)."""
    einstein: bool = False
    """``<!-- derive: einstein -->``: an index written twice in a product is summed over, in the whole document."""

    def read(self, formula: tree.Formula, text: str, where: str = "") -> list[tree.Chain]:
        """Take the declarations and assumptions out of ``formula``; return the other chains.

        ``where`` says where the formula is (``file:line:col``), for messages.

        Raises:
            errors.ShapeError: a declaration whose dimensions make no sense.
        """
        rest: list[tree.Chain] = []
        pending: list[tree.Symbol] = []  # "A, B \in R^{m×n}": names before the \in
        for chain in formula.chains:
            operands = chain.operands
            if not chain.relations and len(operands) == 1 and isinstance(operands[0], tree.Symbol):
                pending.append(operands[0])
                continue
            if chain.relations == ("in",) and isinstance(operands[1], tree.Space):
                names = [*pending, operands[0]]
                if all(isinstance(name, tree.Symbol) for name in names):
                    shape = shapes.space_shape(operands[1])
                    for name in names:
                        self.shapes[name.name] = shape  # type: ignore[union-attr]
                        self.declared_at.setdefault(name.name, where)  # type: ignore[union-attr]
                        if operands[1].structure:  # \mathbb{S}^n_{++}: symmetric, positive definite
                            self._property(name.name, operands[1].structure)  # type: ignore[union-attr]
                    pending = []
                    continue
            if is_signature(chain):
                assert isinstance(operands[0], tree.Symbol)
                domain, codomain = (shapes.space_shape(space) for space in operands[1:] if isinstance(space, tree.Space))
                self.signatures[operands[0].name] = (domain, codomain)
                self.declared_at.setdefault(operands[0].name, where)
                pending = []
                continue
            listed, pending = pending, []
            if self._assumption(chain, text):
                for name in listed:  # "a, c > 0": the names before share the assumption
                    self._assumption(tree.Chain((name, *chain.operands[1:]), chain.relations, chain.span), text)
                continue
            rest.append(chain)
        return rest

    def declared_names(self, formula: tree.Formula) -> list[str]:
        """The symbols a formula declares or names bare (``$W$``, ``$A, B \\in …$``)."""
        found = []
        for chain in formula.chains:
            for operand in chain.operands:
                if isinstance(operand, tree.Symbol):
                    found.append(operand.name)
                    break
        return found

    def read_words(self, names: list[str], before: str, after: str) -> None:
        """"$W$ symmetric", "a positive definite $\\Sigma$": properties written in prose."""
        for text, pattern in ((after, _AFTER), (before, _BEFORE)):
            match = pattern.search(text)
            if match:
                for name in names:
                    self._property(name, match.group(1))

    def read_comment(self, text: str) -> None:
        """A ``derive:`` comment: declarations in LaTeX, or words, separated by ``;`` or new lines.

        Raises:
            errors.InputError: a piece that is neither a declaration nor a property.
        """
        for piece in re.split(r"[;\n]", _after_key(text)):
            piece = piece.strip().rstrip(".")
            if not piece or piece.lower() in MARKERS:
                continue
            if piece.lower() == "einstein":
                self.einstein = True
                continue
            layout = _LAYOUT.fullmatch(piece)
            if layout:
                self.layout = layout.group(1).lower()
                self.layout_declared = True
                continue
            words = _WORDS.match(piece)
            if words:
                for name in re.split(r"\s*,\s*", words.group(1)):
                    self._property(latex_name(name), words.group(2))
                continue
            rest = self.read(latex.parse(piece), piece)
            if rest:
                raise errors.LatexSyntaxError(
                    f"a derive: comment holds declarations (A \\in \\mathbb{{R}}^{{k \\times n}}) or properties "
                    f"(W symmetric), not {piece!r}"
                )

    def _add(self, kind: str, name: str) -> None:
        getattr(self, kind).add(name)
        if self.line is not None:
            self.stated_on.setdefault((kind, name), self.line)

    def without(self, later: Iterable[tuple[str, str]]) -> Assumptions:
        """These assumptions less the properties ``later`` (pairs as in :attr:`stated_on`)."""
        dropped = set(later)

        def kept(kind: str) -> set[str]:
            return {name for name in getattr(self, kind) if (kind, name) not in dropped}

        return dataclasses.replace(
            self,
            symmetric=kept("symmetric"),
            invertible=kept("invertible"),
            positive_definite=kept("positive_definite"),
            semidefinite=kept("semidefinite"),
        )

    def _property(self, name: str, word: str) -> None:
        word = " ".join(word.lower().split())
        shape = self.shapes.get(name)
        if shape is not None and shape.rows != shape.cols:
            return  # "$\\mu \\in \\mathbb{R}^d$ and $\\Sigma \\in …$ symmetric": a property of square matrices only
        if word == "symmetric":
            self._add("symmetric", name)
        elif word in ("invertible", "nonsingular", "non-singular"):
            self._add("invertible", name)
        elif "positive" in word:  # "symmetric positive definite" too
            self._add("symmetric", name)
            if word.endswith("positive definite"):
                self._add("positive_definite", name)
            else:
                self._add("semidefinite", name)
        self.statements.append(f"{name} {word}")

    def _assumption(self, chain: tree.Chain, text: str) -> bool:
        if len(chain.relations) != 1:
            return False
        lhs, rhs = chain.operands
        relation = chain.relations[0]
        statement = " ".join(text[chain.span.start : chain.span.end].split())
        if relation == "=" and isinstance(lhs, tree.Symbol) and rhs == tree.Transpose(lhs):
            self._add("symmetric", lhs.name)
        elif relation == "=" and isinstance(lhs, tree.Function) and lhs.name == "rank":
            pass
        elif relation == "neq" and rhs == tree.Number("0"):
            pass
        elif relation in ORDER_RELATIONS and rhs == tree.Number("0") and isinstance(lhs, tree.Symbol):
            # \Sigma \succ 0 states a property; 2A^TA \succeq 0 is a claim to check
            self._add("symmetric", lhs.name)
            self._add("positive_definite" if relation == "succ" else "semidefinite", lhs.name)
        elif relation == "=" and isinstance(rhs, tree.Number) and lhs is not None and (summed := summed_vector(lhs)):
            self.totals[summed] = sympy.Rational(rhs.text)  # 𝟏ᵀy = 1: y is drawn so, and 𝟏ᵀy is 1 in proofs
        elif relation in (">", "geq") and rhs == tree.Number("0") and isinstance(lhs, tree.Symbol):
            self._add("positive_definite", lhs.name)  # \lambda > 0: a scalar drawn positive
        else:
            return False
        self.statements.append(statement)
        return True


def summed_vector(node: tree.Node) -> str | None:
    r"""The name y of ``\mathbf 1^T y`` or ``y^T \mathbf 1`` (the sum of y's entries), else None."""
    if not (isinstance(node, tree.Mul) and len(node.factors) == 2):
        return None
    first, second = node.factors
    ones = tree.Transpose(tree.Symbol(tree.ONES))
    if first == ones and isinstance(second, tree.Symbol) and second.name != tree.ONES:
        return second.name
    if second == tree.Symbol(tree.ONES) and isinstance(first, tree.Transpose) and isinstance(first.operand, tree.Symbol):
        return first.operand.name
    return None


def is_signature(chain: tree.Chain) -> bool:
    """``f: \\mathbb{R}^n \\to \\mathbb{R}`` (or with ``\\colon``, ``\\rightarrow``): a function's signature."""
    return (
        chain.relations == ("colon", "to")
        and isinstance(chain.operands[0], tree.Symbol)
        and all(isinstance(space, tree.Space) for space in chain.operands[1:])
    )


_LAYOUT = re.compile(r"layout\s+(numerator|denominator)", re.IGNORECASE)
MARKERS = frozenset({"equation", "identity", "skip"})  # words a comment may give a block instead


def _after_key(text: str) -> str:
    """The value of the ``derive:`` key: in an HTML comment all of it, in front matter up to the next key."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = re.match(r"\s*derive\s*:(.*)$", line)
        if match:
            value = [match.group(1)]
            for rest in lines[index + 1 :]:
                if re.match(r"[A-Za-z_][\w-]*\s*:", rest):
                    break
                value.append(rest.strip().lstrip("-").strip())
            return "\n".join(value)
    return ""


def latex_name(text: str) -> str:
    """``\\Sigma`` → ``Sigma``, ``\\mathbf{x}`` → ``x``, ``theta`` → ``theta``: a name written in a comment or
    on the command line, as the parser names it (a Greek letter may be spelled without its backslash)."""
    if text.strip() in notation.GREEK:
        return text.strip()
    formula = latex.parse(text)
    operand = formula.chains[0].operands[0] if formula.chains else None
    if not isinstance(operand, tree.Symbol):
        raise errors.LatexSyntaxError(f"expected a symbol's name, found {text!r}")
    return operand.name
