"""SymPy matrix expressions compiled to NumPy and TensorFlow callables over instances.

``to_numpy`` and ``to_tensorflow`` print an expression as code (SymPy's printers),
for one instance at a time; ``numeric.batch`` evaluates on stacked batches.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Union

import numpy as np
import sympy
from sympy.printing.numpy import NumPyPrinter

from numeric import errors, tf_loader, values

Argument = Union[sympy.Symbol, sympy.MatrixSymbol]
"""A free symbol of an expression: a scalar ``Symbol`` or a ``MatrixSymbol``."""

scalar = values.scalar

SINGULAR_CONDITION = 1e14
"""A matrix whose condition number exceeds this is treated as singular when inverted."""

_PRINTER_SETTINGS = {
    "fully_qualified_modules": True,
    "inline": True,
    "allow_unknown_functions": False,
    "strict": True,
}


@dataclasses.dataclass(frozen=True)
class NumPyFunction:
    """An expression compiled to NumPy; call it with an instance's values as keywords."""

    expr: sympy.Basic
    arguments: tuple[Argument, ...]
    function: Callable[..., Any] = dataclasses.field(repr=False, compare=False)

    def __call__(self, **instance: Any) -> values.Value:
        """Evaluate at ``instance``; names that are not among the arguments are ignored.

        Returns a float64 array of shape (rows, cols), or a float for a scalar.

        Raises:
            InvalidArgument: a value is missing or has the wrong shape.
            EvaluationError: the expression has no value here (singular inverse,
                division by zero, logarithm of a negative number, overflow).
        """
        arguments = _bind(self.arguments, instance, _to_float64)
        with np.errstate(divide="raise", over="raise", invalid="raise", under="ignore"):
            try:
                raw = self.function(*arguments)
            except (np.linalg.LinAlgError, ArithmeticError) as error:
                raise errors.EvaluationError(f"{errors.shown(self.expr)} has no value here: {error}") from error
        return values.as_value(raw)


@dataclasses.dataclass(frozen=True)
class TensorFlowFunction:
    """An expression compiled to TensorFlow; call it with values or float64 tensors."""

    expr: sympy.Basic
    arguments: tuple[Argument, ...]
    function: Callable[..., Any] = dataclasses.field(repr=False, compare=False)

    def __call__(self, **instance: Any) -> Any:
        """Evaluate at ``instance`` and return a float64 ``tf.Tensor``.

        Tensors passed in are used as they are, so a ``GradientTape`` that watches
        them sees the computation.

        Raises:
            InvalidArgument: a value is missing or has the wrong shape.
            EvaluationError: TensorFlow rejects the values (a singular inverse).
        """
        tf = tf_loader.tensorflow()
        arguments = _bind(
            self.arguments, instance, lambda value: tf.convert_to_tensor(value, dtype=tf.float64)
        )
        try:
            raw = self.function(*arguments)
        except tf.errors.InvalidArgumentError as error:
            reason = error.message.split("}}")[-1].strip()
            raise errors.EvaluationError(f"{errors.shown(self.expr)} has no value here: {reason}") from error
        return tf.convert_to_tensor(raw, dtype=tf.float64)


def to_numpy(
    expr: sympy.Basic,
    args: Sequence[Argument],
    *,
    dimensions: Mapping[str, int] | None = None,
) -> NumPyFunction:
    """Compile ``expr`` to a NumPy function of the symbols ``args``.

    ``dimensions`` gives values to symbolic dimensions by name; it is needed only
    when the expression holds an identity, zero or ones matrix of symbolic size.

    Raises:
        UnsupportedError: the expression uses an operation NumPy cannot express here.
    """
    expr, arguments = _concrete(expr, args, dimensions)
    expr = _flat_products(expr)
    function = _lambdify(expr, arguments, _NumPyPrinter(_PRINTER_SETTINGS), {"_inverse": _inverse})
    return NumPyFunction(expr, arguments, function)


