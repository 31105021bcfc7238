"""Small helpers shared by the ``*.grade.py`` scripts of the wild corpus.

Plain NumPy only.  Each grading script builds a :class:`Grader` for its
Markdown file, registers one entry per relation (in document order) and calls
:meth:`Grader.emit`, which prints the JSON list on stdout.

The ``latex`` text given for each relation must occur verbatim in the Markdown
file; the grader looks it up (searching forward from the previous relation) to
find the 1-based ``line`` number, and raises if it is missing, so the
transcription and the grades cannot drift apart silently.

Numerical conventions
---------------------
* float64 throughout, fixed seeds.
* Finite differences: central, step ``H = 1e-6``, compared with relative
  error ``FD_TOL = 1e-6``.
* Exact algebraic identities are compared with relative error ``EXACT_TOL``.
* A gradient with respect to a matrix ``X`` is the array of partials
  ``dF/dX_ij`` laid out like ``X`` (denominator / gradient layout).
"""

import json
import os
import sys

import numpy as np

H = 1e-6
FD_TOL = 1e-6
EXACT_TOL = 1e-9

KINDS = {"identity", "derivative", "solution", "definition", "condition",
         "equation", "hessian"}


class ShapeMismatch(Exception):
    pass


def rng(seed=0):
    return np.random.default_rng(seed)


def randn(r, *shape):
    return r.standard_normal(shape)


def spd(r, n):
    """Random symmetric positive definite n x n matrix (well conditioned)."""
    a = r.standard_normal((n, n))
    return a @ a.T + n * np.eye(n)


def sym(r, n):
    a = r.standard_normal((n, n))
    return (a + a.T) / 2


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def softmax(o):
    e = np.exp(o - np.max(o))
    return e / e.sum()


def madd(*terms):
    """Sum of matrix terms that refuses NumPy broadcasting: all shapes must
    agree exactly (after treating 1-D vectors as columns), else ShapeMismatch."""
    arrs = [np.asarray(t, dtype=float) for t in terms]
    arrs = [a.reshape(-1, 1) if a.ndim == 1 else a for a in arrs]
    shapes = {a.shape for a in arrs if a.ndim > 0}
    if len(shapes) > 1:
        raise ShapeMismatch("cannot add shapes %s" % sorted(shapes))
    out = arrs[0]
    for a in arrs[1:]:
        out = out + a
    return out


