"""Grades for 12_ridge_identity_matrix.md (asker's ill-typed steps, answer's clean derivation)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, mmul, madd

r = rng(12)
inst = []
for n, p in [(3, 2), (4, 4), (6, 3)]:
    inst.append(dict(X=r.standard_normal((n, p)), Y=r.standard_normal(n), b=r.standard_normal(p),
                     lam=float(r.uniform(0.1, 2.0))))
I = lambda d: np.eye(d["X"].shape[1])
ridge = lambda d: np.linalg.solve(d["X"].T @ d["X"] + d["lam"] * I(d), d["X"].T @ d["Y"])
grad_f = lambda d, b: d["X"].T @ (d["X"] @ b - d["Y"]) + d["lam"] * b

G = Grader(__file__)
G.solution(r"\beta = {X^{\top}Y}({X^{\top}X+\lambda I})^{-1}", inst, grad_f,
           lambda d: mmul(d["X"].T @ d["Y"], np.linalg.inv(d["X"].T @ d["X"] + d["lam"] * I(d))),
           "WRONG (asker's quoted formula): factors in the wrong order; (p x 1)(p x p) is undefined for p > 1")
# The asker's loss uses X^T beta, i.e. a p x n matrix in the role of X; grade it in that reading.
ainst = [dict(Xa=d["X"].T, Y=d["Y"], b=d["b"], lam=d["lam"]) for d in inst]
G.definition(r"L = {(X^{\top}\beta-Y)^2+\lambda\beta^{\top}\beta}",
             "asker's loss; (.)^2 of a vector read as its squared norm, X is p x n here")
La = lambda d: np.sum((d["Xa"].T @ d["b"] - d["Y"]) ** 2) + d["lam"] * d["b"] @ d["b"]
G.derivative(r"\frac{dL}{d\beta} = 2({X^{\top}\beta-Y)X}+2{\lambda \beta}", ainst, La, "b",
             lambda d: madd(mmul(d["Xa"].T @ d["b"] - d["Y"], d["Xa"]), 2 * d["lam"] * d["b"]),
             "WRONG STEP (asker): (X^T beta - Y) X does not conform; the gradient is 2X(X^T beta - Y) + 2 lambda beta")
G.equation(r"X^{\top} X\beta- X^{\top} Y +\lambda \beta = 0",
           "normal equation of the usual n x p X (inconsistent with the asker's own loss)")
G.equation(r"\beta ( X^{\top} X + \lambda) = X^{\top} Y",
           "invalid step: matrix plus scalar, beta on the wrong side; needs (X^T X + lambda I) beta")
f = lambda d: 0.5 * np.linalg.norm(d["X"] @ d["b"] - d["Y"]) ** 2 + 0.5 * d["lam"] * np.linalg.norm(d["b"]) ** 2
G.definition(r"f(\beta) = \frac12 \| X \beta - Y \|^2 + \frac{\lambda}{2} \| \beta \|^2.", "answer's objective")
G.derivative(r"f'(\beta) = (X \beta - Y)^ T X + \lambda \beta^T.", inst, f, "b",
             lambda d: (d["X"] @ d["b"] - d["Y"]) @ d["X"] + d["lam"] * d["b"],
             "row-vector derivative compared with FD gradient (layout ignored)", orient_free=True)
G.definition(r"\nabla f(\beta) = f'(\beta)^T", "convention: gradient = transposed derivative")
G.derivative(r"f'(\beta)^T = X^T(X \beta - Y) + \lambda \beta.", inst, f, "b",
             lambda d: d["X"].T @ (d["X"] @ d["b"] - d["Y"]) + d["lam"] * d["b"], "central FD gradient")
G.equation(r"(X^T X + \lambda I) \beta = X^T Y.", "stationarity; solved by (X^T X + lambda I)^{-1} X^T Y")
G.emit()
