"""Grades for 19_trace_AXB_frobenius.md ({\\bf}, \\Bbb, \\color, \\boxed, \\mbox{tr}, \\cdots in a chain)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, fd_grad

r = rng(19)
inst = [dict(A=r.standard_normal((n, n)), B=r.standard_normal((n, n)), X=r.standard_normal((n, n)),
             U=r.standard_normal((n, n))) for n in (2, 3, 4)]
f = lambda d, X: np.trace(d["A"] @ X @ d["B"])
n_of = lambda d: d["X"].shape[0]
E = lambda n, i, j: np.outer(np.eye(n)[i], np.eye(n)[j])
allij = lambda d, fun: np.array([[fun(d, i, j) for j in range(n_of(d))] for i in range(n_of(d))])
pij = lambda d, i, j: (f(d, d["X"] + 1e-6 * E(n_of(d), i, j)) - f(d, d["X"] - 1e-6 * E(n_of(d), i, j))) / 2e-6

G = Grader(__file__)
G.definition(r"\mathbf{U}:\mathbf{V} = \mathrm{tr}(\mathbf{U}^T \mathbf{V})", "defines the colon product")
G.derivative(r"\frac{\partial \phi}{\partial \mathbf{X}} = (\mathbf{BA})^T", inst, lambda d: f(d, d["X"]), "X",
             lambda d: (d["B"] @ d["A"]).T, "FD gradient laid out like X (denominator layout)")
G.definition(r"f ( {\bf X} ) := \mbox{tr} \left( {\bf A} {\bf X} {\bf B} \right)", "defines f with :=")
G.identity(r"\mbox{tr} \left( {\bf A} {\bf X} {\bf B} \right) = \mbox{tr} \left( {\bf B} {\bf A} {\bf X} \right)", inst,
           lambda d: f(d, d["X"]), lambda d: np.trace(d["B"] @ d["A"] @ d["X"]), "cyclic property")
G.identity(r"\mbox{tr} \left( {\bf B} {\bf A} {\bf X} \right) = \left\langle \color{blue}{{\bf A}^\top {\bf B}^\top}, {\bf X} \right\rangle",
           inst, lambda d: np.trace(d["B"] @ d["A"] @ d["X"]), lambda d: np.sum((d["A"].T @ d["B"].T) * d["X"]),
           "Frobenius inner product")
G.derivative(r"\boxed{ \nabla_{{\bf X}} f ({\bf X}) = \color{blue}{{\bf A}^\top {\bf B}^\top} }", inst,
             lambda d: f(d, d["X"]), "X", lambda d: d["A"].T @ d["B"].T, "FD gradient (\\color, \\boxed are decoration)")
G.identity(r"\partial_{ij} f ({\bf X}) = \partial_{ij} \mbox{tr} \left( {\bf A} {\bf X} {\bf B} \right)", inst,
           lambda d: allij(d, pij), lambda d: allij(d, pij), "f as defined; all i, j", tol=1e-6)
G.check(r"= \mbox{tr} \left( {\bf A} \left( \partial_{ij} {\bf X} \right) {\bf B} \right)", "derivative", inst,
        lambda d: allij(d, pij), lambda d: allij(d, lambda d, i, j: np.trace(d["A"] @ E(n_of(d), i, j) @ d["B"])),
        "linearity: FD partial vs trace with dX/dx_ij = e_i e_j^T", tol=1e-6)
G.identity(r"= \mbox{tr} \left( {\bf A} \, {\bf e}_i {\bf e}_j^\top {\bf B} \right)", inst,
           lambda d: allij(d, lambda d, i, j: np.trace(d["A"] @ E(n_of(d), i, j) @ d["B"])),
           lambda d: allij(d, lambda d, i, j: np.trace(d["A"] @ np.outer(np.eye(n_of(d))[i], np.eye(n_of(d))[j]) @ d["B"])),
           "partial of X w.r.t. x_ij is e_i e_j^T")
G.identity(r"\mbox{tr} \left( {\bf A} \, {\bf e}_i {\bf e}_j^\top {\bf B} \right) = \cdots = \left( {\bf A}^\top {\bf B}^\top \right)_{ij}",
           inst, lambda d: allij(d, lambda d, i, j: np.trace(d["A"] @ E(n_of(d), i, j) @ d["B"])),
           lambda d: d["A"].T @ d["B"].T, "end points of the elided chain, all i, j")
G.emit()
