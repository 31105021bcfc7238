"""Grades for 06_ols_rss_frobenius_colon.md (\\eqalign, \\cr, A:B products, differentials)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, H

r = rng(6)
inst = []
for N, p in [(3, 2), (4, 4), (6, 3)]:
    inst.append(dict(X=r.standard_normal((N, p)), y=r.standard_normal(N), b=r.standard_normal(p),
                     db=r.standard_normal(p)))
colon = lambda A, B: float(np.sum(np.asarray(A) * np.asarray(B)))
R = lambda d, b: colon(d["X"] @ b - d["y"], d["X"] @ b - d["y"])
dR = lambda d: (R(d, d["b"] + H * d["db"]) - R(d, d["b"] - H * d["db"])) / (2 * H)

G = Grader(__file__)
G.definition(r"R &= (X\beta-y):(X\beta-y)", "defines R; ':' is the Frobenius product")
G.check(r"dR &= 2\,(X\beta-y):(X\,d\beta)", "derivative", inst, dR,
        lambda d: 2 * colon(d["X"] @ d["b"] - d["y"], d["X"] @ d["db"]),
        "differential vs central FD directional derivative along random d beta", tol=1e-6)
G.identity(r"&= 2\,X^T(X\beta-y):d\beta", inst,
           lambda d: 2 * colon(d["X"] @ d["b"] - d["y"], d["X"] @ d["db"]),
           lambda d: 2 * colon(d["X"].T @ (d["X"] @ d["b"] - d["y"]), d["db"]),
           "moving X across the colon product")
G.derivative(r"\frac{\partial R}{\partial\beta} &= 2\,X^T(X\beta-y)", inst, lambda d: R(d, d["b"]), "b",
             lambda d: 2 * d["X"].T @ (d["X"] @ d["b"] - d["y"]), "central FD gradient")
G.emit()
