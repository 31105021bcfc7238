"""Grades for 26_gaussian_cov_mle_sigma_minus2.md (\\newcommand{\\trace}, Sigma^{-2} mistake)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, spd, fd_grad, fd_deriv

r = rng(26)
inst = []
for dim, n in [(2, 5), (3, 7), (4, 9)]:
    inst.append(dict(Sig=spd(r, dim), mu=r.standard_normal(dim), xs=r.standard_normal((n, dim)) * 2.0,
                     a=float(r.uniform(0.5, 3)), x=float(r.uniform(0.5, 3))))
for d in inst:
    dev = d["xs"] - d["mu"]
    d["S"] = dev.T @ dev          # sum of outer products (x_i - mu)(x_i - mu)^T
ld = lambda S: np.linalg.slogdet(S)[1]
n_of = lambda d: d["xs"].shape[0]
dim_of = lambda d: d["xs"].shape[1]
# row 1 as written: sum_i [ -1/2 ln((2 pi)^d det S) - (x_i - mu)^T S^{-1} (x_i - mu) ]
E1 = lambda d, S: sum(-0.5 * (dim_of(d) * np.log(2 * np.pi) + ld(S)) - (x - d["mu"]) @ np.linalg.inv(S) @ (x - d["mu"])
                      for x in d["xs"])
E2 = lambda d, S: -n_of(d) / 2 * ld(S) - 0.5 * np.trace(np.linalg.inv(S) @ d["S"])
gS = lambda fun: (lambda d: fd_grad(lambda S: fun(d, S), d["Sig"]))
Sinv = lambda d: np.linalg.inv(d["Sig"])

G = Grader(__file__)
G.equation(r"0& =\nabla_\Sigma\sum_{i=1}^n-\frac12\ln((2\pi)^d\det(\Sigma))-(x_i-\mu)^T\Sigma^{-1}(x_i-\mu)",
           "stationarity condition for Sigma")
G.identity(r"& =-\frac n2\nabla_\Sigma \ln(\det(\Sigma))-\frac12\nabla_\Sigma \trace \left( \Sigma^{-1}\sum_{i=1}^n(x_i-\mu)(x_i-\mu)^T\right)",
           inst, gS(E1), gS(E2),
           "WRONG STEP (as quoted): the previous line has no 1/2 on the quadratic term, so the gradients differ "
           "(FD gradients of both expressions at SPD Sigma)", tol=1e-6)
G.identity(r"& =-\frac n2\Sigma^{-1}+\frac12\Sigma^{-2}\sum_{i=1}^{n}(x_i-\mu)(x_i-\mu)^T", inst, gS(E2),
           lambda d: -n_of(d) / 2 * Sinv(d) + 0.5 * Sinv(d) @ Sinv(d) @ d["S"],
           "WRONG STEP: the trace term differentiates to +1/2 Sigma^{-1} S Sigma^{-1}, not 1/2 Sigma^{-2} S "
           "(equal only if S commutes with Sigma)", tol=1e-6)
G.identity(r"\nabla_\Sigma\frac{-n}2\ln((2\pi)^d\det(\Sigma))=-\frac n2\nabla_\Sigma \ln(\det(\Sigma))", inst,
           gS(lambda d, S: -n_of(d) / 2 * (dim_of(d) * np.log(2 * np.pi) + ld(S))),
           lambda d: -n_of(d) / 2 * fd_grad(ld, d["Sig"]), "constant (2 pi)^d drops; FD", tol=1e-6)
G.check(r"\frac{d}{dx} \ln(ax)=\frac{1}{ax}\cdot a", "derivative", inst,
        lambda d: fd_deriv(lambda x: np.log(d["a"] * x), d["x"]), lambda d: 1 / (d["a"] * d["x"]) * d["a"],
        "FD in x, a > 0, x > 0", tol=1e-6)
G.identity(r"\frac{1}{ax}\cdot a=\frac1x", inst, lambda d: 1 / (d["a"] * d["x"]) * d["a"], lambda d: 1 / d["x"],
           "cancel a")
G.derivative(r"\nabla_\Sigma \ln(\det(\Sigma)) = \Sigma^{-1}", inst, lambda d: ld(d["Sig"]), "Sig", Sinv,
             "FD gradient at symmetric positive definite Sigma (Sigma^{-T} = Sigma^{-1} there)")
G.identity(r"(x_i-\mu)^T\Sigma^{-1}(x_i-\mu)=\trace(\Sigma^{-1}(x_i-\mu)(x_i-\mu)^T)", inst,
           lambda d: (d["xs"][0] - d["mu"]) @ Sinv(d) @ (d["xs"][0] - d["mu"]),
           lambda d: np.trace(Sinv(d) @ np.outer(d["xs"][0] - d["mu"], d["xs"][0] - d["mu"])), "trace of a scalar, cyclicity")
abcd = [dict(M=r.standard_normal((2, 2)), v=r.standard_normal(2)) for _ in range(3)]
G.identity(r"\left[\begin{matrix} x & y \end{matrix}\right]\left[\begin{matrix} a & b \\ c & d \end{matrix}\right]\left[\begin{matrix} x \\ y \end{matrix}\right]&&=ax^2+(b+c)xy+dy^2",
           abcd, lambda d: d["v"] @ d["M"] @ d["v"],
           lambda d: (d["M"][0, 0] * d["v"][0] ** 2 + (d["M"][0, 1] + d["M"][1, 0]) * d["v"][0] * d["v"][1]
                      + d["M"][1, 1] * d["v"][1] ** 2), "random a, b, c, d, x, y")
G.emit()
