"""Grades for 24_logdet_inverse_gradient.md (\\mathrm{det}, \\mathrm{adj}, \\textrm{Tr}, o(t))."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, spd, fd_grad

r = rng(24)
inst = [dict(X=spd(r, n), H=r.standard_normal((n, n))) for n in (2, 3, 4)]
for d in inst:
    d["X0"] = d["X"].copy()   # fixed point for the 1/det X factor
ld = lambda X: np.linalg.slogdet(X)[1]
adj = lambda X: np.linalg.det(X) * np.linalg.inv(X)
g = lambda fun: (lambda d: fd_grad(fun, d["X"]))

G = Grader(__file__)
G.identity(r"\log \det X^{-1} = \log (\det X)^{-1}", inst, lambda d: ld(np.linalg.inv(d["X"])),
           lambda d: np.log(1 / np.linalg.det(d["X"])), "det of inverse is inverse of det")
G.identity(r"\log (\det X)^{-1} = -\log \det X", inst, lambda d: np.log(1 / np.linalg.det(d["X"])),
           lambda d: -ld(d["X"]), "log of a reciprocal")
G.identity(r"\frac{\partial}{\partial X_{ij}} \log \det X^{-1} = -\frac{\partial}{\partial X_{ij}} \log \det X", inst,
           g(lambda X: ld(np.linalg.inv(X))), lambda d: -fd_grad(ld, d["X"]), "FD partials of both, all i, j",
           tol=1e-6)
G.identity(r"-\frac{\partial}{\partial X_{ij}} \log \det X = - \frac{1}{\det X} \frac{\partial \det X}{\partial X_{ij}}", inst,
           lambda d: -fd_grad(ld, d["X"]), lambda d: -fd_grad(np.linalg.det, d["X"]) / np.linalg.det(d["X"]),
           "chain rule for log; FD of both", tol=1e-6)
G.derivative(r"- \frac{1}{\det X} \frac{\partial \det X}{\partial X_{ij}} = - \frac{1}{\det X} \mathrm{adj}(X)_{ji}", inst,
             lambda d: -np.linalg.det(d["X"]) / np.linalg.det(d["X0"]),
             "X", lambda d: -adj(d["X"]).T / np.linalg.det(d["X"]),
             "FD partials of -det(X)/det(X0) at X0 vs -(1/det X) adj(X)_ji (Jacobi's formula)")
G.identity(r"- \frac{1}{\det X} \mathrm{adj}(X)_{ji} = - (X^{-1})_{ji}", inst,
           lambda d: -adj(d["X"]) / np.linalg.det(d["X"]), lambda d: -np.linalg.inv(d["X"]), "adj(X) = det(X) X^{-1}")
G.identity(r"-\log\det (X+tH) = -\log\det X -\log\det(I+tX^{-1}H)", [dict(d, t=0.1) for d in inst],
           lambda d: -ld(d["X"] + d["t"] * d["H"]),
           lambda d: -ld(d["X"]) - ld(np.eye(len(d["X"])) + d["t"] * np.linalg.inv(d["X"]) @ d["H"]),
           "exact: det(X + tH) = det X det(I + t X^{-1} H) (t = 0.1)")


def little_o(d):
    errs = []
    for t in (1e-2, 1e-3, 1e-4):
        lhs = -ld(d["X"] + t * d["H"])
        rhs = -ld(d["X"]) - t * np.trace(np.linalg.inv(d["X"]) @ d["H"])
        errs.append(abs(lhs - rhs) / t)
    return errs[2] < errs[1] < errs[0] and errs[2] < 1e-3


G.add(r"= -\log\det X - t \textrm{Tr}(X^{-1}H) + o(t),", "identity", all(little_o(d) for d in inst),
      "asymptotic: remainder / t tends to 0 as t -> 0 along random H")
G.emit()
