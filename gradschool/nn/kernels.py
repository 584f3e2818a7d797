"""Fused kernels: an affine layer and softmax cross-entropy, each one node of the graph.

Written as compositions (x @ W.T, + b; log_softmax, pick, mean), these would
record three to five nodes each. Fused, each is one NumPy forward and one
backward rule, which is where a training step spends its Python time.

Both backward rules have two paths computing the same formulas:

- first order (grad mode off inside backward, the usual `loss.backward()`):
  NumPy on the saved arrays, wrapped as constant Tensors: fast;
- `create_graph=True` (grad mode on): the same formulas in Tensor operations,
  so the gradient is itself differentiable (Hessian-vector products,
  gradient penalties).
"""
from __future__ import annotations

import numpy as np

from ..autograd import mode
from ..autograd.elementwise import constant
from ..autograd.function import Function
from ..autograd.reduction import softmax
from ..autograd.shape import reshape
from ..autograd.tensor import make_tensor


def _row_max(z: np.ndarray) -> np.ndarray:
    """max_c z[i, c] for each row of an (N, C) array, as an (N, 1) column.

    NumPy reduces a short last axis one row at a time, which for C = 10 costs
    more than the exp and the log together; for few classes, the maximum of the
    C columns of a transposed copy (whole rows compared at once) is 3-10x faster.
    """
    if z.shape[1] <= 32:
        return np.ascontiguousarray(z.T).max(axis=0)[:, None]
    return z.max(axis=1, keepdims=True)


class Linear(Function):
    """y = x Wᵀ + b

    Shapes: x (*, in), W (out, in), b (out,) → y (*, out). With G = dL/dy:

        dL/dx = G W        dL/dW = Gᵀ x        dL/db = Σ G

    where Gᵀ x and Σ G sum over every leading dimension of x (all the rows
    that shared W and b). Each is computed only if its input needs it.
    """

    def forward(self, x, w, b=None):
        if x.ndim == 0 or w.ndim != 2 or x.shape[-1] != w.shape[1]:
            raise ValueError(f"linear: input of shape {x.shape} does not fit weight of shape "
                             f"{w.shape}: the input's last dimension must be in_features "
                             f"= weight.shape[1]")
        y = x @ w.T
        if b is not None:
            if b.shape != (w.shape[0],) and b.shape != ():
                raise ValueError(f"linear: bias of shape {b.shape} does not fit weight of "
                                 f"shape {w.shape}: expected ({w.shape[0]},)")
            if y.dtype == b.dtype:
                y += b  # y is a fresh array: adding in place saves one
            else:
                y = y + b
        return y

    def backward(self, gy):
        x, w = self.inputs[0], self.inputs[1]
        needs = self.needs_input_grad
        wants_b = len(needs) > 2 and needs[2]
        gx = gw = gb = None
        if not mode.state.enabled:  # first order: NumPy, no graph
            g = gy.data
            if needs[0]:
                gx = make_tensor(g @ w.data)
            if needs[1] or wants_b:
                g2 = g.reshape(-1, g.shape[-1])
                if needs[1]:
                    gw = make_tensor(g2.T @ x.data.reshape(-1, x.shape[-1]))
                if wants_b:  # a sum, not 1ᵀ G: a tiny product wakes BLAS's threads (CNN 2x)
                    gb = make_tensor(g2.sum(axis=0))
        else:  # create_graph: the same formulas, recorded
            if needs[0]:
                gx = gy @ w
            g2 = reshape(gy, (-1, gy.shape[-1]))
            if needs[1]:
                gw = g2.T @ reshape(x, (-1, x.shape[-1]))
            if wants_b:
                gb = g2.sum(0)
        if len(needs) == 2:
            return gx, gw
        if wants_b and gb.shape != self.inputs[2].shape:  # a 0-d bias broadcast to (out,)
            gb = gb.sum()
        return gx, gw, gb


