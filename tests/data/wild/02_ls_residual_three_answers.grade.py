"""Grades for 02_ls_residual_three_answers.md."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, fd_grad, fd_jac

r = rng(2)
inst = []
for m, n in [(3, 2), (4, 4), (6, 3)]:
    inst.append(dict(A=r.standard_normal((m, n)), b=r.standard_normal(m), x=r.standard_normal(n),
                     B=r.standard_normal((n, n)), c=r.standard_normal(n), u=r.standard_normal(m)))
res = lambda d: d["A"] @ d["x"] - d["b"]
nr2 = lambda d: res(d) @ res(d)
A, b = (lambda d: d["A"]), (lambda d: d["b"])

G = Grader(__file__)
G.identity(r"||r||^2 & = \langle r,r \rangle", inst, nr2, lambda d: np.dot(res(d), res(d)),
           "r = Ax - b; squared norm equals inner product")
G.identity(r"\langle r,r \rangle = r^T r", inst, lambda d: np.dot(res(d), res(d)),
           lambda d: res(d).T @ res(d), "inner product as r^T r")
G.identity(r"&= (Ax-b)^T(Ax-b)", inst, nr2, nr2, "substitute r = Ax - b")
G.identity(r"(Ax-b)^T(Ax-b) = (x^TA^T-b^T)(Ax-b)", inst, nr2,
           lambda d: (d["x"] @ d["A"].T - d["b"]) @ res(d), "transpose of a difference")
e4 = lambda d: (d["x"] @ d["A"].T @ d["A"] @ d["x"] - d["x"] @ d["A"].T @ d["b"]
                - d["b"] @ d["A"] @ d["x"] + d["b"] @ d["b"])
G.identity(r"&= x^TA^TAx -x^TA^Tb-b^TAx +b^Tb", inst, nr2, e4, "expansion")
G.identity(r"&= x^TA^TAx -(b^TAx)^T -b^TAx +b^Tb", inst, e4,
           lambda d: (d["x"] @ d["A"].T @ d["A"] @ d["x"] - np.transpose(d["b"] @ d["A"] @ d["x"])
                      - d["b"] @ d["A"] @ d["x"] + d["b"] @ d["b"]),
           "x^TA^Tb rewritten as (b^TAx)^T")
G.identity(r"||r||^2 & = x^TA^TAx -2b^TAx +b^Tb", inst, nr2,
           lambda d: d["x"] @ d["A"].T @ d["A"] @ d["x"] - 2 * d["b"] @ d["A"] @ d["x"] + d["b"] @ d["b"],
           "scalar transpose merged")

quad = lambda d: d["x"] @ d["B"] @ d["x"]
fdx = lambda fun: (lambda d: fd_grad(lambda v: fun(dict(d, x=v)), d["x"]))
sumquad = lambda d: sum(d["x"][j] * d["B"][j, k] * d["x"][k]
                        for j in range(len(d["x"])) for k in range(len(d["x"])))
G.identity(r"\dfrac{d(x^TBx)}{d x_i} = \dfrac{d}{dx_i}\left(\sum_{j,k} x_j B_{jk}x_k\right)", inst,
           fdx(quad), fdx(sumquad), "same function as a double sum; FD partials of both sides (all i)", tol=1e-6)
G.derivative(r"= \sum_{j} x_j B_{ji} + \sum_{k}B_{ik} x_k", inst, quad, "x",
             lambda d: np.array([sum(d["x"][j] * d["B"][j, i] for j in range(len(d["x"])))
                                 + sum(d["B"][i, k] * d["x"][k] for k in range(len(d["x"])))
                                 for i in range(len(d["x"]))]),
             "FD partial d/dx_i for every i vs the two sums")
G.identity(r"\sum_{j} x_j B_{ji} + \sum_{k}B_{ik} x_k = \sum_{k}\left(B^T + B\right)_{ik}x_k", inst,
           lambda d: d["B"].T @ d["x"] + d["B"] @ d["x"], lambda d: (d["B"].T + d["B"]) @ d["x"],
           "index sums as matrix-vector products")
G.derivative(r"\dfrac{d(x^TBx)}{d x} = (B^T+B)x", inst, quad, "x",
             lambda d: (d["B"].T + d["B"]) @ d["x"], "central FD gradient, non-symmetric B")
lin = lambda d: d["c"] @ d["x"]
G.identity(r"\dfrac{d(c^Tx)}{d x_i} = \dfrac{d}{d x_i}\left(\sum_k c_k x_k\right)", inst,
           fdx(lin), fdx(lambda d: sum(d["c"][k] * d["x"][k] for k in range(len(d["x"])))),
           "same function as a sum; FD partials", tol=1e-6)
G.derivative(r"= c_i", inst, lin, "x", lambda d: d["c"], "FD partials equal c_i")
G.derivative(r"\dfrac{d(c^Tx)}{dx} = c", inst, lin, "x", lambda d: d["c"], "central FD gradient")

G.check(r"h'(x) = A", "derivative", inst,
        lambda d: fd_jac(lambda v: d["A"] @ v - d["b"], d["x"]), A,
        "FD Jacobian of h(x)=Ax-b", tol=1e-6)
g = lambda u: 0.5 * u @ u
G.check(r"g'(u) = u^T", "derivative", inst,
        lambda d: fd_grad(g, d["u"]), lambda d: d["u"][None, :],
        "derivative of g(u)=|u|^2/2 as a row vector (numerator layout)", tol=1e-6, orient_free=True)
f = lambda d: 0.5 * nr2(d)
G.derivative(r"f'(x) &= g'(h(x)) h'(x)", inst, f, "x", lambda d: res(d)[None, :] @ d["A"],
             "chain rule: g'(h) h' = (Ax-b)^T A vs FD (row layout)", orient_free=True)
G.identity(r"&= (Ax - b)^T A.", inst, lambda d: res(d)[None, :] @ d["A"],
           lambda d: res(d) @ d["A"], "row vector (Ax-b)^T A", orient_free=True)
G.definition(r"\nabla f(x) &= f'(x)^T", "convention: gradient is the transposed derivative")
G.derivative(r"&= A^T (Ax - b).", inst, f, "x", lambda d: d["A"].T @ res(d), "central FD gradient")
G.emit()