def mmul(a, b):
    """Matrix product that refuses to treat a column as a row (no implicit
    transposes): 1-D vectors are columns, products must conform exactly."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    a2 = a.reshape(-1, 1) if a.ndim == 1 else a
    b2 = b.reshape(-1, 1) if b.ndim == 1 else b
    if a2.ndim == 0 or b2.ndim == 0:
        return a2 * b2
    if a2.shape[1] != b2.shape[0]:
        raise ShapeMismatch("cannot multiply %s by %s" % (a2.shape, b2.shape))
    return a2 @ b2


def as_array(v):
    return np.atleast_1d(np.asarray(v, dtype=float))


def rel_err(a, b):
    a = as_array(a)
    b = as_array(b)
    if a.shape != b.shape:
        raise ShapeMismatch("%s vs %s" % (a.shape, b.shape))
    scale = max(1.0, float(np.linalg.norm(a)), float(np.linalg.norm(b)))
    return float(np.linalg.norm(a - b)) / scale


def close(a, b, tol=EXACT_TOL, orient_free=False):
    """True when a and b agree to relative error tol.

    orient_free: compare vectors as flat arrays (row vs column ignored), for
    authors who mix numerator and denominator layout for vector gradients.
    """
    a = as_array(a)
    b = as_array(b)
    if orient_free and a.size == b.size and (a.ndim <= 2 and b.ndim <= 2) \
            and (min(a.shape) == 1 or a.ndim == 1) \
            and (min(b.shape) == 1 or b.ndim == 1):
        a = a.ravel()
        b = b.ravel()
    return rel_err(a, b) <= tol


def fd_grad(f, x, h=H):
    """Central-difference gradient of scalar f at array x (same shape as x)."""
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        xp = x.copy()
        xm = x.copy()
        xp[i] += h
        xm[i] -= h
        g[i] = (float(f(xp)) - float(f(xm))) / (2 * h)
    return g


def fd_jac(f, x, h=H):
    """Central-difference Jacobian J[i, j] = d f_i / d x_j for vector f, x."""
    x = np.array(x, dtype=float).ravel()
    f0 = as_array(f(x)).ravel()
    jac = np.zeros((f0.size, x.size))
    for j in range(x.size):
        xp = x.copy()
        xm = x.copy()
        xp[j] += h
        xm[j] -= h
        jac[:, j] = (as_array(f(xp)).ravel() - as_array(f(xm)).ravel()) / (2 * h)
    return jac


def fd_deriv(f, t, h=H):
    """Central-difference derivative of a (scalar or array) function of t."""
    return (np.asarray(f(t + h), dtype=float) - np.asarray(f(t - h), dtype=float)) / (2 * h)


def fd_hess(f, x, h=1e-4):
    """Hessian of scalar f by central differences of second order."""
    x = np.array(x, dtype=float).ravel()
    n = x.size
    hs = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            def shift(di, dj):
                y = x.copy()
                y[i] += di
                y[j] += dj
                return float(f(y))
            hs[i, j] = (shift(h, h) - shift(h, -h) - shift(-h, h) + shift(-h, -h)) / (4 * h * h)
    return hs


class Grader:
    """Collects grades for one Markdown document."""

    def __init__(self, script_file):
        base = os.path.basename(script_file)
        assert base.endswith(".grade.py"), base
        self.md_name = base[: -len(".grade.py")] + ".md"
        self.md_path = os.path.join(os.path.dirname(os.path.abspath(script_file)), self.md_name)
        with open(self.md_path, encoding="utf-8") as fh:
            self.lines = fh.read().split("\n")
        self.pos = 0
        self.out = []

    # -- bookkeeping -----------------------------------------------------
    def _locate(self, latex):
        span = latex.count("\n") + 1      # a relation may span several source lines
        for k in range(self.pos, len(self.lines)):
            if latex in "\n".join(self.lines[k:k + span]):
                self.pos = k
                return k + 1
        raise LookupError("%s: relation text not found after line %d: %r"
                          % (self.md_name, self.pos + 1, latex))

    def skip(self):
        """Move the search start past the current line (for a relation whose
        text is also a substring of the line located last)."""
        self.pos += 1

    def add(self, latex, kind, holds, note):
        assert kind in KINDS, kind
        if holds is not None:
            holds = bool(holds)
        if kind in ("definition", "condition", "equation"):
            assert holds is None, (latex, kind)
        else:
            assert holds in (True, False), (latex, holds)
        line = self._locate(latex)
        text = latex.strip()
        if text.endswith("\\\\"):          # a row's line break is not part of the relation
            text = text[:-2].rstrip()
        self.out.append({"line": line, "latex": text, "kind": kind,
                         "holds": holds, "note": note})

    def definition(self, latex, note="definition"):
        self.add(latex, "definition", None, note)

    def condition(self, latex, note="condition"):
        self.add(latex, "condition", None, note)

    def equation(self, latex, note="equation to solve"):
        self.add(latex, "equation", None, note)

    # -- numerical checks ------------------------------------------------
    def check(self, latex, kind, instances, lhs, rhs, note, tol=EXACT_TOL,
              orient_free=False):
        """Grade `lhs(d) == rhs(d)` on every instance dict d."""
        holds = True
        extra = ""
        worst = 0.0
        for d in instances:
            try:
                a, b = as_array(lhs(d)), as_array(rhs(d))
                if orient_free and a.size == b.size and a.ndim <= 2 and b.ndim <= 2 \
                        and (a.ndim == 1 or min(a.shape) == 1) and (b.ndim == 1 or min(b.shape) == 1):
                    a, b = a.ravel(), b.ravel()
                err = rel_err(a, b)
                worst = max(worst, err)
                ok = err <= tol
            except (ShapeMismatch, ValueError) as exc:
                ok = False
                worst = float("inf")
                extra = "; shape mismatch (%s)" % exc
            if not ok:
                holds = False
                break
        if os.environ.get("WILD_DEBUG"):
            sys.stderr.write("%s | %-5s | tol %.0e | worst rel err %.2e | %s\n"
                             % (self.md_name, holds, tol, worst, latex[:60]))
        if not holds and not extra:
            extra = "; counterexample found"
        self.add(latex, kind, holds, note + extra)
        return holds

    def identity(self, latex, instances, lhs, rhs, note, **kw):
        return self.check(latex, "identity", instances, lhs, rhs, note, **kw)

    def derivative(self, latex, instances, f, wrt, claimed, note,
                   kind="derivative", orient_free=False, transpose=False):
        """Grade a gradient claim: FD gradient of f w.r.t. d[wrt] vs claimed(d).

        transpose=True compares against the transposed FD gradient (for
        authors whose stated convention is numerator layout).
        """
        def fd(d):
            def g(v):
                e = dict(d)
                e[wrt] = v
                return f(e)
            gr = fd_grad(g, d[wrt])
            return gr.T if transpose else gr
        return self.check(latex, kind, instances, claimed, fd, note,
                          tol=FD_TOL, orient_free=orient_free)

    def solution(self, latex, instances, grad, sol, note):
        """Grade a claimed stationary point: grad(d, sol(d)) must vanish."""
        holds = True
        extra = ""
        for d in instances:
            try:
                g = as_array(grad(d, sol(d)))
                scale = max(1.0, float(np.linalg.norm(as_array(sol(d)))))
                ok = float(np.linalg.norm(g)) <= 1e-6 * scale
            except (ShapeMismatch, ValueError) as exc:
                ok = False
                extra = "; shape mismatch (%s)" % exc
            if not ok:
                holds = False
                break
        if not holds and not extra:
            extra = "; gradient does not vanish there"
        self.add(latex, "solution", holds, note + extra)
        return holds

    def emit(self):
        json.dump(self.out, sys.stdout, indent=1)
        sys.stdout.write("\n")
