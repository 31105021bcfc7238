"""Grades for 13_ridge_augmented_rows.md (\\top and \\prime transposes, \\pmatrix)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng

r = rng(13)
inst = []
for n, p in [(3, 2), (4, 4), (6, 3)]:
    inst.append(dict(X=r.standard_normal((n, p)), y=r.standard_normal(n), lam=float(r.uniform(0.1, 2.0))))
I = lambda d: np.eye(d["X"].shape[1])

G = Grader(__file__)
G.solution(r"\beta = (X^\top X)^{-1}X^\top y.", inst, lambda d, b: 2 * d["X"].T @ (d["X"] @ b - d["y"]),
           lambda d: np.linalg.solve(d["X"].T @ d["X"], d["X"].T @ d["y"]),
           "OLS: gradient of |y - X b|^2 vanishes; needs full column rank")
G.solution(r"\beta = (X^\top X + \lambda I)^{-1}X^\top y?", inst,
           lambda d, b: 2 * d["X"].T @ (d["X"] @ b - d["y"]) + 2 * d["lam"] * b,
           lambda d: np.linalg.solve(d["X"].T @ d["X"] + d["lam"] * I(d), d["X"].T @ d["y"]),
           "ridge: gradient of the penalised loss vanishes ('?' is the asker's punctuation); "
           "unique minimiser for lambda > 0")
G.equation(r"X^{T}Y = \left(X^{T}X + \lambda I\right)\beta", "modified normal equation")
G.definition(r"f(\beta) = (y - X\beta)^\prime(y - X\beta)", "residual sum of squares")
G.equation(r"(X^\prime X)\beta = X^\prime y.", "normal equations of f")
G.definition(r"X_{*} = \pmatrix{X \\ \nu I}", "augmented design matrix, nu^2 = lambda")
G.emit()
