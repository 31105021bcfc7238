"""NumPy and TensorFlow code printed from a derivation's canonical forms, checked against GradientTape."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from derive import errors
from derive.deriving import code_printer, instances
from numeric import floating, tf_loader
from numeric import errors as numeric_errors

if TYPE_CHECKING:
    from derive.deriving.derivation import Derivation

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
    printer = code_printer.Printer(problem, backend)
    source = printer.module(derivation)
    tf_loader.tensorflow()  # the references need it anyway; importing it here keeps its start-up noise silenced
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
    exec(compile(source, "<derive generated>", "exec"), namespace)  # noqa: S102 - code printed by code_printer.Printer
    return {name: namespace[name] for name in ("objective", "gradient", "hessian") if name in namespace}


def call(function: Callable[..., Any], instance: Mapping[str, Any], backend: str) -> Any:
    """Call a generated function on NumPy values (converted to float64 tensors for TensorFlow)."""
    if backend == "numpy":
        return function(**instance)
    tf = tf_loader.tensorflow()
    result = function(**{name: tf.constant(value, dtype=tf.float64) for name, value in instance.items()})
    return result.numpy() if hasattr(result, "numpy") else result
