"""Grades for 08_ols_rss_hat_matrix.md (\\operatorname{T} as the transpose, \\iff chain)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng

r = rng(8)
inst = []
for n, k in [(3, 2), (4, 4), (7, 3)]:
    X = r.standard_normal((n, k))
    y = r.standard_normal(n)
    bh = np.linalg.solve(X.T @ X, X.T @ y)
    inst.append(dict(X=X, y=y, bh=bh, e=y - X @ bh, H=X @ np.linalg.inv(X.T @ X) @ X.T))
rss = lambda d: d["e"] @ d["e"]

G = Grader(__file__)
G.definition(r"y = X \beta + e", "regression model; defines the error e")
G.equation(r"&X \hat \beta = y", "overdetermined system; not solvable in general")
G.equation(r"\iff & X^\operatorname{T} X \hat \beta = X^\operatorname{T} y",
           "normal equations; NOT equivalent to the previous line in general (only implied by it)")
G.solution(r"\iff & \hat \beta = \left(X^\operatorname{T} X\right)^{-1}X^\operatorname{T} y.", inst,
           lambda d, b: 2 * d["X"].T @ (d["X"] @ b - d["y"]), lambda d: d["bh"],
           "gradient of |y - X b|^2 vanishes there; requires X^T X invertible; it solves the normal "
           "equations, not X b = y (square case n = k aside)")
G.definition(r"\operatorname{RSS} = \hat e ^\operatorname{T} \hat e", "defines RSS from the residual vector")
G.identity(r"\hat e ^\operatorname{T} \hat e = \left\| \hat e \right\|^2", inst, rss,
           lambda d: np.linalg.norm(d["e"]) ** 2, "squared Euclidean norm")
G.identity(r"\operatorname{RSS} &= y^\operatorname{T} y - y^\operatorname{T} X \left(X^\operatorname{T} X\right)^{-1} X^\operatorname{T} y",
           inst, rss, lambda d: d["y"] @ d["y"] - d["y"] @ d["X"] @ np.linalg.inv(d["X"].T @ d["X"]) @ d["X"].T @ d["y"],
           "at the OLS estimate; projection is idempotent")
G.identity(r"&= y^\operatorname{T} \left[I - X \left(X^\operatorname{T} X\right)^{-1} X^\operatorname{T}\right] y",
           inst, lambda d: d["y"] @ d["y"] - d["y"] @ d["X"] @ np.linalg.inv(d["X"].T @ d["X"]) @ d["X"].T @ d["y"],
           lambda d: d["y"] @ (np.eye(len(d["y"])) - d["X"] @ np.linalg.inv(d["X"].T @ d["X"]) @ d["X"].T) @ d["y"],
           "factor y^T ... y")
G.identity(r"&= y^\operatorname{T} \left[I - H\right] y,", inst,
           lambda d: d["y"] @ (np.eye(len(d["y"])) - d["X"] @ np.linalg.inv(d["X"].T @ d["X"]) @ d["X"].T) @ d["y"],
           lambda d: d["y"] @ (np.eye(len(d["y"])) - d["H"]) @ d["y"], "H = X (X^T X)^{-1} X^T (stated in prose)")
G.emit()
