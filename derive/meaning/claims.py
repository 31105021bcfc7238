"""Relations -> claims: definitions, identities, derivative, equation, solution and optimality claims."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping

from derive import errors, tree
from derive.meaning import assumptions as assumed, components, definitions as defining
from derive.reading import documents, names, notation, render, resolve

DEFINITION = "definition"
IDENTITY = "identity"
DERIVATIVE = "derivative"
EQUATION = "equation"
SOLUTION = "solution"
OPTIMALITY = "optimality"
UNCHECKED = "unchecked"
ASSUMPTION = "assumption"  # a display formula that states a property (\Sigma \succ 0, rank(A) = n)

_EQUATION_WORDS = re.compile(
    r"\b(solv\w*|setting|set\s+to\s+zero|equivalent(ly)?|normal\s+equations?|stationary|"
    r"first[- ]order\s+condition|optimality\s+condition)\b",
    re.IGNORECASE,
)
_CONNECTIVES = frozenset({"iff", "implies"})
_DEFINING_WORDS = frozenset({"where", "with", "let", "given"})  # "where $r = Ax - b$" may define a name used before
_ORDER_RELATIONS = assumed.ORDER_RELATIONS
# after these words an equality is a condition even on a new name ("when $v(t) = 0$"); after
# "where", "given" or "for" it may define one ("where $r = Ax - b$")
PURE_CONDITIONS = frozenset({"when", "whenever", "if", "iff", "at", "provided", "provided that", "unless", "such that"})
_CONDITION_RELATIONS = frozenset({"<", ">", "le", "leq", "ge", "geq", "ne", "neq", "succ", "succeq", "preceq", "prec"})


@dataclasses.dataclass(frozen=True)
class Equation:
    """``lhs = rhs`` read as a condition on a variable."""

    lhs: tree.Node
    rhs: tree.Node
    variable: tree.Symbol | None = None


@dataclasses.dataclass(frozen=True)
class Claim:
    """One relation of a document and what it asserts."""

    kind: str
    relation: str
    lhs: tree.Node | None
    rhs: tree.Node | None
    block: documents.Block
    span: tree.Span
    reason: str = ""
    previous: Equation | None = None  # what an equation step or a solution refers to
    connective: str = "iff"  # an equation step: "iff" (same solutions) or "implies"
    maybe_identity: bool = False  # an equation step that may hold as an identity
    rearranged: bool = False  # read as the gradient just taken set to zero only by its position
    variable: tree.Symbol | None = None  # a derivative's or a solution's variable
    componentwise: bool = False  # a gradient written as the tuple of its partial derivatives
    root_of: str = ""  # the variable's name in LaTeX when the claim is one value of a root list ($t = 1, 3$)

    @property
    def start(self) -> int:
        """Where the step begins as written: before the sizing and spacing commands that lead it
        (``\\big[``, ``\\left(``), which the parser drops but the author wrote."""
        return _written_start(self.block.text, self.span.start)

    @property
    def text(self) -> str:
        """The step as written in the source (``t = 3`` for the 3 of ``$t = 1, 3$``)."""
        written = " ".join(self.block.text[self.start : self.span.end].split())
        return f"{self.root_of} = {written}" if self.root_of else written


class Classifier:
    """Reads a document's display chains in order and says what each relation claims."""

    def __init__(
        self,
        assumptions: assumed.Assumptions,
        symbols: Iterable[str],
        *,
        ahead: Mapping[str, resolve.FunctionDefinition] | None = None,
        collecting: bool = False,
    ) -> None:
        """``ahead``: the definitions the document gives later (see :func:`definitions_ahead`), which bind
        uses before them; ``collecting``: this pass only gathers them."""
        self.functions: dict[str, resolve.FunctionDefinition] = {}
        self._ahead = dict(ahead or {})
        self._collecting = collecting
        self._assumptions = assumptions
        self._reserved: tuple[tuple[int, int], frozenset[str]] | None = None
        self._seen: set[str] = set()
        matrices = {name for name, s in assumptions.shapes.items() if not s.is_scalar and s.cols != 1}
        matrices |= {name for name in symbols if name[:1].isupper() and len(name) == 1}
        vectors = {name for name, s in assumptions.shapes.items() if s.is_vector}
        self._matrices = frozenset(matrices)
        self._vectors = frozenset(vectors)
        self._previous: tree.Node | None = None
        self._after_unread = False  # the last display row could not be read
        self._equation: Equation | None = None
        self._variable: tree.Symbol | None = None  # the variable of the last derivative or objective
        self._derivative: tree.Node | None = None  # the right side of the last derivative claim, ∇f = G
        # ∇J(θ) = 0 for the objective in scope (the last derivative taken, or J(θ) = … defined): a
        # later θ̂ = E, θ* = E or θ = E without θ in E claims to be where it vanishes
        self._stationary: Equation | None = None
        self._condition: str | None = None  # the word that makes the current inline block's relations conditions
        self._to_solve: Equation | None = None  # the equation a condition states ("when $v(t) = 0$"), for its roots
        self._einstein = assumptions.einstein  # an index repeated in a product is summed (or from where prose says so)

    def _resolver(self) -> resolve.Resolver:
        # a name the document defines further on (f(x) = … at the end, "where $r = Ax - b$") already means that here
        ahead = {name: d for name, d in self._ahead.items() if name not in self._assumptions.shapes}
        return resolve.Resolver({**ahead, **self.functions}, self._matrices, self._vectors)

    def _index_reader(self) -> components.IndexReader:
        shapes = self._assumptions.shapes
        # the names an index may not be; recomputed only when a declaration or definition was added
        # (once per claim, it made a long document quadratic)
        key = (len(shapes), len(self.functions))
        if self._reserved is None or self._reserved[0] != key:
            dims = {dim for shape in shapes.values() for dim in (shape.rows, shape.cols) if isinstance(dim, str)}
            self._reserved = (key, frozenset(dims | {name for name in shapes if len(name) == 1} | set(self.functions)))
        return components.IndexReader(self._matrices, self._vectors, self._reserved[1], einstein=self._einstein)

    def assumption(self, block: documents.Block, chain: tree.Chain) -> Claim:
        """A display formula read as an assumption: listed, so that nothing written is lost."""
        lhs, rhs = chain.operands[0], chain.operands[1]
        return Claim(ASSUMPTION, chain.relations[0], lhs, rhs, block, chain.span, reason="an assumption: nothing to check")

    def unchecked(self, block: documents.Block, span: tree.Span, reason: str, *, unread: bool = False) -> Claim:
        """An unchecked claim; ``unread``: a row derive could not read, which no later `= …` may continue."""
        self._equation = None
        if unread:
            self._previous = None
            self._after_unread = True
        return Claim(UNCHECKED, "", None, None, block, span, reason=reason)

    def block(self, block: documents.Block, chains: Iterable[tree.Chain], *, condition: str | None = None) -> list[Claim]:
        """The claims of one math block.

        ``condition`` is the word before inline math that makes its relations conditions ("when",
        "if", "at", …): they are listed, not checked, unless they define a new name. An inline
        inequality or ``\\neq`` is a condition too.
        """
        claims: list[Claim] = []
        if "equation" in block.markers:  # <!-- derive: equation --> starts a new equation to solve
            self._equation = None
        if components.says_einstein(block.lead_in):
            self._einstein = True
        self._condition = condition
        pending = list(chains)
        roots = self._roots(block, pending)
        if roots:
            return roots
        while pending:
            chain = pending.pop(0)
            try:
                claims.extend(self._chain(block, chain))
            except errors.UnsupportedNotation as problem:
                rest = _after_first_link(chain)
                if rest is None:
                    claims.append(self.unchecked(block, chain.span, str(problem)))
                    # a row `= …` after `d f = E` continues from E, never from an earlier display
                    last = chain.operands[-1] if chain.relations and block.display else None
                    self._previous = last if not isinstance(last, tree.Space) else None
                    continue
                # v(3) = -12(3)^2 + 16(3) + 1 = -59: the links after one derive cannot read are still checked
                head, tail = chain.operands[0], chain.operands[1]
                assert head is not None and tail is not None
                claims.append(self.unchecked(block, tree.Span(head.span.start, tail.span.end), str(problem)))
                pending.insert(0, rest)
        self._condition = None
        return claims

    def _chain(self, block: documents.Block, chain: tree.Chain) -> list[Claim]:
        operands = list(chain.operands)
        relations_written = chain.relations
        continued_from: int | None = None
        after_unread, self._after_unread = self._after_unread, False
        lead: str | None = None
        if operands[0] is None and len(operands) > 2 and relations_written[0] in _CONNECTIVES:
            # "\Rightarrow a = b" on its own row: the previous relation implies this one
            operands, relations_written, lead = operands[1:], relations_written[1:], relations_written[0]
        if operands[0] is None:
            if self._previous is None:
                reason = (
                    "this step continues one that derive could not read"
                    if after_unread
                    else "this step starts with `=` but no chain comes before it"
                )
                self._after_unread = after_unread  # a chain of `= …` rows after it stays unlinked
                return [self.unchecked(block, chain.span, reason)]
            operands[0] = self._previous
            continued_from = chain.span.start
        claims: list[Claim] = []
        segment_start = 0
        connective: str | None = lead
        for index, relation in enumerate((*relations_written, None)):
            if relation is not None and relation not in _CONNECTIVES:
                continue
            segment = operands[segment_start : index + 1]
            relations = relations_written[segment_start:index]
            claims.extend(self._segment(block, segment, relations, connective, continued_from))
            continued_from = None
            connective = relation
            segment_start = index + 1
        last = operands[-1]
        if block.display:  # only display chains can be continued by a block starting with `=`
            self._previous = last if not isinstance(last, tree.Space) else None
        return claims

    def _segment(
        self,
        block: documents.Block,
        operands: list[tree.Node | None],
        relations: tuple[str, ...],
        connective: str | None,
        continued_from: int | None,
    ) -> list[Claim]:
        claims: list[Claim] = []
        resolver = self._resolver()
        for position, relation in enumerate(relations):
            lhs, rhs = operands[position], operands[position + 1]
            assert lhs is not None and rhs is not None
            start = continued_from if position == 0 and continued_from is not None else lhs.span.start
            span = tree.Span(start, rhs.span.end)
            entries = self._entries(lhs, rhs, relation)
            resolver = self._resolver()  # _entries may have learnt vectors and matrices
            if entries is not None:
                if isinstance(entries, str):  # \Sigma = (\sigma_{ij}) names the entries of Σ
                    reason = f"notation: the entries of {names.latex(entries)} are {render.latex(rhs)}"
                    claims.append(Claim(ASSUMPTION, relation, lhs, rhs, block, span, reason=reason))
                    continue
                lhs, rhs = entries  # a relation for every value of its free indices, never a definition
            elif not block.display and relation == "=" and _is_value(lhs, rhs) and lhs.name not in self.functions:  # type: ignore[union-attr]
                # "the roots are $t = 1$", "at $t = 4$": a name given a number somewhere, not a definition for all
                claims.append(Claim(ASSUMPTION, relation, lhs, rhs, block, span, reason="a value: nothing to check"))
                continue
            defines = position == 0 and relation in ("=", ":=") and connective is None and entries is None
            if (defines and self._condition not in PURE_CONDITIONS) or relation == "=:":
                named, value = (rhs, lhs) if relation == "=:" else (lhs, rhs)  # E =: f(x) names the value on its left
                definition = self._definition(named, value, resolver)
                if definition is not None:
                    claims.append(Claim(DEFINITION, relation, named, definition.body, block, span))
                    self._equation = None
                    self._note(lhs, rhs)
                    resolver = self._resolver()
                    operands[position + 1] = definition.body
                    continue
            if relation == "=:":
                relation = "="
            left = resolver.resolve(lhs)
            right = resolver.resolve(rhs)
            operands[position + 1] = right
            self._note(left, right)
            if (self._condition is not None and (not block.display or self._condition in PURE_CONDITIONS)) or (
                not block.display and relation in _CONDITION_RELATIONS
            ):
                # prose: "when $v(t) = 0$", "$\\det X > 0$", "$x \\neq a$" state conditions, they claim nothing
                word = f" (after \u201c{self._condition}\u201d)" if self._condition is not None else ""
                if relation == "=" and not block.display:  # "when $v(t) = 0$": the equation whose roots may follow
                    self._to_solve = Equation(left, right, _guess_unknown(left, right, self._variable))
                claims.append(Claim(ASSUMPTION, relation, left, right, block, span, reason=f"a condition{word}: nothing to check"))
                continue
            claims.append(self._relation(block, span, relation, left, right, connective if position == 0 else None))
        return claims

    def _entries(self, lhs: tree.Node, rhs: tree.Node, relation: str) -> tuple[tree.Node, tree.Node] | str | None:
        """``lhs = rhs`` entry by entry when it has free indices; for ``\\Sigma = (\\sigma_{ij})``, the matrix
        whose entries it names."""
        if relation not in ("=", ":="):
            return None
        if isinstance(lhs, tree.Components):  # a chain goes on over the same indices
            return lhs, dataclasses.replace(lhs, body=rhs, span=rhs.span)
        transposed = {  # x in x^TBx is a vector by the conventions, so x_i is its entry
            item.operand.name
            for side in (lhs, rhs)
            for item in tree.walk(side)
            if isinstance(item, tree.Transpose) and isinstance(item.operand, tree.Symbol)
            and names.is_latin_lower(item.operand.name) and item.operand.name not in self._assumptions.shapes
        }
        self._vectors = self._vectors | transposed
        matrix = components.names_entries(lhs, rhs)
        if matrix is not None:
            self._matrices = self._matrices | {matrix}
            return matrix
        return self._index_reader().components(lhs, rhs)

    def _roots(self, block: documents.Block, chains: list[tree.Chain]) -> list[Claim]:
        """``$t = 1, 3$`` after an equation in t (a display, or "when $v(t) = 0$"): each value a root to check."""
        equation = self._equation or self._to_solve
        if block.display or equation is None or len(chains) < 2:
            return []
        first, rest = chains[0], chains[1:]
        if first.relations != ("=",) or not isinstance(variable := first.operands[0], tree.Symbol):
            return []
        values = [first.operands[1], *(chain.operands[0] for chain in rest if not chain.relations and len(chain.operands) == 1)]
        if len(values) != len(chains) or any(value is None or _has_symbol(value) for value in values):
            return []
        if not _mentions_node(equation, variable.name):
            return []
        return [
            Claim(
                SOLUTION, "=", variable, value, block, value.span, previous=equation, variable=variable,
                root_of=names.latex(variable.name),
            )
            for value in values
            if value is not None
        ]

    def _scalar_unknown(self, node: tree.Node) -> tree.Symbol | None:
        """The one name of a polynomial such as 3t^2 - 12t + 9, when it is a number (not a vector, a matrix
        or a function); None for anything else."""
        found = {item.name for item in tree.walk(node) if isinstance(item, tree.Symbol)}
        polynomial = (tree.Symbol, tree.Number, tree.Add, tree.Neg, tree.Mul, tree.Power, tree.Group)
        if len(found) != 1 or any(not isinstance(item, polynomial) for item in tree.walk(node)):
            return None
        (name,) = found
        shape = self._assumptions.shapes.get(name)
        if name in self._vectors or name in self._matrices or (shape is not None and not shape.is_scalar) or name[:1].isupper():
            return None
        return tree.Symbol(name, node.span)

    def _note(self, *nodes: tree.Node) -> None:
        for node in nodes:
            for item in tree.walk(node):
                if isinstance(item, tree.Symbol):
                    self._seen.add(item.name)

    def _definition(
        self, lhs: tree.Node, rhs: tree.Node, resolver: resolve.Resolver
    ) -> resolve.FunctionDefinition | None:
        signatures = self._assumptions.signatures
        head = defining.head(lhs, rhs, signed=isinstance(lhs, tree.Mul) and _name_of(lhs) in signatures)
        # used before: still a definition when it names a function (r_x(h) = …) or follows "where", "with", "let"
        binds_back = head is not None and (bool(head[1]) or self._condition in _DEFINING_WORDS)
        if head is None or not self._is_new(head[0], binds_back) or resolver.is_derivative(head[0]):
            return None  # f(x) = … after f is defined, x = x, or \dot x = … for a defined x(t), is a claim
        if self._equation is not None and _solved_variable(lhs, self._equation) is not None:
            return None  # \hat\beta = … after an equation in β: its solution, to check
        if self._stationary_solution(lhs, rhs) is not None:
            return None  # \hat\beta = … after ∇L(β) or L(β) = …: the claimed minimiser, to check
        name, parameters = head
        definition = resolve.FunctionDefinition(name, parameters, resolver.resolve(rhs))
        self.functions[name] = definition
        if len(parameters) == 1:  # J(\theta) = …: the objective's variable is in scope
            self._variable = tree.Symbol(parameters[0], lhs.span)
            self._stationary = Equation(
                tree.Gradient(definition.body, self._variable, 1, lhs.span), tree.Number("0"), self._variable
            )
        self._assumptions.shapes.update(
            defining.parameter_shapes(parameters, signatures.get(name), self._assumptions.shapes)
        )
        return definition

    def _stationary_solution(self, lhs: tree.Node, rhs: tree.Node) -> tree.Symbol | None:
        """The variable that ``lhs = rhs`` claims a stationary point in: ``\\hat\\theta`` (or θ itself)
        with θ the variable of the objective in scope, and ``rhs`` free of it; None otherwise."""
        if self._stationary is None or self._stationary.variable is None or not isinstance(lhs, tree.Symbol):
            return None
        variable = self._stationary.variable
        if lhs.name != variable.name and not defining.is_variant_of(lhs, variable):
            return None
        if _mentions(rhs, variable.name) or _mentions(rhs, lhs.name) or not _has_symbol(rhs):
            return None  # θ = θ_0 - α∇J is an update, θ = 0 a value: neither claims the minimiser
        return variable

    def _is_new(self, name: str, binds_back: bool = False) -> bool:
        """Whether ``name`` may be defined here: not declared, not defined, and not used before unless
        this definition binds the earlier uses (found by the collecting pass, or being collected)."""
        if name in self._assumptions.shapes or name in self.functions:
            return False
        return name not in self._seen or name in self._ahead or (self._collecting and binds_back)

    def _relation(
        self,
        block: documents.Block,
        span: tree.Span,
        relation: str,
        lhs: tree.Node,
        rhs: tree.Node,
        connective: str | None,
    ) -> Claim:
        if relation in _ORDER_RELATIONS:
            if rhs != tree.Number("0"):
                return self.unchecked(block, span, f"only `\\{relation} 0` is understood")
            self._equation = None
            return Claim(OPTIMALITY, relation, lhs, rhs, block, span)
        if relation not in ("=", ":="):
            return self.unchecked(block, span, f"the relation `{relation}` is not checked yet")
        if isinstance(lhs, (tree.Gradient, tree.Derivative)):
            variable = _derivative_variable(lhs)
            if variable is None:
                return self.unchecked(block, span, "say which variable: write \\nabla_x")
            variable = _evaluated_at(lhs.body, variable)
            lhs = dataclasses.replace(lhs, wrt=variable)
            if isinstance(rhs, tree.Components) and isinstance(rhs.rows_of, tree.Gradient):  # [∇f]_k = E_k: k runs over x
                rhs = dataclasses.replace(rhs, rows_of=variable)
            self._variable = variable
            if rhs == tree.Number("0"):
                # ∇f(x) = 0 is the equation to solve, unless the gradient vanishes identically
                self._equation = Equation(lhs, rhs, variable)
                return Claim(EQUATION, relation, lhs, rhs, block, span, variable=variable, maybe_identity=True)
            self._equation = None
            self._derivative = rhs
            if lhs.order == 1:  # ∇J = G: a later θ̂ = E, or a rearranged G = 0, refers to ∇J = 0
                self._stationary = Equation(lhs, tree.Number("0"), variable)
            return Claim(DERIVATIVE, relation, lhs, rhs, block, span, variable=variable, componentwise=_is_tuple_of_partials(rhs))
        derivative, self._derivative = self._derivative, None
        if rhs == tree.Number("0") and derivative is not None and lhs == derivative and self._equation is None:
            # ∇f = G, then G = 0: the gradient set to zero, the equation to solve
            self._equation = Equation(lhs, rhs, self._variable)
            return Claim(EQUATION, relation, lhs, rhs, block, span, variable=self._variable, maybe_identity=True)
        stationary = self._stationary_solution(lhs, rhs) if self._equation is None else None
        if stationary is not None:  # no "setting the gradient to zero" needed: the minimiser, checked as one
            assert self._stationary is not None
            return Claim(SOLUTION, relation, lhs, rhs, block, span, previous=self._stationary, variable=stationary)
        point = self._stationary
        if (
            derivative is not None and self._equation is None and point is not None
            and point.variable is not None and lhs != derivative and rhs != tree.Number("0")
            and (_mentions(lhs, point.variable.name) or _mentions(rhs, point.variable.name))
        ):
            # right after ∇J = G, a relation in θ that does not rewrite G (X^TXθ = X^Ty) is the
            # gradient set to zero, rearranged: an identity if it is one, else implied by ∇J = 0;
            # the next relation may be one too (it starts no chain of its own: it may be an identity)
            self._derivative = derivative
            return Claim(
                EQUATION, relation, lhs, rhs, block, span,
                previous=point, connective="implies", maybe_identity=True, rearranged=True,
            )
        previous = self._equation
        if connective is not None and previous is not None:
            self._equation = Equation(lhs, rhs, previous.variable)
            return Claim(EQUATION, relation, lhs, rhs, block, span, previous=previous, connective=connective)
        if previous is not None and isinstance(lhs, tree.Symbol) and not _mentions(rhs, lhs.name) and _mentions_node(previous, lhs.name):
            return Claim(SOLUTION, relation, lhs, rhs, block, span, previous=previous, variable=lhs)
        solved = _solved_variable(lhs, previous) if previous is not None else None
        if solved is not None and not _mentions(rhs, solved.name):  # \hat\beta = (X^TX)^{-1}X^Ty solves it in β
            return Claim(SOLUTION, relation, lhs, rhs, block, span, previous=previous, variable=solved)
        wants_equation = bool(_EQUATION_WORDS.search(block.lead_in)) or "equation" in block.markers
        if previous is None and rhs == tree.Number("0") and (unknown := self._scalar_unknown(lhs)) is not None:
            # 3t^2 - 12t + 9 = 0: an equation in its one unknown (its roots may follow), unless it is an identity
            self._equation = Equation(lhs, rhs, unknown)
            return Claim(EQUATION, relation, lhs, rhs, block, span, maybe_identity=True, variable=unknown)
        if previous is not None or wants_equation:
            unknown = previous.variable if previous is not None else _guess_unknown(lhs, rhs, self._variable)
            self._equation = Equation(lhs, rhs, unknown)
            kind_connective = "iff" if re.search(r"equivalent", block.lead_in, re.IGNORECASE) else "implies"
            return Claim(
                EQUATION, relation, lhs, rhs, block, span,
                previous=previous, connective=kind_connective, maybe_identity=True,
            )
        return Claim(IDENTITY, relation, lhs, rhs, block, span)


_LEADING_LAYOUT = re.compile(r"\\[A-Za-z]+\s*$")


def _written_start(text: str, start: int) -> int:
    """``start`` moved back over the sizing control words (``\\big``, ``\\left``) just before it."""
    while (found := _LEADING_LAYOUT.search(text, 0, start)) is not None:
        if found.group().strip().lstrip("\\") not in notation.IGNORED:
            break
        start = found.start()
    return start


def _evaluated_at(body: tree.Node, variable: tree.Symbol) -> tree.Symbol:
    """``\\frac{\\partial}{\\partial b} \\mathrm{RSS}(\\hat b)``: the derivative in b taken at b̂, which is the
    derivative in b̂; ``variable`` itself when the body mentions it, or mentions no single variant of it."""
    if _mentions(body, variable.name):
        return variable
    variants = {
        node.name for node in tree.walk(body) if isinstance(node, tree.Symbol) and defining.is_variant_of(node, variable)
    }
    return tree.Symbol(variants.pop(), variable.span) if len(variants) == 1 else variable


def _solved_variable(lhs: tree.Node, equation: Equation) -> tree.Symbol | None:
    """The unknown that ``lhs`` names a solution for: ``\\hat\\beta`` after an equation in β
    (the equation's variable, or the name ``lhs`` varies when the equation has none and mentions it)."""
    if equation.variable is not None:
        return equation.variable if defining.is_variant_of(lhs, equation.variable) else None
    if not isinstance(lhs, tree.Symbol):
        return None
    family = tree.Symbol(names.family(lhs.name), lhs.span)
    if defining.is_variant_of(lhs, family) and _mentions_node(equation, family.name):
        return family
    return None


def _is_value(lhs: tree.Node, rhs: tree.Node) -> bool:
    """``v = 3`` in a sentence: a name given a number, which says what it is somewhere, not for all values."""
    return isinstance(lhs, tree.Symbol) and not _has_symbol(rhs)


def _after_first_link(chain: tree.Chain) -> tree.Chain | None:
    """``b = c = d`` for the chain ``a = b = c = d``; None when one link or less would remain."""
    first = chain.operands[1] if len(chain.operands) > 1 else None
    if len(chain.relations) < 2 or chain.operands[0] is None or first is None:
        return None
    return tree.Chain(chain.operands[1:], chain.relations[1:], tree.Span(first.span.start, chain.span.end))


def _has_symbol(node: tree.Node) -> bool:
    return any(isinstance(item, tree.Symbol) for item in tree.walk(node))


def _name_of(node: tree.Node) -> str | None:
    """The name of ``f(x)`` written as a product of the name and its parenthesis."""
    if isinstance(node, tree.Mul) and isinstance(node.factors[0], tree.Symbol):
        return node.factors[0].name
    return None


def partials(node: tree.Node) -> tuple[tree.Node, ...] | None:
    """The entries of ``(∂f/∂x_1, …, ∂f/∂x_n)`` (or its transpose), else None."""
    if isinstance(node, tree.Transpose):
        node = node.operand
    if not (isinstance(node, tree.Group) and len(node.items) >= 2):
        return None
    if not all(isinstance(item, (tree.Derivative, tree.Gradient, tree.Dots)) for item in node.items):
        return None
    return node.items


def _is_tuple_of_partials(node: tree.Node) -> bool:
    return partials(node) is not None


def _derivative_variable(node: tree.Gradient | tree.Derivative) -> tree.Symbol | None:
    if node.wrt is not None:
        return node.wrt
    body = node.body.items[0] if isinstance(node.body, tree.Group) and len(node.body.items) == 1 else node.body
    if isinstance(body, tree.Apply) and len(body.arguments) == 1 and isinstance(body.arguments[0], tree.Symbol):
        return body.arguments[0]
    if _mentions(node.body, "x"):
        return tree.Symbol("x", node.span)
    return None


def _guess_unknown(lhs: tree.Node, rhs: tree.Node, in_scope: tree.Symbol | None = None) -> tree.Symbol | None:
    """The unknown of an equation nobody named: the variable of the derivative or objective in
    scope when it occurs, else ``x`` when it occurs, as in PRODUCT.md's convention."""
    if in_scope is not None and (_mentions(lhs, in_scope.name) or _mentions(rhs, in_scope.name)):
        return tree.Symbol(in_scope.name, lhs.span)
    if _mentions(lhs, "x") or _mentions(rhs, "x"):
        return tree.Symbol("x", lhs.span)
    return None


def _mentions(node: tree.Node, name: str) -> bool:
    return any(isinstance(item, tree.Symbol) and item.name == name for item in tree.walk(node))


def _mentions_node(equation: Equation, name: str) -> bool:
    return _mentions(equation.lhs, name) or _mentions(equation.rhs, name) or any(
        isinstance(item, tree.Gradient) and item.wrt is not None and item.wrt.name == name
        for item in (*tree.walk(equation.lhs), *tree.walk(equation.rhs))
    )


def symbols_in(formulas: Iterable[tree.Formula]) -> set[str]:
    """Every symbol name used in ``formulas``."""
    found: set[str] = set()
    for formula in formulas:
        for chain in formula.chains:
            for operand in chain.operands:
                if operand is not None:
                    found.update(item.name for item in tree.walk(operand) if isinstance(item, tree.Symbol))
    return found


def definitions(functions: Mapping[str, resolve.FunctionDefinition]) -> list[tree.Node]:
    return [definition.body for definition in functions.values()]
