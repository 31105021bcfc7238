"""SymPy matrix expressions that SymPy lacks or cannot compile: pseudo-inverse, diag(v), elementwise functions."""

from __future__ import annotations

from typing import Any

import sympy
from sympy.matrices import expressions as mx


class PseudoInverse(mx.MatrixExpr):  # type: ignore[misc]
    """The Moore–Penrose pseudo-inverse ``A⁺`` (an n×k matrix for a k×n ``A``)."""

    def __new__(cls, argument: sympy.Basic) -> PseudoInverse:
        return super().__new__(cls, argument)  # type: ignore[no-any-return]

    @property
    def argument(self) -> sympy.Basic:
        return self.args[0]

    @property
    def shape(self) -> tuple[Any, Any]:
        rows, cols = self.argument.shape
        return (cols, rows)

    def _numpycode(self, printer: Any) -> str:
        return f"{printer._module_format('numpy.linalg.pinv')}({printer._print(self.argument)})"

    def _tensorflowcode(self, printer: Any) -> str:
        return f"{printer._module_format('tensorflow.linalg.pinv')}({printer._print(self.argument)})"


class Diagonal(mx.DiagMatrix):  # type: ignore[misc]
    """``diag(v)``: the square matrix with the entries of the vector ``v`` on its diagonal."""

    def doit(self, **hints: Any) -> Any:
        vector = self.args[0].doit(**hints) if hints.get("deep", True) else self.args[0]
        if isinstance(vector, mx.ZeroMatrix) and 1 in vector.shape:  # SymPy returns the n×1 zero itself
            size = vector.shape[0] if vector.shape[1] == 1 else vector.shape[1]
            return mx.ZeroMatrix(size, size)
        return super().doit(**hints)

    def _tensorflowcode(self, printer: Any) -> str:
        vector = printer._print(self.args[0])
        return f"{printer._module_format('tensorflow.linalg.diag')}({printer._module_format('tensorflow.reshape')}({vector}, [-1]))"


_ELEMENTWISE = {
    "exp": ("numpy.exp", "tensorflow.exp"),
    "log": ("numpy.log", "tensorflow.math.log"),
    "sqrt": ("numpy.sqrt", "tensorflow.sqrt"),
    "abs": ("numpy.abs", "tensorflow.abs"),
    "sin": ("numpy.sin", "tensorflow.sin"),
    "cos": ("numpy.cos", "tensorflow.cos"),
    "tanh": ("numpy.tanh", "tensorflow.tanh"),
    "relu": ("numpy.maximum({}, 0.0)", "tensorflow.nn.relu({})"),
    "step": ("numpy.heaviside({}, 0.0)", "tensorflow.cast({} > 0, tensorflow.float64)"),
}


class Elementwise(mx.MatrixExpr):  # type: ignore[misc]
    """A scalar function applied to every entry of a matrix or vector (``exp(x)``, ``log(x)``), or a
    function the document defines (σ(z) = 1/(1 + e^{-z}) applied to Xθ), given as a SymPy Lambda."""

    def __new__(cls, function: str | sympy.Symbol | sympy.Lambda, argument: sympy.Basic) -> Elementwise:
        if isinstance(function, sympy.Lambda):
            if len(function.variables) != 1:
                raise ValueError("an elementwise function of one variable")
            return super().__new__(cls, function, argument)  # type: ignore[no-any-return]
        # SymPy rebuilds expressions from their args (doit, xreplace, subs), passing the
        # function back as the Symbol stored in args[0]: accept it by its name.
        name = function.name if isinstance(function, sympy.Symbol) else str(function)
        if name not in _ELEMENTWISE:
            raise ValueError(f"no elementwise {name}")
        return super().__new__(cls, sympy.Symbol(name), argument)  # type: ignore[no-any-return]

    @property
    def function(self) -> str:
        return "lambda" if isinstance(self.args[0], sympy.Lambda) else str(self.args[0])

    def _lambda_code(self, printer: Any) -> str:
        """The Lambda's body printed with the argument in place of its variable: NumPy and TensorFlow
        apply arithmetic and their functions entry by entry."""
        function = self.args[0]
        slot = sympy.Symbol("_entrywise_argument_")
        code = str(printer._print(function.expr.xreplace({function.variables[0]: slot})))
        return code.replace(slot.name, f"({printer._print(self.argument)})")

    @property
    def argument(self) -> sympy.Basic:
        return self.args[1]

    @property
    def shape(self) -> tuple[Any, Any]:
        return self.argument.shape  # type: ignore[no-any-return]

    def _numpycode(self, printer: Any) -> str:
        if self.function == "lambda":
            return self._lambda_code(printer)
        return self._call(printer, _ELEMENTWISE[self.function][0])

    def _tensorflowcode(self, printer: Any) -> str:
        if self.function == "lambda":
            return self._lambda_code(printer)
        return self._call(printer, _ELEMENTWISE[self.function][1])

    def _call(self, printer: Any, template: str) -> str:
        """``numpy.exp`` called on the argument, or a template with ``{}`` for it (``numpy.maximum({}, 0.0)``)."""
        if "{" not in template:
            return f"{printer._module_format(template)}({printer._print(self.argument)})"
        name = template.split("(")[0]
        return str(printer._module_format(name)) + template[len(name) :].format(f"({printer._print(self.argument)})")
