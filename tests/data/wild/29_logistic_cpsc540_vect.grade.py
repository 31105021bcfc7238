"""Grades for 29_logistic_cpsc540_vect.md (undefined \\vect macro, sign slip in pi_i, mixed layouts)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, sigmoid, fd_hess, fd_jac

r = rng(29)
inst = []
for n, dd in [(5, 2), (6, 3), (8, 4)]:
    inst.append(dict(X=r.standard_normal((n, dd)), y=(r.uniform(size=n) < 0.5).astype(float),
                     t=0.7 * r.standard_normal(dd)))
pi = lambda d, t: sigmoid(d["X"] @ t)
nll = lambda d, t: -np.sum(d["y"] * np.log(pi(d, t)) + (1 - d["y"]) * np.log(1 - pi(d, t)))
J2 = lambda d, t: np.sum(np.log(np.exp(d["X"] @ t) + 1) - d["y"] * (d["X"] @ t))
grad_rows = lambda d: sum(1 / (np.exp(x @ d["t"]) + 1) * np.exp(x @ d["t"]) * x - yi * x for x, yi in zip(d["X"], d["y"]))

G = Grader(__file__)
G.definition(r"J\left( \vect \theta \right) = - \log p\left( \vect y | \vect X, \vect \theta \right)", "loss as NLL")
G.identity(r"- \log p\left( \vect y | \vect X, \vect \theta \right)= -\sum _{i=1} ^n y_i \log \pi_i + (1-y_i)\log (1 - \pi_i)",
           inst, lambda d: nll(d, d["t"]), lambda d: nll(d, d["t"]),
           "Bernoulli NLL; holds reading the minus sign and the sum as covering both terms (brackets missing)")
G.definition(r"\pi_i=\frac{1}{1+\exp(-\vect \theta^T \vect x_i)}", "defines pi_i (sigmoid)")
G.identity(r"\frac{1}{1+\exp(-\vect \theta^T \vect x_i)} = \frac{\exp(-\vect \theta^T \vect x_i)}{1+\exp(\vect \theta^T \vect x_i)}",
           inst, lambda d: pi(d, d["t"]), lambda d: np.exp(-d["X"] @ d["t"]) / (1 + np.exp(d["X"] @ d["t"])),
           "WRONG STEP (notebook): sign slip, the numerator should be exp(+theta^T x_i); exp(-z)/(1+exp(z)) is not the sigmoid")
G.identity(r"J(\vect \theta) = \sum _{i=1} ^n \log(\exp(\vect \theta^T \vect x_i) + 1) - y_i \vect \theta^T \vect x_i",
           inst, lambda d: nll(d, d["t"]), lambda d: J2(d, d["t"]),
           "algebraic rewrite of the NLL (sum over both terms)")
G.definition(r"\vect g(\vect \theta) = \frac{\partial}{\partial \vect \theta} J(\vect \theta)", "g is the gradient of J")
G.derivative(r"\frac{\partial}{\partial \vect \theta} J(\vect \theta) = \sum _{i=1}^n \frac{1}{\exp(\vect \theta^T \vect x_i) + 1} \exp(\vect \theta^T \vect x_i) \vect x_i^T - y_i\vect x_i^T",
             inst, lambda d: nll(d, d["t"]), "t", grad_rows, "FD gradient; row-vector terms, layout ignored",
             orient_free=True)
G.identity(r"\vect g(\vect \theta) = \sum_{i=1}^n \vect x_i^T (\pi_i - y_i)", inst, grad_rows,
           lambda d: sum(x * (p - yi) for x, p, yi in zip(d["X"], pi(d, d["t"]), d["y"])), "sigmoid algebra",
           orient_free=True)
G.identity(r"\sum_{i=1}^n \vect x_i^T (\pi_i - y_i) = \vect X^T (\vect \pi - \vect y)", inst,
           lambda d: sum(x * (p - yi) for x, p, yi in zip(d["X"], pi(d, d["t"]), d["y"])),
           lambda d: d["X"].T @ (pi(d, d["t"]) - d["y"]),
           "sum of rows vs column X^T(pi - y): equal up to orientation (layout ignored)", orient_free=True)
hessJ = lambda d: fd_hess(lambda t: nll(d, t), d["t"])
G.identity(r"\frac{\partial}{\partial \vect \theta} \vect g(\vect \theta)^T = \frac{\partial}{\partial \vect \theta} \sum _{i=1}^n \left( \frac{1}{1+\exp(-\vect \theta^T \vect x_i)} - y_i\right) \vect x_i",
           inst, hessJ, lambda d: fd_jac(lambda t: sum((1 / (1 + np.exp(-x @ t)) - yi) * x for x, yi in zip(d["X"], d["y"])), d["t"]),
           "FD Hessian of J vs FD Jacobian of the written gradient", tol=1e-5)
H2 = lambda d: sum(np.exp(-x @ d["t"]) * np.outer(x, x) / (1 + np.exp(-x @ d["t"])) ** 2 for x in d["X"])
G.add(r"= \sum _{i=1}^n \frac {\exp(-\vect \theta^T \vect x_i)\vect x_i } {\left( 1 + \exp(-\vect \theta^T \vect x_i) \right)^2} \vect x_i^T",
      "hessian", all(np.allclose(hessJ(d), H2(d), rtol=1e-5, atol=1e-6) for d in inst), "FD Hessian of J")
H3 = lambda d: sum(p * (1 - p) * np.outer(x, x) for x, p in zip(d["X"], pi(d, d["t"])))
G.identity(r"= \sum _{i=1}^n \pi_i (1 - \pi_i)\vect x_i \vect x_i^T", inst, H2, H3, "sigmoid derivative identity")
G.identity(r"\sum _{i=1}^n \pi_i (1 - \pi_i)\vect x_i \vect x_i^T = \vect X^T diag(\pi_i(1-\pi_i))\vect X", inst, H3,
           lambda d: d["X"].T @ np.diag(pi(d, d["t"]) * (1 - pi(d, d["t"]))) @ d["X"], "weighted Gram matrix")
G.emit()