class CrossEntropy(Function):
    """Softmax cross-entropy with class-index targets, in one node.

    Shapes: logits z (N, C), targets t (N,) of ints in [0, C) → loss per
    `reduction`: 'none' (N,), 'sum' or 'mean' ().

    With log pᵢ = zᵢ - logsumexp(zᵢ) (stable: the row max is subtracted
    before exp), class weights w (1 without), smoothing ε and mᵢ = 0 where
    tᵢ == ignore_index (else 1):

        lᵢ = mᵢ [ (1-ε) w_tᵢ (-log pᵢ,tᵢ) + (ε/C) Σ_c w_c (-log pᵢ,c) ]
        'mean' divides Σ lᵢ by Σ mᵢ w_tᵢ (N without weights or ignored rows)

        dlᵢ/dzᵢ = aᵢ pᵢ - Bᵢ,  aᵢ = mᵢ [(1-ε) w_tᵢ + (ε/C) Σ_c w_c],
                                Bᵢ,c = mᵢ [(1-ε) w_tᵢ δ(c = tᵢ) + (ε/C) w_c]

    which, without weights, smoothing or ignored rows, is softmax(zᵢ) - onehot(tᵢ).
    `target` must be valid (checked by `F.cross_entropy`); ignored rows may
    hold any value.
    """

    def __init__(self, target: np.ndarray, weight: np.ndarray | None = None,
                 ignore_index: int = -100, reduction: str = "mean",
                 label_smoothing: float = 0.0) -> None:
        self.reduction = reduction
        self.smoothing = label_smoothing
        self.weight = weight
        ignored = target == ignore_index
        self.keep = None if not ignored.any() else (~ignored)
        self.target = target if self.keep is None else np.where(ignored, 0, target)

    def forward(self, z):
        n, c = z.shape
        t, keep, eps = self.target, self.keep, self.smoothing
        rows = np.arange(n)
        shifted = z - _row_max(z)
        self.e = np.exp(shifted)
        self.s = self.e @ np.ones((c, 1), z.dtype)  # row sums, as a product (faster)
        log_s = np.log(self.s)[:, 0]
        nll = log_s - shifted[rows, t]  # -log p[i, t_i]
        # coef_i = m_i w_{t_i}: how much row i's target term counts (None: 1)
        coef = None if self.weight is None else self.weight[t]
        if keep is not None:
            coef = keep.astype(z.dtype) if coef is None else coef * keep
        self.coef = coef
        loss = nll if coef is None else coef * nll
        if eps:
            # Σ_c w_c (-log p_ic) = (Σ_c w_c) log s_i - Σ_c w_c shifted_ic
            if self.weight is None:
                smooth = c * log_s - shifted.sum(axis=1)
            else:
                smooth = self.weight.sum() * log_s - shifted @ self.weight
            if keep is not None:
                smooth = smooth * keep
            loss = (1 - eps) * loss + (eps / c) * smooth
        if self.reduction == "none":
            return loss.astype(z.dtype, copy=False)
        total = loss.sum()
        if self.reduction == "sum":
            return np.asarray(total, dtype=z.dtype)
        self.denominator = n if coef is None else coef.sum()
        if coef is None and n > 0:
            return np.asarray(total / n, dtype=z.dtype)
        with np.errstate(invalid="ignore", divide="ignore"):  # all rows ignored: nan
            return np.asarray(total / self.denominator, dtype=z.dtype)

    def _row_scale(self, gy):
        """dL/dlᵢ: gy per row ('none'), gy ('sum') or gy / denominator ('mean').

        `gy` is a Tensor or, on the first-order path, its array.
        """
        if self.reduction == "none":
            return gy.reshape(-1, 1)
        if self.reduction == "sum":
            return gy
        if self.keep is not None and not self.keep.any():
            return gy * 0.0  # every row ignored: the loss is nan but no row gets a gradient
        if self.coef is None and self.denominator > 0:  # N rows: nothing can divide by 0
            return gy * (1.0 / self.denominator)
        with np.errstate(divide="ignore"):  # zero total weight: nan, as PyTorch
            return gy * float(np.float64(1.0) / self.denominator)

    def _factors(self):
        """(aᵢ, (1-ε) mᵢ w_tᵢ, mᵢ) of the docstring, each (N,) or None for all ones."""
        if not self.smoothing:
            return self.coef, self.coef, None
        n, c = self.e.shape
        eps = self.smoothing
        m = np.ones(n, self.e.dtype) if self.keep is None else self.keep.astype(self.e.dtype)
        target_w = m if self.coef is None else self.coef
        total_w = c if self.weight is None else self.weight.sum()
        return (1 - eps) * target_w + (eps / c) * total_w * m, (1 - eps) * target_w, m

    def backward(self, gy):
        n, c = self.e.shape
        rows, t = np.arange(n), self.target
        a, target_w, m = self._factors()
        w = None if m is None else (np.ones(c, self.e.dtype) if self.weight is None
                                    else self.weight)
        if not mode.state.enabled:  # first order: NumPy on the saved arrays
            s = self._row_scale(gy.data)  # () or (N, 1)
            g = self.e * ((s if a is None else a[:, None] * s) / self.s)  # aᵢ sᵢ softmax(zᵢ)
            ts = s if target_w is None else target_w[:, None] * s
            g[rows, t] -= ts if ts.ndim == 0 else ts[:, 0]
            if m is not None:
                g -= (self.smoothing / c) * (m[:, None] * s) * w
            return make_tensor(g)
        # create_graph: a p - B with p = softmax(z) recorded, so it can be differentiated
        dtype = self.e.dtype
        b = np.zeros((n, c), dtype)
        b[rows, t] = 1 if target_w is None else target_w
        if m is not None:
            b += (self.smoothing / c) * m[:, None] * w
        p = softmax(self.inputs[0], 1)
        if a is not None:
            p = p * constant(a[:, None].astype(dtype))
        return (p - constant(b)) * self._row_scale(gy)
