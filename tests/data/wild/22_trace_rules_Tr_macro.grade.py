"""Grades for 22_trace_rules_Tr_macro.md (undefined \\Tr macro, \\mathsf{T}, \\tag)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, fd_grad

r = rng(22)
sq = [dict(X=r.standard_normal((n, n)), a=float(r.standard_normal())) for n in (2, 3, 4)]
i2 = [dict(A=r.standard_normal((n, p)), X=r.standard_normal((p, n))) for n, p in [(2, 3), (3, 2), (4, 4)]]
i2b = [dict(A=r.standard_normal((n, p)), X=r.standard_normal((n, p))) for n, p in [(2, 3), (3, 2), (4, 4)]]
i3 = [dict(A=r.standard_normal((n, p)), X=r.standard_normal((p, q)), B=r.standard_normal((q, n)))
      for n, p, q in [(2, 3, 4), (3, 2, 2), (4, 4, 4)]]
gX = lambda fun: (lambda d: fd_grad(lambda X: fun(dict(d, X=X)), d["X"]))

G = Grader(__file__)
G.derivative(r"\dfrac{\partial \Tr(\mathbf{X})}{\partial \mathbf{X}} = I", sq, lambda d: np.trace(d["X"]), "X",
             lambda d: np.eye(d["X"].shape[0]), "FD gradient (\\Tr read as the trace)")
G.derivative(r"\dfrac{\partial \Tr(a\mathbf{X})}{\partial \mathbf{X}} = aI", sq, lambda d: np.trace(d["a"] * d["X"]),
             "X", lambda d: d["a"] * np.eye(d["X"].shape[0]), "FD gradient")
TrAX = lambda d: np.trace(d["A"] @ d["X"])
TrXA = lambda d: np.trace(d["X"] @ d["A"])
G.identity(r"\dfrac{\partial \Tr(\mathbf{A}\mathbf{X})}{\partial \mathbf{X}} = \dfrac{\partial \Tr( \mathbf{X}\mathbf{A})}{\partial \mathbf{X}}",
           i2, gX(TrAX), gX(TrXA), "FD gradients of both traces", tol=1e-6)
G.derivative(r"= \mathbf{A}^{\mathsf{T}} \tag{2}", i2, TrAX, "X", lambda d: d["A"].T, "FD gradient, A n x p, X p x n")
TrAXt = lambda d: np.trace(d["A"] @ d["X"].T)
TrXtA = lambda d: np.trace(d["X"].T @ d["A"])
G.identity(r"\dfrac{\partial \Tr(\mathbf{A}\mathbf{X}^{\mathsf{T}})}{\partial \mathbf{X}} = \dfrac{\partial \Tr( \mathbf{X}^{\mathsf{T}}\mathbf{A})}{\partial \mathbf{X}}",
           i2b, gX(TrAXt), gX(TrXtA), "FD gradients; X taken with the shape of A (n x p)", tol=1e-6)
G.derivative(r"= \mathbf{A}", i2b, TrAXt, "X", lambda d: d["A"], "FD gradient")
G.derivative(r"\dfrac{\partial \Tr(\mathbf{A}\mathbf{X}\mathbf{B})}{\partial \mathbf{X}} = \mathbf{A}^{\mathsf{T}}\mathbf{B}^{\mathsf{T}} \tag{3}",
             i3, lambda d: np.trace(d["A"] @ d["X"] @ d["B"]), "X", lambda d: d["A"].T @ d["B"].T,
             "FD gradient, rectangular A, X, B")
G.emit()
