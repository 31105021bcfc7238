"""Grades for 27_gaussian_mean_mle.md (multi-line $$ formulas, |Sigma| for det, \\mathcal{l})."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, spd, fd_grad

r = rng(27)
inst = []
for k, N in [(2, 4), (3, 6), (4, 5)]:
    inst.append(dict(Sig=spd(r, k) / k, mu=r.standard_normal(k), xs=r.standard_normal((N, k))))
k_of = lambda d: d["xs"].shape[1]
N_of = lambda d: d["xs"].shape[0]
Si = lambda d: np.linalg.inv(d["Sig"])
det = lambda d: np.linalg.det(d["Sig"])
pdf = lambda d, x: (1 / np.sqrt((2 * np.pi) ** k_of(d) * det(d))
                    * np.exp(-0.5 * (x - d["mu"]) @ Si(d) @ (x - d["mu"])))
quad = lambda d: sum((x - d["mu"]) @ Si(d) @ (x - d["mu"]) for x in d["xs"])
L1 = lambda d: np.log(np.prod([pdf(d, x) for x in d["xs"]]))
L2 = lambda d: N_of(d) * np.log(1 / np.sqrt((2 * np.pi) ** k_of(d) * det(d))) - 0.5 * quad(d)
L3 = lambda d: -N_of(d) / 2 * np.log((2 * np.pi) ** k_of(d)) - N_of(d) / 2 * np.log(det(d)) - 0.5 * quad(d)

G = Grader(__file__)
G.definition("\\text{Gaussian}(\\mathbf{x}) = p(\\mathbf{x} | \\boldsymbol{\\mu}, \\mathbf{\\Sigma})", "names the density")
G.definition("p(\\mathbf{x} | \\boldsymbol{\\mu}, \\mathbf{\\Sigma}) =\n"
             "\\frac{1}{\\sqrt{(2\\pi)^k |\\mathbf{\\Sigma}|}} \\exp{ \\bigg\\{-\\frac{1}{2}(\\mathbf{x} - \\boldsymbol{\\mu})^T\n"
             "\\mathbf{\\Sigma}^{-1} (\\mathbf{x} - \\boldsymbol{\\mu})\n\\bigg\\} }",
             "Gaussian density (|Sigma| is the determinant); spans three source lines")
G.definition("\\log \\mathcal{L}(\\boldsymbol{\\mu}, \\mathbf{\\Sigma}) = \\mathcal{l}(\\boldsymbol{\\mu}, \\mathbf{\\Sigma})",
             "names the log-likelihood")
G.definition("\\mathcal{l}(\\boldsymbol{\\mu}, \\mathbf{\\Sigma}) =\n\\log \\prod_{i=1}^{N} p(\\mathbf{x}_i | \\boldsymbol{\\mu}, \\mathbf{\\Sigma})",
             "log-likelihood of i.i.d. data")
G.identity("= N\\log \\frac{1}{\\sqrt{(2\\pi)^k |\\mathbf{\\Sigma}|}}\n- \\frac{1}{2} \\sum_{i=1}^N (\\mathbf{x}_i - \\boldsymbol{\\mu})^T \\mathbf{\\Sigma}^{-1} (\\mathbf{x}_i - \\boldsymbol{\\mu})",
           inst, L1, L2, "log of a product of densities")
G.identity("= -\\frac{N}{2} \\log{(2\\pi)^k}\n-\\frac{N}{2}\\log{|\\mathbf{\\Sigma}|}\n- \\frac{1}{2} \\sum_{i=1}^N (\\mathbf{x}_i - \\boldsymbol{\\mu})^T \\mathbf{\\Sigma}^{-1} (\\mathbf{x}_i - \\boldsymbol{\\mu})",
           inst, L2, L3, "log of a reciprocal square root")
G.equation(r"\frac{\partial \mathcal{l}}{\partial \boldsymbol{\mu}} = 0", "first-order condition for mu")
G.equation(r"2 \sum_{i=1}^N \mathbf{\Sigma}^{-1} (\mathbf{x}_i - \boldsymbol{\mu}) = 0",
           "equivalent condition; note dl/dmu itself is sum Sigma^{-1}(x_i - mu) without the 2 "
           "(the quoted rule's 2 cancels against the 1/2)")
G.equation(r"\sum_{i=1}^N \mathbf{\Sigma}^{-1} \mathbf{x}_i - \sum_{i=1}^N \mathbf{\Sigma}^{-1} \boldsymbol{\mu} = 0",
           "equivalent to the previous line (divide by 2, distribute)")
G.emit()
