"""Grades for 15_quadform_index_sums.md (zero-based sums, numerator layout, symmetric case)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, sym

r = rng(15)
inst = [dict(A=r.standard_normal((n, n)), x=r.standard_normal(n)) for n in (2, 3, 5)]
sinst = [dict(A=sym(r, n), x=r.standard_normal(n)) for n in (2, 3, 5)]
alpha = lambda d: d["x"] @ d["A"] @ d["x"]

G = Grader(__file__)
G.definition(r"\alpha = \boldsymbol{x}^T\boldsymbol{A}\boldsymbol{x},", "defines alpha")
G.identity(r"\alpha = \sum_{i=0}^{n-1}\sum_{j=0}^{n-1}x_i a_{ij}x_j,", inst, alpha,
           lambda d: sum(d["x"][i] * d["A"][i, j] * d["x"][j] for i in range(len(d["x"])) for j in range(len(d["x"]))),
           "double sum with zero-based indices")
G.derivative(r"\frac{\partial \alpha}{\partial x_k} = \sum_{i=0}^{n-1}a_{ik}x_i+\sum_{j=0}^{n-1}a_{kj}x_j,", inst,
             alpha, "x",
             lambda d: np.array([sum(d["A"][i, k] * d["x"][i] for i in range(len(d["x"])))
                                 + sum(d["A"][k, j] * d["x"][j] for j in range(len(d["x"])))
                                 for k in range(len(d["x"]))]),
             "FD partial for every k, non-symmetric A")
G.derivative(r"\frac{\partial \alpha}{\partial \boldsymbol{x}} = \boldsymbol{x}^T\left(\boldsymbol{A}^T+\boldsymbol{A}\right).",
             inst, alpha, "x", lambda d: d["x"] @ (d["A"].T + d["A"]),
             "numerator layout (row vector); compared with FD gradient ignoring orientation", orient_free=True)
G.derivative(r"\frac{\partial \alpha}{\partial \boldsymbol{x}} = 2\boldsymbol{x}^T\boldsymbol{A}.", sinst, alpha, "x",
             lambda d: 2 * d["x"] @ d["A"],
             "holds under the stated condition A = A^T (checked on symmetric A); false for general A",
             orient_free=True)
G.emit()
