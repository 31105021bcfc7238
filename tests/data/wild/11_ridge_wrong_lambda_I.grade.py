"""Grades for 11_ridge_wrong_lambda_I.md (real mistakes: lambda I for lambda beta)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, madd, mmul, fd_grad

r = rng(11)
inst = []
for n, k in [(3, 2), (4, 4), (6, 3)]:
    inst.append(dict(X=r.standard_normal((n, k)), y=r.standard_normal(n), b=r.standard_normal(k),
                     lam=float(r.uniform(0.1, 2.0))))
Lsum = lambda d, b: (sum((d["y"][i] - d["X"][i] @ b) ** 2 for i in range(len(d["y"])))
                     + d["lam"] * sum(bj ** 2 for bj in b))
Lmat = lambda d, b: np.linalg.norm(d["y"] - d["X"] @ b) ** 2 + d["lam"] * np.sum(b ** 2)
gradL = lambda d, b: -2 * d["X"].T @ (d["y"] - d["X"] @ b) + 2 * d["lam"] * b
I = lambda d: np.eye(d["X"].shape[1])

G = Grader(__file__)
G.definition(r"L^{\text{Ridge}}(\beta) = \sum_{i=1}^n (y_i - \phi(x_i)^T\beta)^2 + \lambda \sum_{j=1}^k \beta_j^2",
             "defines the ridge loss; rows of X are phi(x_i)^T")
G.identity(r"L^{}(\beta) = ||y-X\beta||^2 + \lambda \sum_{j=1}^k \beta_j^2", inst,
           lambda d: Lsum(d, d["b"]), lambda d: Lmat(d, d["b"]), "sum of squares as a squared norm")
G.solution(r"\beta^{\text{Ridge}} = (X^TX + \lambda I)^{-1} X^T y", inst, gradL,
           lambda d: np.linalg.solve(d["X"].T @ d["X"] + d["lam"] * I(d), d["X"].T @ d["y"]),
           "gradient vanishes; unique minimiser for lambda > 0")
G.equation(r"\frac{\partial}{\partial \beta} L^{\text{Ridge}}(\beta) = 0^T", "derivative set to zero")
G.derivative(r"0^T &= -2(y - X \beta)^TX + 2 \lambda I", inst, lambda d: Lsum(d, d["b"]), "b",
             lambda d: madd(-2 * mmul((d["y"] - d["X"] @ d["b"])[None, :], d["X"]).T, 2 * d["lam"] * I(d)),
             "WRONG STEP (asker): derivative of the penalty is 2 lambda beta^T, not 2 lambda I "
             "(row vector plus matrix is also ill-typed)")
G.equation(r"0 &= -2(y - X \beta) X^T + 2 \lambda I",
           "invalid transposition: (y - X beta) X^T is not defined for n x k X; should be X^T(y - X beta)")
G.equation(r"0 &= -2X^Ty + 2X^TX\beta + 2 \lambda I", "still carries 2 lambda I instead of 2 lambda beta")
G.equation(r"0 &= -X^Ty + X^TX\beta + 2 \lambda I", "halving not applied to the penalty term")
G.identity(r"&= X^TX\beta + 2 \lambda I", inst,
           lambda d: -d["X"].T @ d["y"] + d["X"].T @ d["X"] @ d["b"],
           lambda d: d["X"].T @ d["X"] @ d["b"],
           "WRONG STEP (asker): compared after cancelling the common (ill-typed) 2 lambda I term; "
           "the two sides differ by -X^T y, which is dropped between rows")
G.solution(r"(X^TX + \lambda I)^{-1} X^Ty &= \beta", inst, gradL,
           lambda d: np.linalg.solve(d["X"].T @ d["X"] + d["lam"] * I(d), d["X"].T @ d["y"]),
           "the stated result itself is right (gradient vanishes), though it does not follow from the rows above")
G.emit()
