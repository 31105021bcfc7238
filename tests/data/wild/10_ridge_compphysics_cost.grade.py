"""Grades for 10_ridge_compphysics_cost.md (\\left\\{ \\right\\}, \\mathrm{Ridge} subscripts)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng

r = rng(10)
inst = []
for n, p in [(3, 2), (4, 4), (6, 3)]:
    inst.append(dict(X=r.standard_normal((n, p)), y=r.standard_normal(n), lam=float(r.uniform(0.1, 2.0))))
gradC = lambda d, b: -2 * d["X"].T @ (d["y"] - d["X"] @ b) + 2 * d["lam"] * b
gradCn = lambda d, b: -2 / len(d["y"]) * d["X"].T @ (d["y"] - d["X"] @ b) + 2 * d["lam"] * b
p_of = lambda d: d["X"].shape[1]

G = Grader(__file__)
G.definition(r"C(\boldsymbol{X},\boldsymbol{\beta})=\left\{(\boldsymbol{y}-\boldsymbol{X}\boldsymbol{\beta})^T(\boldsymbol{y}-\boldsymbol{X}\boldsymbol{\beta})\right\}+\lambda\boldsymbol{\beta}^T\boldsymbol{\beta},",
             "defines the ridge cost C")
G.solution(r"\hat{\boldsymbol{\beta}}_{\mathrm{Ridge}} = \left(\boldsymbol{X}^T\boldsymbol{X}+\lambda\boldsymbol{I}\right)^{-1}\boldsymbol{X}^T\boldsymbol{y},",
           inst, gradC, lambda d: np.linalg.solve(d["X"].T @ d["X"] + d["lam"] * np.eye(p_of(d)), d["X"].T @ d["y"]),
           "gradient of C vanishes; unique minimiser for lambda > 0 (C strictly convex)")
G.condition(r"\sum_{i=0}^{p-1} \beta_i^2 \leq t,", "constraint of the equivalent constrained problem")
G.solution(r"\hat{\boldsymbol{\beta}}_{\mathrm{Ridge}} = \left(\boldsymbol{X}^T\boldsymbol{X}+n\lambda\boldsymbol{I}\right)^{-1}\boldsymbol{X}^T\boldsymbol{y}.",
           inst, gradCn,
           lambda d: np.linalg.solve(d["X"].T @ d["X"] + len(d["y"]) * d["lam"] * np.eye(p_of(d)), d["X"].T @ d["y"]),
           "for the cost (1/n)|y - X b|^2 + lambda b^T b (the 1/n kept on the squared error only)")
G.solution(r"\hat{\boldsymbol{\beta}}_{\mathrm{OLS}} = \left(\boldsymbol{X}^T\boldsymbol{X}\right)^{-1}\boldsymbol{X}^T\boldsymbol{y},",
           inst, lambda d, b: -2 * d["X"].T @ (d["y"] - d["X"] @ b),
           lambda d: np.linalg.solve(d["X"].T @ d["X"], d["X"].T @ d["y"]),
           "OLS gradient vanishes; needs X^T X invertible (n >= p, full rank)")
G.emit()
