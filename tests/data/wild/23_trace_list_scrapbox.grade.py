"""Grades for 23_trace_list_scrapbox.md (derivative w.r.t. X^T, \\mathrm{tr} without parentheses)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, fd_grad

r = rng(23)
sq = [dict(X=r.standard_normal((n, n))) for n in (2, 3, 4)]
xa = [dict(X=r.standard_normal((m, n)), A=r.standard_normal((n, m))) for m, n in [(2, 3), (3, 2), (4, 4)]]
axt = [dict(X=r.standard_normal((m, n)), A=r.standard_normal((m, n))) for m, n in [(2, 3), (3, 2), (4, 4)]]
xaxt = [dict(X=r.standard_normal((m, n)), A=r.standard_normal((n, n))) for m, n in [(2, 3), (3, 2), (4, 4)]]

G = Grader(__file__)
G.derivative(r"\frac{\partial}{\partial X} \mathrm{tr} (X) = I", sq, lambda d: np.trace(d["X"]), "X",
             lambda d: np.eye(d["X"].shape[0]), "FD gradient")
G.derivative(r"\frac{\partial}{\partial X}\mathrm{tr} (XA) = A^\top", xa, lambda d: np.trace(d["X"] @ d["A"]), "X",
             lambda d: d["A"].T, "FD gradient, rectangular X and A")
G.derivative(r"\frac{\partial}{\partial X^\top} \mathrm{tr} (XA) = A", xa, lambda d: np.trace(d["X"] @ d["A"]), "X",
             lambda d: d["A"], "gradient w.r.t. X^T is the transposed FD gradient w.r.t. X", transpose=True)
G.derivative(r"\frac{\partial ~ \mathrm{tr} AX^\top}{\partial X} = A", axt, lambda d: np.trace(d["A"] @ d["X"].T), "X",
             lambda d: d["A"], "FD gradient (tr without parentheses binds the whole product)")
G.derivative(r"\frac{\partial \ \mathrm{tr} XAX^\top}{\partial X} = X(A+A^\top)", xaxt,
             lambda d: np.trace(d["X"] @ d["A"] @ d["X"].T), "X", lambda d: d["X"] @ (d["A"] + d["A"].T),
             "FD gradient, non-symmetric A")
G.emit()
