"""Grades for 20_trace_AXB_nabla_BA.md (\\nabla_X tr(AXB) = BA, Einstein sums, \\text{Tr})."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, fd_grad, mmul

r = rng(20)
# tr(A X B): A p x m, X m x q, B q x p
inst = []
for p, m, q in [(2, 2, 2), (3, 3, 3), (2, 3, 4)]:
    inst.append(dict(A=r.standard_normal((p, m)), X=r.standard_normal((m, q)), B=r.standard_normal((q, p)),
                     dX=r.standard_normal((m, q))))
sq = [dict(A=r.standard_normal((n, n)), X=r.standard_normal((n, n))) for n in (2, 3, 4)]   # Tr(AX), Tr(AX^T)
rect = []
for n, m in [(2, 3), (3, 2), (4, 4)]:      # Tr(AX) needs A n x m for X m x n
    rect.append(dict(A=r.standard_normal((n, m)), X=r.standard_normal((m, n))))
ex1 = [dict(A=r.standard_normal((m, m)), X=r.standard_normal((m, n))) for m, n in [(2, 3), (3, 2), (4, 4)]]
t = lambda d, X: np.trace(d["A"] @ X @ d["B"])

G = Grader(__file__)
G.derivative(r"\nabla_X \operatorname{tr}(AXB) = BA", inst, lambda d: t(d, d["X"]), "X",
             lambda d: d["B"] @ d["A"],
             "WRONG as a gradient (asker's formula): FD gradient laid out like X is (BA)^T = A^T B^T; "
             "BA is the numerator-layout form")
G.check(r"{\rm d} \operatorname{tr}(AXB) = \operatorname{tr}(BA \; {\rm d} X)", "derivative", inst,
        lambda d: (t(d, d["X"] + 1e-6 * d["dX"]) - t(d, d["X"] - 1e-6 * d["dX"])) / 2e-6,
        lambda d: np.trace(d["B"] @ d["A"] @ d["dX"]), "differential vs FD directional derivative", tol=1e-6)
ein = lambda A, X, B: np.einsum("ij,jk,ki->", A, X, B)
G.identity(r"\operatorname{tr}(A (X+dX)B)=A_{ij} (X_{jk}+dX_{jk})B_{ki}", inst,
           lambda d: t(d, d["X"] + d["dX"]), lambda d: ein(d["A"], d["X"] + d["dX"], d["B"]),
           "Einstein summation over i, j, k")
G.identity(r"d\operatorname{tr}(AXB)&=\operatorname{tr}(A(X+dX)B)-\operatorname{tr}(AXB)", inst,
           lambda d: np.trace(d["A"] @ d["dX"] @ d["B"]), lambda d: t(d, d["X"] + d["dX"]) - t(d, d["X"]),
           "exact because X -> tr(AXB) is linear")
G.identity(r"&=A_{ij} dX_{jk}B_{ki}", inst, lambda d: t(d, d["X"] + d["dX"]) - t(d, d["X"]),
           lambda d: ein(d["A"], d["dX"], d["B"]), "Einstein summation")
G.identity(r"A_{ij} dX_{jk}B_{ki}=\underbrace{B_{ki}A_{ij}}_{=(BA)_{kj}} \; dX_{jk}", inst,
           lambda d: ein(d["A"], d["dX"], d["B"]), lambda d: np.einsum("ki,ij,jk->", d["B"], d["A"], d["dX"]),
           "reordering scalar factors")
G.identity(r"B_{ki}A_{ij}}_{=(BA)_{kj}}", inst, lambda d: np.einsum("ki,ij->kj", d["B"], d["A"]),
           lambda d: d["B"] @ d["A"], "claim inside the underbrace, summed over i")
TrAX = lambda d: np.trace(d["A"] @ d["X"])
TrXA = lambda d: np.trace(d["X"] @ d["A"])
gX = lambda fun: (lambda d: fd_grad(lambda X: fun(dict(d, X=X)), d["X"]))
G.identity(r"\frac{d}{d\mathbf{X}}\text{Tr}(\mathbf{AX}) = \frac{d}{d\mathbf{X}}\text{Tr}(\mathbf{XA})", rect,
           gX(TrAX), gX(TrXA), "FD gradients of both traces (equal by cyclicity)", tol=1e-6)
G.derivative(r"= \mathbf{A}^T", rect, TrAX, "X", lambda d: d["A"].T, "FD gradient")
TrAXt = lambda d: np.trace(d["A"] @ d["X"].T)
TrXtA = lambda d: np.trace(d["X"].T @ d["A"])
G.identity(r"\frac{d}{d\mathbf{X}}\text{Tr}(\mathbf{AX^T}) = \frac{d}{d\mathbf{X}}\text{Tr}(\mathbf{X^TA})", sq,
           gX(TrAXt), gX(TrXtA), "FD gradients of both traces", tol=1e-6)
G.derivative(r"= \mathbf{A}", sq, TrAXt, "X", lambda d: d["A"], "FD gradient")
G.definition(r"\left[ \frac{d}{d\mathbf{X}} \text{Tr}(\mathbf{AX}) \right]_{i,j} = \frac{d}{dx_{i,j}} \text{Tr}(\mathbf{AX})",
             "entrywise definition of the gradient")
G.identity(r"= \frac{d}{dx_{i,j}} \sum_{k,l} a_{k,l} x_{l,k}", rect, gX(TrAX),
           gX(lambda d: sum(d["A"][k, l] * d["X"][l, k] for k in range(d["A"].shape[0]) for l in range(d["A"].shape[1]))),
           "trace written as a double sum; FD of both", tol=1e-6)
G.derivative(r"= a_{j,i}", rect, TrAX, "X", lambda d: d["A"].T, "entry (i,j) of the FD gradient equals a_{j,i}")
G.identity(r"a_{j,i} = \left[\mathbf{A}^T\right]_{i,j}", rect, lambda d: d["A"].T, lambda d: d["A"].T, "transpose entry")
G.definition(r"\left[ \frac{d}{d\mathbf{X}} \text{Tr}(\mathbf{AX^T}) \right]_{i,j} = \frac{d}{dx_{i,j}} \text{Tr}(\mathbf{AX^T})",
             "entrywise definition of the gradient")
G.identity(r"= \frac{d}{dx_{i,j}} \sum_{k,l} a_{k,l} x_{k,l}", sq, gX(TrAXt),
           gX(lambda d: float(np.sum(d["A"] * d["X"]))), "trace written as a double sum; FD of both", tol=1e-6)
G.derivative(r"= a_{i,j}", sq, TrAXt, "X", lambda d: d["A"], "entry (i,j) of the FD gradient equals a_{i,j}")
G.identity(r"a_{i,j} = \left[\mathbf{A}\right]_{i,j}", sq, lambda d: d["A"], lambda d: d["A"], "matrix entry")
G.derivative(r"\frac{d}{d\mathbf{X}} \text{Tr}(\mathbf{X}^T \mathbf{A} \mathbf{X}) = (\mathbf{A} + \mathbf{A}^T) \mathbf{X}",
             ex1, lambda d: np.trace(d["X"].T @ d["A"] @ d["X"]), "X", lambda d: (d["A"] + d["A"].T) @ d["X"],
             "FD gradient, A m x m non-symmetric, X m x n")
G.emit()
