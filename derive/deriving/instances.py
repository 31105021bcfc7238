"""Random instances of a derive-mode problem, a polynomial's value there, and GradientTape's reference."""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from derive import tree
from derive.symbolic import canonical, sympy_bridge
from numeric import autodiff, lambdify
from numeric import instances as numeric_instances

if TYPE_CHECKING:
    from derive.deriving.problems import Problem

RESERVED = frozenset({"np", "tf", "objective", "gradient", "hessian"})  # names the generated module defines


def python_names(problem: Problem) -> dict[str, str]:
    """Each document name's identifier in generated code: itself when it is a safe Python name."""
    taken, found = set(RESERVED), {}
    for name in sorted(problem.shapes, key=lambda n: (n == problem.variable, n.lower(), n)):
        base = re.sub(r"\W", "_", name)
        base = base if base.isidentifier() else f"v_{base}"
        while keyword.iskeyword(base) or base in taken:
            base += "_"
        taken.add(base)
        found[name] = base
    return found



def _dimensions(problem: Problem) -> list[str]:
    return sorted({dim for s in problem.shapes.values() for dim in (s.rows, s.cols) if isinstance(dim, str)})


def sizes(problem: Problem) -> list[dict[str, int]]:
    """Two assignments of distinct sizes to the named dimensions (non-square matrices included)."""
    names = _dimensions(problem)
    return [dict(zip(names, (3, 2, 4, 5, 6, 7))), dict(zip(names, (2, 4, 3, 1, 5, 6)))]


def trials(problem: Problem) -> Iterator[tuple[dict[str, int], int | None]]:
    """Sizes and entry bounds for a counterexample search: small integers first, then floats."""
    names = _dimensions(problem)
    for size, bound in ((1, 1), (1, 2), (2, 1), (2, 2), (3, 2)):
        for _ in range(4):
            yield {name: size for name in names}, bound
    for dims in sizes(problem):
        for _ in range(8):
            yield dims, None


def _specs(problem: Problem, dims: Mapping[str, int]) -> list[numeric_instances.Spec]:
    specs = []
    for name, shape in sorted(problem.shapes.items()):
        identifier = problem.naming.identifier(name)
        if shape.is_scalar:
            specs.append(numeric_instances.Spec(identifier, None))
            continue
        size = tuple(dim if isinstance(dim, int) else dims[dim] for dim in (shape.rows, shape.cols))
        specs.append(numeric_instances.Spec(identifier, size, symmetric=name in problem.symmetric))  # type: ignore[arg-type]
    return specs


def draw(problem: Problem, dims: Mapping[str, int], rng: np.random.Generator, *, bound: int | None) -> dict[str, Any]:
    """Values for every symbol, keyed by generated identifier: integers in ±bound, or floats."""
    specs = _specs(problem, dims)
    if bound is None:
        return numeric_instances.draw_float(specs, rng)
    return numeric_instances.draw_integer(specs, rng, bound=bound)


def _compile_dims(problem: Problem, dims: Mapping[str, int]) -> dict[str, int]:
    return {f"n_{problem.naming.identifier('dim:' + name)}": size for name, size in dims.items()}


def evaluate(problem: Problem, poly: canonical.Poly, dims: Mapping[str, int], values: Mapping[str, Any]) -> Any:
    """A canonical polynomial's value at an instance keyed by identifiers."""
    arguments = [problem.symbol(name) for name in sorted(problem.shapes)]
    expression = _ones(sympy_bridge.to_sympy(poly))
    function = lambdify.to_numpy(expression, arguments, dimensions=_compile_dims(problem, dims))
    return function(**values)


def _ones(expression: sympy.Basic) -> sympy.Basic:
    """𝟏 as SymPy's matrix of ones, which the compilers print (a symbol named 𝟏 is not code)."""
    ones = {m: sympy.OneMatrix(*m.shape) for m in expression.atoms(sympy.MatrixSymbol) if m.name == tree.ONES}
    return expression.xreplace(ones) if ones else expression


def shown(problem: Problem, *polys: canonical.Poly | None, values: Mapping[str, Any]) -> dict[str, Any]:
    """The values of the symbols that ``polys`` use, in the document's names, as plain numbers."""
    used: set[str] = set()
    for poly in polys:
        if poly is not None:
            expression = sympy_bridge.to_sympy(poly)
            used |= {s.name for s in expression.free_symbols} | {m.name for m in expression.atoms(sympy.MatrixSymbol)}
    found = {}
    for identifier in sorted(used & set(values)):
        value = np.asarray(values[identifier])
        plain = value.astype(int) if np.all(value == np.round(value)) else np.round(value, 4)
        found[problem.naming.name(identifier)] = plain.tolist()
    return found


def random_instance(problem: Problem, rng: np.random.Generator, dims: Mapping[str, int] | None = None) -> dict[str, Any]:
    """Random float64 arguments for the generated functions: Python names, vectors 1-D."""
    values = draw(problem, dims if dims is not None else sizes(problem)[0], rng, bound=None)
    names = python_names(problem)
    found = {}
    for name, shape in problem.shapes.items():
        value = values[problem.naming.identifier(name)]
        found[names[name]] = np.ravel(value) if not shape.is_scalar and 1 in (shape.rows, shape.cols) else value
    return found


def reference(problem: Problem, instance: Mapping[str, Any], *, hessian: bool = True) -> dict[str, Any]:
    """Objective (NumPy), gradient and Hessian (TensorFlow GradientTape) of the objective as written."""
    names = python_names(problem)
    values: dict[str, Any] = {}
    dims: dict[str, int] = {}
    for name, shape in problem.shapes.items():
        value = instance[names[name]]
        if shape.is_scalar:
            values[problem.naming.identifier(name)] = float(value)
            continue
        array = np.asarray(value, dtype=np.float64)
        rows, cols = (array.size, 1) if shape.cols == 1 else (1, array.size) if shape.rows == 1 else array.shape
        values[problem.naming.identifier(name)] = array.reshape((rows, cols))
        for dim, size in ((shape.rows, rows), (shape.cols, cols)):
            if isinstance(dim, str):
                dims[dim] = int(size)
    expression = _ones(problem.translator(problem.objective).value(problem.objective))
    arguments = [problem.symbol(name) for name in sorted(problem.shapes)]
    compiled = _compile_dims(problem, dims)
    as_tf = lambdify.to_tensorflow(expression, arguments, dimensions=compiled)
    wrt = problem.identifier
    found = {
        "objective": lambdify.to_numpy(expression, arguments, dimensions=compiled)(**values),
        "gradient": autodiff.gradient(as_tf, values, wrt),
    }
    if hessian:
        found["hessian"] = autodiff.hessian(as_tf, values, wrt)
    return found