def to_tensorflow(
    expr: sympy.Basic,
    args: Sequence[Argument],
    *,
    dimensions: Mapping[str, int] | None = None,
) -> TensorFlowFunction:
    """Compile ``expr`` to a TensorFlow function of the symbols ``args`` (imports TensorFlow).

    Raises:
        UnsupportedError: the expression uses an operation TensorFlow cannot express here.
    """
    expr, arguments = _concrete(expr, args, dimensions)
    printer = _tensorflow_printer_class()(_PRINTER_SETTINGS)
    function = _lambdify(expr, arguments, printer, {"tensorflow": tf_loader.tensorflow()})
    return TensorFlowFunction(expr, arguments, function)


def _concrete(
    expr: sympy.Basic, args: Sequence[Argument], dimensions: Mapping[str, int] | None
) -> tuple[sympy.Basic, tuple[Argument, ...]]:
    """Substitute named dimensions, and refuse constant matrices of symbolic size."""
    arguments = tuple(args)
    if dimensions:
        replacements = {
            symbol: int(dimensions[symbol.name])
            for item in (expr, *arguments)
            for symbol in item.atoms(sympy.Symbol)
            if symbol.name in dimensions
        }
        expr = expr.xreplace(replacements)
        arguments = tuple(argument.xreplace(replacements) for argument in arguments)
    for constant in expr.atoms(sympy.Identity, sympy.ZeroMatrix, sympy.OneMatrix):
        if not all(dimension.is_Integer for dimension in constant.shape):
            raise errors.UnsupportedError(
                f"{constant} has symbolic size {constant.shape}; "
                "pass dimensions={...} with a value for each dimension"
            )
    return expr, arguments


def _flat_products(expr: sympy.Basic) -> sympy.Basic:
    """x ⊙ (x ⊙ (x ⊙ …)) as one product x ⊙ x ⊙ …: printed nested, 300 factors pass Python's parser limit."""
    hadamard = sympy.matrices.expressions.HadamardProduct

    def factors(product: sympy.Basic) -> list[sympy.Basic]:
        found: list[sympy.Basic] = []
        pending = list(reversed(product.args))
        while pending:
            factor = pending.pop()
            if isinstance(factor, hadamard):
                pending.extend(reversed(factor.args))
            else:
                found.append(factor)
        return found

    return expr.replace(
        lambda node: isinstance(node, hadamard) and any(isinstance(a, hadamard) for a in node.args),
        lambda node: hadamard(*factors(node), evaluate=False),
    )


def _lambdify(
    expr: sympy.Basic, arguments: tuple[Argument, ...], printer: Any, namespace: dict[str, Any]
) -> Callable[..., Any]:
    modules: list[Any] = [namespace, "numpy"]
    try:
        function: Callable[..., Any] = sympy.lambdify(
            arguments, expr, modules=modules, printer=printer, docstring_limit=0
        )
    except NotImplementedError as error:
        raise errors.UnsupportedError(f"cannot compile {errors.shown(expr)}: {error}") from error
    except (SyntaxError, RecursionError) as error:  # Python's parser nests at most 200 parentheses
        raise errors.UnsupportedError(f"the expression is nested too deeply to compile ({error.__class__.__name__})") from error
    return function


def _bind(
    arguments: tuple[Argument, ...], instance: Mapping[str, Any], convert: Callable[[Any], Any]
) -> list[Any]:
    """Pick each argument's value from ``instance``, checking shapes against the symbols."""
    bindings: dict[str, int] = {}
    bound = []
    for name, expected, sizes in _signature(arguments):
        if name not in instance:
            raise errors.InvalidArgument(
                f"no value for {name}; the instance has {sorted(instance)}"
            )
        value = instance[name]
        _check_shape(name, expected, sizes, tuple(int(size) for size in np.shape(value)), bindings)
        bound.append(convert(value))
    return bound


