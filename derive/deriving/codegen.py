"""NumPy and TensorFlow code printed from a derivation's canonical forms, checked against GradientTape."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from derive import errors
from derive.deriving import instances
from derive.symbolic import canonical, printing
from numeric import floating, tf_loader
from numeric import errors as numeric_errors

if TYPE_CHECKING:
    from derive.deriving.derivation import Derivation
    from derive.deriving.problems import Problem

RTOL = 1e-10  # generated code must agree with GradientTape this closely before it is returned
BACKENDS = ("numpy", "tensorflow")


class GeneratedCodeError(errors.DeriveError, AssertionError):
    """Generated code disagrees with GradientTape: a bug in derive, never in the input."""


@dataclasses.dataclass(frozen=True)
class Generated:
    """Source code for one backend and how closely it matched GradientTape."""

    backend: str
    source: str
    arguments: tuple[str, ...]
    instances: int
    worst: float  # the largest relative error against the reference


def emit_numpy(derivation: Derivation, *, seed: int = 0) -> str:
    """``objective``, ``gradient`` (and ``hessian``) as NumPy source, checked against GradientTape.

    Raises:
        GeneratedCodeError: the code disagrees with GradientTape (a bug in derive).
        errors.UnsupportedNotation: a coefficient the printer has no translation for.
    """
    return generate(derivation, "numpy", seed=seed).source


def emit_tensorflow(derivation: Derivation, *, seed: int = 0) -> str:
    """The same functions in TensorFlow (float64 tensors, vectors 1-D), checked against GradientTape.

    Raises:
        GeneratedCodeError: the code disagrees with GradientTape (a bug in derive).
        errors.UnsupportedNotation: a coefficient the printer has no translation for.
    """
    return generate(derivation, "tensorflow", seed=seed).source


def generate(derivation: Derivation, backend: str, *, seed: int = 0, rtol: float = RTOL) -> Generated:
    """Print the functions, run them on random instances, compare with GradientTape.

    Raises:
        errors.UsageError: an unknown backend.
        GeneratedCodeError: the code disagrees with GradientTape.
    """
    if backend not in BACKENDS:
        raise errors.UsageError(f"unknown backend {backend!r}; choose from {', '.join(BACKENDS)}")
    problem = derivation.problem
    printer = _Printer(problem, backend)
    source = printer.module(derivation)
    functions = load(source)
    worst, count = 0.0, 0
    for instance, expected in samples(derivation, np.random.default_rng(seed), count=4):
        for name, value in expected.items():
            got = call(functions[name], instance, backend)
            error = floating.relative_error(np.ravel(got), np.ravel(value))
            worst, count = max(worst, error), count + 1
            if not error <= rtol:
                raise GeneratedCodeError(
                    f"generated {backend} {name} differs from GradientTape by {error:.3g} (seed {seed}); please report it"
                )
    return Generated(backend, source, printer.arguments, count, worst)


def samples(derivation: Derivation, rng: np.random.Generator, *, count: int) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """``count`` random instances where the objective is defined, each with its GradientTape reference.

    Raises:
        GeneratedCodeError: no instance where the objective has a value was found.
    """
    found = []
    for attempt in range(20 * count):
        dims = instances.sizes(derivation.problem)[attempt % 2]
        instance = instances.random_instance(derivation.problem, rng, dims)
        try:
            found.append((instance, instances.reference(derivation.problem, instance, hessian=derivation.hessian is not None)))
        except numeric_errors.EvaluationError:
            continue  # log det X < 0 and the like: draw again
        if len(found) == count:
            return found
    raise GeneratedCodeError(f"no random instance where {derivation.problem.text} has a value: nothing to check the code on")


def load(source: str) -> dict[str, Callable[..., Any]]:
    """Run generated source (our own, never document text) in a fresh namespace; its functions by name."""
    namespace: dict[str, Any] = {}
    exec(compile(source, "<derive generated>", "exec"), namespace)  # noqa: S102 - code printed by _Printer
    return {name: namespace[name] for name in ("objective", "gradient", "hessian") if name in namespace}


def call(function: Callable[..., Any], instance: Mapping[str, Any], backend: str) -> Any:
    """Call a generated function on NumPy values (converted to float64 tensors for TensorFlow)."""
    if backend == "numpy":
        return function(**instance)
    tf = tf_loader.tensorflow()
    result = function(**{name: tf.constant(value, dtype=tf.float64) for name, value in instance.items()})
    return result.numpy() if hasattr(result, "numpy") else result


# --- the printer ----------------------------------------------------------------------------------


class _Printer:
    """Canonical polynomials as Python expressions for one backend (vectors are 1-D arrays)."""

    def __init__(self, problem: Problem, backend: str) -> None:
        self.problem = problem
        self.numpy = backend == "numpy"
        names = instances.python_names(problem)
        self.arguments = tuple(names[name] for name in sorted(names, key=lambda n: list(names).index(n)))
        self.ids = {problem.naming.identifier(name): code for name, code in names.items()}
        self.dims: dict[str, str] = {}
        translator = problem.translator(problem.objective)
        for name, shape in problem.shapes.items():
            for dim, axis in ((shape.rows, 0), (shape.cols, 1 if shape.rows != 1 else 0)):
                if isinstance(dim, str) and not shape.is_scalar:
                    self.dims.setdefault(str(translator.dim(dim)), f"{names[name]}.shape[{axis}]")

    def module(self, derivation: Derivation) -> str:
        problem = derivation.problem
        kind = "NumPy arrays" if self.numpy else "float64 TensorFlow tensors"
        lines = [
            f"# Generated by derive from {problem.head()} = {' '.join(problem.text.split())}",
            f"# Arguments are {kind}; vectors are 1-D. Checked against TensorFlow GradientTape.",
            "import numpy as np" if self.numpy else "import tensorflow as tf",
        ]
        signature = ", ".join(self.arguments)
        parts = [("objective", derivation.expanded), ("gradient", derivation.gradient)]
        parts += [("hessian", derivation.hessian)] if derivation.hessian is not None else []
        for name, poly in parts:
            lines += ["", "", f"def {name}({signature}):", f"    # {' '.join(problem.latex(poly).split())}",
                      f"    return {self.poly(poly)}"]
        return "\n".join(lines) + "\n"

    def call(self, numpy: str, tensorflow: str, *arguments: str) -> str:
        return f"{numpy if self.numpy else tensorflow}({', '.join(arguments)})"

    # -- matrices --------------------------------------------------------------------------------

    def poly(self, poly: canonical.Poly) -> str:
        if canonical.is_scalar(poly):
            return self.value(canonical.as_scalar(poly)) if poly.terms else "0.0"
        if poly.is_zero():
            shape = self.dim(poly.rows) if poly.cols == 1 else f"({self.dim(poly.rows)}, {self.dim(poly.cols)})"
            return f"np.zeros({shape})" if self.numpy else f"tf.zeros({shape}, dtype=tf.float64)"
        pieces = []
        for word, value in sorted(poly.terms.items(), key=lambda item: printing.term_key(item, self.problem.identifier)):
            body = self.word(word) if word else self.identity(poly.rows)
            if value == 1:
                pieces.append(body)
            elif value == -1:
                pieces.append(f"-{body}")
            else:
                positive = value.as_coeff_Mul()[0] > 0
                pieces.append(f"{self.value(value, 1)} * {body}" if positive else f"-{self.value(-value, 1)} * {body}")
        text = pieces[0]
        for piece in pieces[1:]:
            text += f" - {piece[1:]}" if piece.startswith("-") else f" + {piece}"
        return text

    def identity(self, size: sympy.Expr) -> str:
        return f"np.eye({self.dim(size)})" if self.numpy else f"tf.eye({self.dim(size)}, dtype=tf.float64)"

    def dim(self, dim: sympy.Expr) -> str:
        return str(int(dim)) if dim.is_Integer else self.dims[str(dim)]

    def word(self, word: canonical.Word) -> str:
        for split in range(len(word) - 1):  # v uᵀ: an outer product
            if word[split].cols == 1 and word[split + 1].rows == 1:
                left, right = self.word(word[: split + 1]), self.word(word[split + 1 :])
                return f"np.outer({left}, {right})" if self.numpy else f"tf.tensordot({left}, {right}, 0)"
        if self.numpy:
            for position, atom in enumerate(word[:-1]):
                if atom.inverse_of:  # P⁻¹R as a solve
                    matrix = self.poly(canonical.thaw(atom.inverse_of, atom.rows))
                    solved = f"np.linalg.solve({matrix}, {self.word(word[position + 1:])})"
                    return f"{self.word(word[:position])} @ {solved}" if position else solved
            return " @ ".join(self.atom(atom) for atom in word)
        return self._tensorflow_word(word)

    def atom(self, atom: canonical.Atom) -> str:
        if atom.inverse_of:
            return self.call("np.linalg.inv", "tf.linalg.inv", self.poly(canonical.thaw(atom.inverse_of, atom.rows)))
        name = self.ids[atom.name]
        if not atom.transposed:
            return name
        if self.numpy:
            return f"{name}.T"
        return name if 1 in (atom.rows, atom.cols) else f"tf.transpose({name})"

    def _tensorflow_word(self, word: canonical.Word) -> str:
        """Row vector, matrices, column vector: ``matvec`` and ``matmul`` with transpose flags."""
        def leaf(atom: canonical.Atom) -> tuple[str, bool]:
            return (self.ids[atom.name], True) if atom.transposed and not atom.inverse_of else (self.atom(atom), False)

        row = word[0] if word[0].rows == 1 else None
        column = word[-1] if word[-1].cols == 1 and (row is None or len(word) > 1) else None
        middle = word[(1 if row else 0) : (len(word) - 1 if column else len(word))]
        if column is not None:
            text = self.atom(column)
            for atom in reversed(middle):
                code, flip = leaf(atom)
                text = f"tf.linalg.matvec({code}, {text}{', transpose_a=True' if flip else ''})"
            return f"tf.tensordot({self.atom(row)}, {text}, 1)" if row is not None else text
        if row is not None:
            text = self.atom(row)
            for atom in middle:
                code, flip = leaf(atom)
                text = f"tf.linalg.matvec({code}, {text}{'' if flip else ', transpose_a=True'})"
            return text
        text, pending = leaf(middle[0])
        if len(middle) == 1:
            return f"tf.transpose({text})" if pending else text
        for atom in middle[1:]:
            code, flip = leaf(atom)
            flags = (", transpose_a=True" if pending else "") + (", transpose_b=True" if flip else "")
            text, pending = f"tf.linalg.matmul({text}, {code}{flags})", False
        return text

    # -- scalars ---------------------------------------------------------------------------------

    def value(self, expression: sympy.Expr, level: int = 0) -> str:  # noqa: C901 - one rule per SymPy type
        """A coefficient; ``level`` 1 inside a product, 2 as the base of a power."""
        if expression.is_Integer:
            text = str(int(expression))
            return f"({text})" if level and expression < 0 else text
        if expression.is_Rational:
            return f"({expression.p} / {expression.q})"
        if expression.is_Float:
            return repr(float(expression))
        if isinstance(expression, sympy.Symbol):
            return self.symbol(expression, level)
        if isinstance(expression, sympy.Add):
            order = sorted(expression.args, key=lambda term: printing.term_order(term, self.problem.identifier))
            terms = [self.value(term, 0) for term in order]
            text = terms[0]
            for term in terms[1:]:
                text += f" - {term[1:]}" if term.startswith("-") else f" + {term}"
            return f"({text})" if level else text
        if isinstance(expression, sympy.Mul):
            number, rest = expression.as_coeff_Mul()
            top = [f for f in sympy.Mul.make_args(rest) if not (f.is_Pow and f.exp.is_negative)]
            bottom = [1 / f for f in sympy.Mul.make_args(rest) if f.is_Pow and f.exp.is_negative]
            text = " * ".join([self.value(abs(number), 1)] * (abs(number) != 1) + [self.value(f, 1) for f in top]) or "1"
            if bottom:
                under = " * ".join(self.value(f, 1) for f in bottom)
                text += f" / {under if len(bottom) == 1 and under.isidentifier() else f'({under})'}"
            if number < 0:
                text = f"-{text}"
            return f"({text})" if level >= 2 or (level and number < 0) else text
        if isinstance(expression, sympy.Pow):
            base, exponent = expression.args
            if exponent == sympy.Rational(1, 2):
                return self.call("np.sqrt", "tf.sqrt", self.value(base))
            if exponent.is_negative:
                return f"1 / {self.value(base ** -exponent, 2)}"
            return f"{self.value(base, 2)} ** {self.value(exponent, 2)}"
        functions = {
            sympy.log: ("np.log", "tf.math.log"),
            sympy.exp: ("np.exp", "tf.exp"),
            sympy.Abs: ("np.abs", "tf.abs"),
            sympy.sin: ("np.sin", "tf.sin"),
            sympy.cos: ("np.cos", "tf.cos"),
            sympy.tanh: ("np.tanh", "tf.tanh"),
        }
        if expression.func in functions:
            return self.call(*functions[expression.func], self.value(expression.args[0]))
        raise errors.UnsupportedNotation(f"{expression} in generated code")

    def symbol(self, symbol: sympy.Symbol, level: int) -> str:
        stands_for = canonical.meaning(symbol)
        if stands_for is None:
            return self.ids.get(symbol.name) or self.dims[symbol.name]
        if stands_for.kind == "det":
            return self.call("np.linalg.det", "tf.linalg.det", self.poly(canonical.thaw(stands_for.matrix, stands_for.size)))
        word = printing.oriented(stands_for.word, self.problem.identifier, self.problem.context.symmetric)
        if word[0].rows != 1:
            return self.call("np.trace", "tf.linalg.trace", self.word(word))
        text = self.word(word)
        return f"({text})" if level and " @ " in text else text
