"""Grades for 28_gaussian_frobenius_differentials.md (\\eqalign, \\cr\\cr, ':' products, differentials)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, spd, fd_grad, H

r = rng(28)
inst = []
for k in (2, 3, 4):
    a = r.standard_normal((k, k))
    Sig = spd(r, k) + 0.3 * (a - a.T)            # non-symmetric, det > 0
    inst.append(dict(Sig=Sig, mu=r.standard_normal(k), x=r.standard_normal(k),
                     dmu=r.standard_normal(k), dSig=r.standard_normal((k, k))))
c = lambda A, B: float(np.sum(np.asarray(A) * np.asarray(B)))        # A:B
M = lambda d: np.linalg.inv(d["Sig"])
z = lambda d: d["mu"] - d["x"]
dz = lambda d: d["dmu"]
dM = lambda d: -M(d) @ d["dSig"] @ M(d)
fval = lambda Sig, mu, x: (mu - x) @ np.linalg.inv(Sig) @ (mu - x)
Lval = lambda Sig, mu, x: 0.5 * (np.linalg.slogdet(np.linalg.inv(Sig))[1] - fval(Sig, mu, x))
dir_fd = lambda fun: (lambda d: (fun(d["Sig"] + H * d["dSig"], d["mu"] + H * d["dmu"], d["x"])
                                 - fun(d["Sig"] - H * d["dSig"], d["mu"] - H * d["dmu"], d["x"])) / (2 * H))
Zt = lambda d: np.outer(z(d), z(d))
r1 = lambda d: c(M(d), np.outer(dz(d), z(d)) + np.outer(z(d), dz(d))) + c(Zt(d), dM(d))
r2 = lambda d: c(M(d) @ z(d), dz(d)) + c(z(d) @ M(d), dz(d)) - c(Zt(d), M(d) @ d["dSig"] @ M(d))
r3 = lambda d: c(M(d) @ z(d), dz(d)) + c(M(d).T @ z(d), dz(d)) - c(M(d).T @ Zt(d) @ M(d).T, d["dSig"])
r4 = lambda d: c((M(d) + M(d).T) @ z(d), dz(d)) - c(M(d).T @ Zt(d) @ M(d).T, d["dSig"])
r5 = lambda d: c((M(d) + M(d).T) @ (d["mu"] - d["x"]), d["dmu"]) - c(M(d).T @ Zt(d) @ M(d).T, d["dSig"])

G = Grader(__file__)
G.definition(r"M &= \Sigma^{-1}", "shorthand")
G.definition(r"z &= (\mu-x)", "shorthand")
G.definition(r"f &= z^TMz", "defines f")
G.identity(r"&= M:z\,z^T", inst, lambda d: z(d) @ M(d) @ z(d), lambda d: c(M(d), Zt(d)), "quadratic form as a colon product")
G.check(r"df &= M:(dz\,z^T+z\,dz^T) + zz^T:dM", "derivative", inst, dir_fd(fval), r1,
        "differential vs FD directional derivative along random (d mu, d Sigma), non-symmetric Sigma", tol=1e-6)
G.identity(r"&= Mz:dz + z^TM:dz^T - zz^T:M\,d\Sigma\,M", inst, r1, r2, "dM = -M dSigma M; colon rearrangements")
G.identity(r"&= Mz:dz + M^Tz:dz - M^Tzz^TM^T:d\Sigma", inst, r2, r3, "moving factors across ':'")
G.identity(r"&= (M+M^T)\,z:dz - M^Tzz^TM^T:d\Sigma", inst, r3, r4, "collect terms")
G.identity(r"&= (M+M^T)\,(\mu-x):d\mu - M^Tzz^TM^T:d\Sigma", inst, r4, r5, "dz = d mu")
G.derivative(r"\frac{\partial f}{\partial \mu} &= (\Sigma^{-1}+\Sigma^{-T})\,(\mu-x)", inst,
             lambda d: fval(d["Sig"], d["mu"], d["x"]), "mu", lambda d: (M(d) + M(d).T) @ (d["mu"] - d["x"]),
             "FD gradient, non-symmetric Sigma")
G.derivative(r"\frac{\partial f}{\partial \Sigma} &= - M^Tzz^TM^T", inst, lambda d: fval(d["Sig"], d["mu"], d["x"]), "Sig",
             lambda d: -M(d).T @ Zt(d) @ M(d).T, "FD gradient over all entries of Sigma")
G.definition(r"L &= \frac{1}{2}\Big(\log\det(M) - f\Big)", "log-density up to an additive constant")
G.identity(r"&= \frac{1}{2}\Big({\rm tr}\log(M) - f\Big)", inst,
           lambda d: 0.5 * (np.linalg.slogdet(M(d))[1] - fval(d["Sig"], d["mu"], d["x"])),
           lambda d: 0.5 * (float(np.sum(np.log(np.linalg.eigvals(M(d)).astype(complex))).real) - fval(d["Sig"], d["mu"], d["x"])),
           "tr log M = sum of log eigenvalues = log det M (principal log, det M > 0)")
Lr1 = lambda d: 0.5 * (c(np.linalg.inv(M(d)).T, dM(d)) - r1(d))
Lr2 = lambda d: 0.5 * (c(np.linalg.inv(M(d)).T, dM(d)) - c((M(d) + M(d).T) @ (d["mu"] - d["x"]), d["dmu"])
                       + c(M(d).T @ Zt(d) @ M(d).T, d["dSig"]))
Lr3 = lambda d: 0.5 * (-c(np.linalg.inv(M(d)).T, M(d) @ d["dSig"] @ M(d)) - c((M(d) + M(d).T) @ (d["mu"] - d["x"]), d["dmu"])
                       + c(M(d).T @ Zt(d) @ M(d).T, d["dSig"]))
G.check(r"dL &= \frac{1}{2}\Big(M^{-T}:dM - df\Big)", "derivative", inst, dir_fd(Lval), Lr1,
        "differential vs FD directional derivative", tol=1e-6)
G.identity(r"&= \frac{1}{2}\Big(M^{-T}:dM - (M+M^T)\,(\mu-x):d\mu + M^Tzz^TM^T:d\Sigma\Big)", inst, Lr1, Lr2,
           "substitute df")
G.identity(r"&= \frac{1}{2}\Big(-M^{-T}:M\,d\Sigma\,M - (M+M^T)\,(\mu-x):d\mu + M^Tzz^TM^T:d\Sigma\Big)", inst, Lr2, Lr3,
           "substitute dM = -M dSigma M")
G.emit()
