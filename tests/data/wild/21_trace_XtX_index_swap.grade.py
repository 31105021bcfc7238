"""Grades for 21_trace_XtX_index_swap.md (\\rightarrow chains, ':' products, ':=' split by &)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, fd_grad, H

r = rng(21)
inst = [dict(X=r.standard_normal((m, n)), A=r.standard_normal((m, n)), B=r.standard_normal((m, n)),
             dl=float(r.standard_normal())) for m, n in [(3, 2), (4, 4), (2, 5)]]
tr = lambda X: np.trace(X.T @ X)
gradT = lambda d: fd_grad(tr, d["X"])                  # d_ij = d/dx_ij
gradSwap = lambda d: fd_grad(tr, d["X"]).T              # d_ij = d/dx_ji
L = lambda A: np.trace(A.T @ A)

G = Grader(__file__)
G.definition(r"d_{i j}=\frac{\partial \operatorname{tr}\left(\mathbf{X}^{T} \mathbf{X}\right)}{\partial x_{ij}}",
             "entries of D as partials w.r.t. x_ij")
G.identity(r"\frac{\partial \operatorname{tr}\left(\mathbf{X}^{T} \mathbf{X}\right)}{\partial x_{ij}}=\frac{\partial \sum_{k, l} x_{k l}^{2}}{\partial x_{ij}}",
           inst, gradT, lambda d: fd_grad(lambda X: np.sum(X ** 2), d["X"]), "trace as a sum of squares; FD", tol=1e-6)
G.derivative(r"=2 x_{ij}", inst, lambda d: tr(d["X"]), "X", lambda d: 2 * d["X"], "FD partials")
G.derivative(r"\rightarrow D=2X", inst, lambda d: tr(d["X"]), "X", lambda d: 2 * d["X"], "gradient laid out like X")
G.skip()
G.definition(r"d_{i j}=\frac{\partial \operatorname{tr}\left(\mathbf{X}^{T} \mathbf{X}\right)}{\partial x_{j i}}",
             "entries of D as partials w.r.t. x_ji (transposed layout)")
G.identity(r"\frac{\partial \operatorname{tr}\left(\mathbf{X}^{T} \mathbf{X}\right)}{\partial x_{j i}}=\frac{\partial \sum_{k, l} x_{k l}^{2}}{\partial x_{j i}}",
           inst, gradSwap, lambda d: fd_grad(lambda X: np.sum(X ** 2), d["X"]).T, "trace as a sum of squares; FD", tol=1e-6)
G.derivative(r"=2 x_{j i}", inst, lambda d: tr(d["X"]), "X", lambda d: 2 * d["X"], "FD partial w.r.t. x_ji equals 2 x_ji")
G.check(r"\rightarrow D=2X^T", "derivative", inst, gradSwap, lambda d: 2 * d["X"].T,
        "true for D defined by d_ij = d/dx_ji (numerator layout); as a gradient laid out like X it would be 2X",
        tol=1e-6)
G.identity(r"L(A+\delta B) &= tr((A+\delta B)^T(A+\delta B))", inst, lambda d: L(d["A"] + d["dl"] * d["B"]),
           lambda d: np.trace((d["A"] + d["dl"] * d["B"]).T @ (d["A"] + d["dl"] * d["B"])), "L(A) = tr(A^T A)")
G.identity(r"&=tr(A^TA)+\delta tr(B^TA)+\delta tr(A^TB)+\delta^2 tr(B^TB)", inst,
           lambda d: L(d["A"] + d["dl"] * d["B"]),
           lambda d: (np.trace(d["A"].T @ d["A"]) + d["dl"] * np.trace(d["B"].T @ d["A"])
                      + d["dl"] * np.trace(d["A"].T @ d["B"]) + d["dl"] ** 2 * np.trace(d["B"].T @ d["B"])),
           "exact expansion in delta")
G.definition(r"\frac{dL}{dA}:B:&=\frac{dL(A+\delta B)}{d\delta}\Big|_{\delta=0}",
             "':=' split by the alignment '&': defines dL/dA through its colon product with B")
G.check(r"= tr(B^TA)+tr(A^TB)", "derivative", inst,
        lambda d: (L(d["A"] + H * d["B"]) - L(d["A"] - H * d["B"])) / (2 * H),
        lambda d: np.trace(d["B"].T @ d["A"]) + np.trace(d["A"].T @ d["B"]), "FD in delta at 0", tol=1e-6)
G.identity(r"&= B_{ij}A_{ij}+A_{ij}B_{ij}", inst, lambda d: np.trace(d["B"].T @ d["A"]) + np.trace(d["A"].T @ d["B"]),
           lambda d: np.einsum("ij,ij->", d["B"], d["A"]) + np.einsum("ij,ij->", d["A"], d["B"]), "summation convention")
G.identity(r"= 2A_{ij}B_{ij}", inst, lambda d: 2 * np.einsum("ij,ij->", d["B"], d["A"]),
           lambda d: 2 * np.einsum("ij,ij->", d["A"], d["B"]), "commutativity of entries")
G.identity(r"= 2tr(A^TB)", inst, lambda d: 2 * np.einsum("ij,ij->", d["A"], d["B"]),
           lambda d: 2 * np.trace(d["A"].T @ d["B"]), "trace form of the inner product")
G.identity(r"= 2A:B", inst, lambda d: 2 * np.trace(d["A"].T @ d["B"]), lambda d: 2 * np.sum(d["A"] * d["B"]),
           "colon product; hence dL/dA = 2A")
G.emit()