@functools.lru_cache(maxsize=256)
def _signature(
    arguments: tuple[Argument, ...],
) -> tuple[tuple[str, str, tuple[int | str, ...] | None], ...]:
    """Per argument: its name, its shape as text, and its sizes (ints, or dimension names).

    Reading SymPy shapes costs more than the arithmetic on small matrices, so it
    is done once per argument tuple.  Scalars have sizes ``None``.
    """
    found: list[tuple[str, str, tuple[int | str, ...] | None]] = []
    for argument in arguments:
        if not isinstance(argument, sympy.MatrixSymbol):
            found.append((argument.name, "()", None))
            continue
        sizes = tuple(
            int(dimension) if dimension.is_Integer else str(dimension)
            for dimension in argument.shape
        )
        found.append((argument.name, str(argument.shape), sizes))
    return tuple(found)


def _check_shape(
    name: str,
    expected: str,
    sizes: tuple[int | str, ...] | None,
    shape: tuple[int, ...],
    bindings: dict[str, int],
) -> None:
    if sizes is None:
        if shape != ():
            raise errors.InvalidArgument(f"{name} is a scalar, but its value has shape {shape}")
        return
    if len(shape) != 2:
        raise errors.InvalidArgument(
            f"{name} has shape {expected}, but its value has shape {shape}"
        )
    for size, actual in zip(sizes, shape):
        wanted = size if isinstance(size, int) else bindings.setdefault(size, actual)
        if wanted != actual:
            raise errors.InvalidArgument(
                f"{name} has shape {expected}, but its value has shape {shape}; "
                f"dimensions seen so far: {bindings}"
            )


def _to_float64(value: Any) -> Any:
    if np.ndim(value) == 0:
        return float(value)
    return np.asarray(value, dtype=np.float64)


def _inverse(matrix: Any) -> np.ndarray:
    """``numpy.linalg.inv`` that also refuses numerically singular matrices."""
    matrix = np.asarray(matrix, dtype=np.float64)
    singular_values = np.linalg.svd(matrix, compute_uv=False)
    if not singular_values[-1] * SINGULAR_CONDITION > singular_values[0]:
        raise np.linalg.LinAlgError(f"singular matrix {matrix.tolist()}")
    return np.linalg.inv(matrix)


class _NumPyPrinter(NumPyPrinter):  # type: ignore[misc]
    """NumPy printer that knows traces, determinants, checked inverses and product chains."""

    def _print_HadamardProduct(self, expr: sympy.HadamardProduct) -> str:
        """x ⊙ y ⊙ … as one ``*`` chain: SymPy nests ``multiply`` calls, and 300 factors pass Python's parser limit."""
        return "(" + " * ".join(f"({self._print(factor)})" for factor in expr.args) + ")"

    def _print_MatMul(self, expr: sympy.MatMul) -> str:
        """Scalar factors multiply; chains of three or more matrices use ``multi_dot``.

        SymPy's printer writes every factor as ``.dot(...)``: a scalar as ``M.dot(2)``,
        which NumPy runs some twenty times slower than ``2*M``, and a chain left to
        right, so 2AᵀAx becomes (AᵀA)x, O(kn²) where A(x) costs O(kn).
        ``multi_dot`` picks the cheapest order from the actual shapes at run time.
        """
        matrices = [self._print(factor) for factor in expr.args if factor.is_Matrix]
        scalars = [f"({self._print(factor)})" for factor in expr.args if not factor.is_Matrix]
        if len(matrices) >= 3:
            product = f"{self._module_format('numpy.linalg.multi_dot')}([{', '.join(matrices)}])"
        else:
            product = "(" + ").dot(".join(matrices) + ")"
        if not scalars:
            return product
        return "(" + "*".join([*scalars, product]) + ")"

    def _print_Transpose(self, expr: sympy.Transpose) -> str:
        # Always bracketed: an entrywise function prints as ``(...)**(-1.0)``, whose
        # precedence SymPy judges by the function, so ``.T`` would bind to ``-1.0``.
        return f"({self._print(expr.arg)}).T"

    def _print_Trace(self, expr: sympy.Trace) -> str:
        return f"{self._module_format('numpy.trace')}({self._print(expr.arg)})"

    def _print_Determinant(self, expr: sympy.Determinant) -> str:
        return f"{self._module_format('numpy.linalg.det')}({self._print(expr.arg)})"

    def _print_Inverse(self, expr: sympy.Inverse) -> str:
        return f"_inverse({self._print(expr.arg)})"

    def _print_HadamardPower(self, expr: sympy.HadamardPower) -> str:
        return _entrywise_power(self._print(expr.base), expr.exp)

    def _print_Max(self, expr: sympy.Max) -> str:  # SymPy's reduce() needs functools in the namespace
        text = str(self._print(expr.args[0]))
        for argument in expr.args[1:]:
            text = f"{self._module_format('numpy.maximum')}({text}, {self._print(argument)})"
        return text

    def _print_MatPow(self, expr: sympy.MatPow) -> str:
        base, exponent = expr.args
        if not exponent.is_Integer:
            raise errors.UnsupportedError(f"matrix power with a non-integer exponent: {errors.shown(expr)}")
        if exponent < 0:
            base, exponent = sympy.Inverse(base), -exponent
        power = self._module_format("numpy.linalg.matrix_power")
        return f"{power}({self._print(base)}, {int(exponent)})"


