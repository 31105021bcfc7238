"""TensorFlow is imported lazily, once, and silently."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _run(code: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    environment.pop("TF_CPP_MIN_LOG_LEVEL", None)
    environment.pop("TF_USE_LEGACY_KERAS", None)  # set by an in-process cli.main in an earlier test
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=120,
    )


def test_numpy_side_does_not_import_tensorflow() -> None:
    result = _run(
        "import sys, sympy, numpy\n"
        "import numeric.lambdify, numeric.floating, numeric.shrink, numeric.instances, numeric.lstsq\n"
        "import numeric.autodiff, numeric.tf_loader\n"
        "x = sympy.MatrixSymbol('v0', 2, 1)\n"
        "value = numeric.lambdify.to_numpy(sympy.Trace(x.T * x), [x])(v0=numpy.ones((2, 1)))\n"
        "assert value == 2.0, value\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'tensorflow'))\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_exact_batched_and_taylor_oracles_do_not_import_tensorflow() -> None:
    result = _run(
        "import sys, sympy, numpy\n"
        "from numeric import batch, exact, floating, instances, lambdify, taylor\n"
        "x = sympy.MatrixSymbol('v0', 2, 1)\n"
        "specs = [instances.Spec('v0', (2, 1))]\n"
        "rng = numpy.random.default_rng(0)\n"
        "assert exact.check_identity(x.T * x, (x.T * x).T, specs, rng).agreed\n"
        "stacked = instances.draw_float_batch(specs, rng, 10)\n"
        "f = batch.to_numpy_batched(sympy.Trace(x.T * x), [x])\n"
        "assert floating.compare_batched(f, f, stacked).agreed\n"
        "g, d = lambdify.to_numpy(sympy.Trace(x.T * x), [x]), lambdify.to_numpy(2 * x, [x])\n"
        "assert taylor.remainder_test(g, d, {'v0': numpy.ones((2, 1))}, 'v0', rng).passed\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'tensorflow'))\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_tensorflow_start_up_writes_nothing_to_stderr() -> None:
    result = _run(
        "import numpy, sympy\n"
        "from numeric import autodiff, lambdify, tf_loader\n"
        "x = sympy.MatrixSymbol('v0', 2, 1)\n"
        "f = lambdify.to_tensorflow(sympy.Trace(x.T * x) ** 2, [x])\n"
        "h = autodiff.hessian(f, {'v0': numpy.ones((2, 1))}, 'v0')\n"
        "assert tf_loader.tensorflow() is tf_loader.tensorflow()\n"
        "print(h.tolist())\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip() == "[[16.0, 8.0], [8.0, 16.0]]"  # 4(xᵀx)I + 8xxᵀ


def test_other_writes_to_stderr_during_the_import_are_kept() -> None:
    # the import runs in a background thread while the main thread warns: the warning gets through
    result = _run(
        "import sys, time, warnings\n"
        "from numeric import tf_loader\n"
        "tf_loader.prefetch()\n"
        "time.sleep(0.5)\n"
        "print('written meanwhile', file=sys.stderr, flush=True)\n"
        "tf = tf_loader.tensorflow()\n"
        "print(float(tf.reduce_sum(tf.constant([1.0, 2.0], dtype=tf.float64))))\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == "written meanwhile\n"
    assert result.stdout.strip() == "3.0"


def test_prefetch_and_a_call_share_one_import() -> None:
    result = _run(
        "import threading\n"
        "from numeric import tf_loader\n"
        "tf_loader.prefetch()\n"
        "tf_loader.prefetch()\n"
        "modules = []\n"
        "callers = [threading.Thread(target=lambda: modules.append(tf_loader.tensorflow())) for _ in range(3)]\n"
        "[caller.start() for caller in callers]\n"
        "[caller.join() for caller in callers]\n"
        "assert len({id(module) for module in modules}) == 1 and len(modules) == 3\n"
        "print(sum(thread.name == 'tensorflow-stderr' for thread in threading.enumerate()))\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip() == "0"  # the filter thread ended with the import


def test_a_lean_process_imports_tensorflow_without_keras() -> None:
    code = (
        "import sys\n"
        "from numeric import autodiff, lambdify, tf_loader\n"
        "{lean}\n"
        "import numpy, sympy\n"
        "x = sympy.MatrixSymbol('v0', 2, 1)\n"
        "f = lambdify.to_tensorflow(sympy.Trace(x.T * x), [x])\n"
        "print(autodiff.gradient(f, {{'v0': numpy.array([[1.0], [2.0]])}}, 'v0').ravel().tolist(), 'keras' in sys.modules)\n"
    )
    lean, default = _run(code.format(lean="tf_loader.lean_process()")), _run(code.format(lean=""))
    assert lean.returncode == 0 and default.returncode == 0, lean.stderr + default.stderr
    assert lean.stdout.split() == ["[2.0,", "4.0]", "False"]  # GradientTape works without Keras
    assert default.stdout.split()[-1] == "True"  # a library user's process keeps TensorFlow's own behaviour
