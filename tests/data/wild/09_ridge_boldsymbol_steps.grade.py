"""Grades for 09_ridge_boldsymbol_steps.md (\\boldsymbol, \\mathbf, |.|_2^2 single bars)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng

r = rng(9)
inst = []
for n, p in [(3, 2), (4, 4), (6, 3)]:
    inst.append(dict(X=r.standard_normal((n, p)), y=r.standard_normal(n), b=r.standard_normal(p),
                     lam=float(r.uniform(0.1, 2.0))))
J = lambda d: np.linalg.norm(d["y"] - d["X"] @ d["b"]) ** 2 + d["lam"] * np.linalg.norm(d["b"]) ** 2

G = Grader(__file__)
G.definition(r"J(\boldsymbol{\beta}) = |\mathbf{y} - \mathbf{X}\boldsymbol{\beta}|_2^2 + \lambda |\boldsymbol{\beta}|_2^2",
             "defines the ridge objective (|.|_2 read as the Euclidean norm)")
e2 = lambda d: (d["y"] - d["X"] @ d["b"]) @ (d["y"] - d["X"] @ d["b"]) + d["lam"] * d["b"] @ d["b"]
G.identity(r"J(\boldsymbol{\beta}) = (\mathbf{y} - \mathbf{X}\boldsymbol{\beta})^T(\mathbf{y} - \mathbf{X}\boldsymbol{\beta}) + \lambda \boldsymbol{\beta}^T\boldsymbol{\beta}",
           inst, J, e2, "squared norms as inner products")
G.identity(r"= \mathbf{y}^T\mathbf{y} - 2\mathbf{y}^T\mathbf{X}\boldsymbol{\beta} + \boldsymbol{\beta}^T\mathbf{X}^T\mathbf{X}\boldsymbol{\beta} + \lambda \boldsymbol{\beta}^T\boldsymbol{\beta}",
           inst, e2, lambda d: (d["y"] @ d["y"] - 2 * d["y"] @ d["X"] @ d["b"] + d["b"] @ d["X"].T @ d["X"] @ d["b"]
                                + d["lam"] * d["b"] @ d["b"]), "expansion")
G.derivative(r"\nabla_{\boldsymbol{\beta}} J = -2\mathbf{X}^T\mathbf{y} + 2\mathbf{X}^T\mathbf{X}\boldsymbol{\beta} + 2\lambda \boldsymbol{\beta}",
             inst, J, "b", lambda d: -2 * d["X"].T @ d["y"] + 2 * d["X"].T @ d["X"] @ d["b"] + 2 * d["lam"] * d["b"],
             "central FD gradient")
G.equation(r"-2\mathbf{X}^T\mathbf{y} + 2\mathbf{X}^T\mathbf{X}\boldsymbol{\beta} + 2\lambda \boldsymbol{\beta} = \mathbf{0}", "gradient set to zero")
G.equation(r"\mathbf{X}^T\mathbf{X}\boldsymbol{\beta} + \lambda \boldsymbol{\beta} = \mathbf{X}^T\mathbf{y}",
           "equivalent to the previous line (divide by 2, rearrange)")
G.emit()