def _entrywise_power(base: str, exponent: sympy.Expr) -> str:
    """``x^{∘k}``: each entry to a numeric power (both backends broadcast ``**``)."""
    if not exponent.is_number:
        raise errors.UnsupportedError(f"an entrywise power with a symbolic exponent: {exponent}")
    return f"(({base})**{float(exponent)!r})"


@functools.cache
def _tensorflow_printer_class() -> type:
    """Build the TensorFlow printer; SymPy's module imports TensorFlow, so this waits."""
    tf_loader.tensorflow()
    from sympy.printing.tensorflow import TensorflowPrinter

    float64 = "tensorflow.float64"

    class Printer(TensorflowPrinter):  # type: ignore[misc]
        """TensorFlow printer with float64 constants and no silent fallbacks."""

        def _print_Function(self, expr: sympy.Basic) -> str:
            if type(expr) not in self.mapping:
                raise errors.UnsupportedError(f"no TensorFlow translation for {errors.shown(expr)}")
            return str(super()._print_Function(expr))

        _print_Expr = _print_Function
        _print_Application = _print_Function
        _print_MatrixExpr = _print_Function
        _print_HadamardProduct = _print_Function
        _print_Trace = _print_Function
        _print_Determinant = _print_Function

        def _print_Pow(self, expr: sympy.Pow) -> str:
            return str(self._hprint_Pow(expr, sqrt="tensorflow.math.sqrt"))

        def _print_HadamardPower(self, expr: sympy.HadamardPower) -> str:
            return _entrywise_power(self._print(expr.base), expr.exp)

        def _print_MatrixBase(self, expr: sympy.MatrixBase) -> str:
            rows = ", ".join(
                "[" + ", ".join(self._print(entry) for entry in row) + "]" for row in expr.tolist()
            )
            convert = self._module_format("tensorflow.convert_to_tensor")
            return f"{convert}([{rows}], dtype={self._module_format(float64)})"

        def _print_Identity(self, expr: sympy.Identity) -> str:
            eye = self._module_format("tensorflow.eye")
            return f"{eye}({expr.rows}, dtype={self._module_format(float64)})"

        def _print_ZeroMatrix(self, expr: sympy.ZeroMatrix) -> str:
            zeros = self._module_format("tensorflow.zeros")
            return f"{zeros}(({expr.rows}, {expr.cols}), dtype={self._module_format(float64)})"

        def _print_OneMatrix(self, expr: sympy.OneMatrix) -> str:
            ones = self._module_format("tensorflow.ones")
            return f"{ones}(({expr.rows}, {expr.cols}), dtype={self._module_format(float64)})"

        def _print_MatPow(self, expr: sympy.MatPow) -> str:
            base, exponent = expr.args
            if not exponent.is_Integer:
                raise errors.UnsupportedError(f"matrix power with a non-integer exponent: {errors.shown(expr)}")
            if exponent == 0:
                return self._print_Identity(sympy.Identity(base.rows))
            if exponent < 0:
                base, exponent = sympy.Inverse(base), -exponent
            return str(
                self._expand_fold_binary_op("tensorflow.linalg.matmul", [base] * int(exponent))
            )

    return Printer
