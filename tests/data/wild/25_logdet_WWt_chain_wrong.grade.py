"""Grades for 25_logdet_WWt_chain_wrong.md (real mistakes: differential vs gradient, S of ones)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, fd_grad

r = rng(25)
inst = [dict(W=r.standard_normal((n, k)), s2=float(r.uniform(0.2, 1.5)), dU=r.standard_normal((n, n)))
        for n, k in [(3, 2), (4, 4), (2, 3)]]
Uof = lambda d, W: W @ W.T + d["s2"] * np.eye(W.shape[0])
Af = lambda d, W: np.linalg.slogdet(Uof(d, W))[1]
J = lambda shape, i, j: np.outer(np.eye(shape[0])[i], np.eye(shape[1])[j])
dUdW = lambda d, i, j: d["W"] @ J(d["W"].shape[::-1], j, i) + J(d["W"].shape, i, j) @ d["W"].T
entries = lambda d, fun: np.array([[fun(d, i, j) for j in range(d["W"].shape[1])] for i in range(d["W"].shape[0])])
gradA = lambda d: fd_grad(lambda W: Af(d, W), d["W"])


G = Grader(__file__)
G.definition(r"A = \ln \det ( WW^T + \sigma^2I)", "defines A")
G.check(r"\frac{\partial A}{\partial W} = tr((\frac{\partial g(U)}{\partial U})^T \cdot \frac{\partial U}{\partial W_{ij}})",
        "derivative", inst, gradA,  # (dg/dU)^T = (U^{-T})^T below
        lambda d: entries(d, lambda d, i, j: np.trace(np.linalg.inv(Uof(d, d["W"])).T.T @ dUdW(d, i, j))),
        "holds read entrywise (the (i,j) entry of dA/dW; the left side lacks the index); FD", tol=1e-6)
G.definition(r"U = WW^T \sigma^2 I", "definition with a typo: the + between WW^T and sigma^2 I is missing")
G.definition(r"g(U) = \ln \det U", "defines g")
G.check(r"\frac{\partial \ln \det U}{\partial U} = tr(U^{-1}\partial U)", "derivative", inst,
        lambda d: fd_grad(lambda U: np.linalg.slogdet(U)[1], Uof(d, d["W"])),
        lambda d: np.trace(np.linalg.inv(Uof(d, d["W"])) @ d["dU"]),
        "WRONG (asker): confuses the gradient U^{-T} with the differential d ln det U = tr(U^{-1} dU); "
        "matrix on the left, scalar on the right")
G.check(r"\frac{\partial \ln \det U}{\partial U} = tr(U^{-1}S)", "derivative", inst,
        lambda d: fd_grad(lambda U: np.linalg.slogdet(U)[1], Uof(d, d["W"])),
        lambda d: np.trace(np.linalg.inv(Uof(d, d["W"])) @ np.ones_like(Uof(d, d["W"]))),
        "WRONG (asker): S = all-ones matrix; a scalar cannot equal the n x n gradient U^{-1}")
fdU = lambda d, i, j: ((Uof(d, d["W"] + 1e-6 * J(d["W"].shape, i, j)) - Uof(d, d["W"] - 1e-6 * J(d["W"].shape, i, j)))
                       / 2e-6)
stack = lambda d, fun: np.stack([fun(d, i, j) for i in range(d["W"].shape[0]) for j in range(d["W"].shape[1])])
fdWW = lambda d, i, j: (((d["W"] + 1e-6 * J(d["W"].shape, i, j)) @ (d["W"] + 1e-6 * J(d["W"].shape, i, j)).T
                         - (d["W"] - 1e-6 * J(d["W"].shape, i, j)) @ (d["W"] - 1e-6 * J(d["W"].shape, i, j)).T) / 2e-6)
G.identity(r"\frac{\partial U}{\partial W_{ij}} = \frac{\partial WW^T + \sigma^2 I}{\partial W_{ij}}", inst,
           lambda d: stack(d, fdU), lambda d: stack(d, fdU), "U = WW^T + sigma^2 I; FD, all i, j", tol=1e-6)
G.identity(r"\frac{\partial WW^T + \sigma^2 I}{\partial W_{ij}} = \frac{\partial WW^T}{\partial W_{ij}}", inst,
           lambda d: stack(d, fdU), lambda d: stack(d, fdWW), "constant term drops; FD", tol=1e-6)
G.check(r"\frac{\partial WW^T}{\partial W_{ij}} = WJ^{ji} + J^{ij} W^T", "derivative", inst,
        lambda d: stack(d, fdWW), lambda d: stack(d, dUdW), "FD of WW^T w.r.t. each W_ij; J^{ij} single-entry",
        tol=1e-6)
G.derivative(r"\frac{\partial A}{\partial W} = tr(tr(U^{-1}S)^T \cdot (WJ^{ji} + J^{ij} W^T))", inst,
             lambda d: Af(d, d["W"]), "W",
             lambda d: entries(d, lambda d, i, j: np.trace(np.linalg.inv(Uof(d, d["W"])) @ np.ones_like(Uof(d, d["W"])))
                               * np.trace(dUdW(d, i, j))),
             "WRONG (asker's result, read entrywise): FD gives 2 (WW^T + sigma^2 I)^{-1} W")
G.emit()
