"""Convolution as strided windows and one matrix product (im2col), forward and backward.

For an input x (N, C, *S) and a weight W (O, C, *K), output position l of
sample n and channel o is

    y[n, o, l] = b[o] + Σ_c Σ_j W[o, c, j] · xp[n, c, l·s + j·d]

(xp: x with zeros around it; j runs over kernel offsets, l over output
positions, s the stride, d the dilation: see windows.py). Laying every
window out as a row makes that one matrix product:

    X = im2col(x)   (N·ΠL, ΠK·C)     row (n, l) is the window read for y[n, :, l]
    Y = X W₂ᵀ + b    (N·ΠL, O)        W₂ = W with its entries in the same (j, c) order

With G = dL/dy laid out the same way as Y, the backward is two more products

    dL/dW = Gᵀ X (back in W's layout)      dL/db = Σ_rows G
    dL/dx = col2im(G W₂)

where col2im adds each row's entries back onto the input positions they
were read from (windows.scatter_add: one strided add per kernel offset).

Layout, for speed: the arrays are channels-last inside, (N, *S, C), so a
window is a few contiguous runs of memory (one run of k·C numbers in 1-D
without dilation) and im2col copies whole runs; X's rows and G's rows come
out of reshapes. The Tensors keep PyTorch's (N, C, *S) shape, as views of
that memory, and the next convolution reads them without a transpose.

Higher orders: the two backward maps are operations of their own,
`ConvInputGrad` (G, W) ↦ dL/dx and `ConvWeightGrad` (x, G) ↦ dL/dW. All
three are linear in each argument and each one's derivative is made of the
others, so with `create_graph=True` the backward records them and
gradients of gradients follow to any order. Without it (the usual
`loss.backward()`) the backward is plain NumPy reusing the forward's X.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..autograd import mode
from ..autograd.function import Function
from ..autograd.shape import reshape
from ..autograd.tensor import Tensor, make_tensor
from .windows import Window, ntuple, pad, scatter_add, window, windows

# (N, C, *S) <-> (N, *S, C) for n = 1, 2, 3 spatial dimensions
_TO_LAST = {n: (0, *range(2, n + 2), 1) for n in (1, 2, 3)}
_TO_FIRST = {n: (0, n + 1, *range(1, n + 1)) for n in (1, 2, 3)}
_ALL = slice(None)


def im2col(x: np.ndarray, win: Window) -> np.ndarray:
    """Every window of x (N, C, *S) as a row: (N·ΠL, ΠK·C), entries ordered (j, c)."""
    n = len(win.kernel)
    xp = pad(x.transpose(_TO_LAST[n]), win, 1)  # (N, *Sp, C), a view when unpadded
    cols = windows(xp, win, 1, channels_last=True)  # (N, *L, *K, C), no copy
    return cols.reshape(cols.shape[0] * math.prod(win.out_size),
                        math.prod(win.kernel) * x.shape[1])  # the one copy


def weight_rows(w: np.ndarray) -> np.ndarray:
    """W (O, C, *K) as W₂ (O, ΠK·C), entries in im2col's (j, c) order."""
    return w.transpose(_TO_LAST[w.ndim - 2]).reshape(w.shape[0], -1)


def weight_unrows(w2: np.ndarray, w_shape: tuple[int, ...]) -> np.ndarray:
    """W₂ (O, ΠK·C) back to W's layout (O, C, *K)."""
    n = len(w_shape) - 2
    return w2.reshape((w_shape[0],) + w_shape[2:] + (w_shape[1],)).transpose(_TO_FIRST[n])


def rows(g: np.ndarray) -> np.ndarray:
    """An output-shaped array (N, O, *L) as rows (N·ΠL, O), the layout of Y above."""
    return g.transpose(_TO_LAST[g.ndim - 2]).reshape(-1, g.shape[1])


def unrows(y2: np.ndarray, n_batch: int, win: Window) -> np.ndarray:
    """Rows (N·ΠL, O) back to (N, O, *L): a view of the channels-last array."""
    y = y2.reshape((n_batch,) + win.out_size + (y2.shape[1],))
    return y.transpose(_TO_FIRST[len(win.kernel)])


def col2im(gcols: np.ndarray, win: Window, n_batch: int, channels: int) -> np.ndarray:
    """The adjoint of im2col: (N·ΠL, ΠK·C) summed back onto an (N, C, *S) array."""
    g = gcols.reshape((n_batch,) + win.out_size + win.kernel + (channels,))
    lead = (_ALL,) * (len(win.kernel) + 1)
    offsets = win.offsets
    gx = scatter_add(lambda i: g[lead + offsets[i]], win,
                     (n_batch,) + win.in_size + (channels,), 1, g.dtype)
    return gx.transpose(_TO_FIRST[len(win.kernel)])


class ConvNd(Function):
    """y = W ⋆ x + b (cross-correlation, as PyTorch's conv), via im2col and one matmul.

    Shapes: x (N, C, *S), W (O, C, *K), b (O,) → y (N, O, *L) with L from
    the Window. See the module docstring for the backward rules.
    """

    def __init__(self, win: Window) -> None:
        self.win = win

    def forward(self, x, w, b=None):
        self.cols = cols = im2col(x, self.win)
        y2 = cols @ weight_rows(w).T
        if b is not None:
            if y2.dtype == b.dtype:
                y2 += b
            else:
                y2 = y2 + b
        return unrows(y2, x.shape[0], self.win)

    def backward(self, gy):
        x, w = self.inputs[0], self.inputs[1]
        needs = self.needs_input_grad
        wants_b = len(needs) > 2 and needs[2]
        gx = gw = gb = None
        if not mode.state.enabled:  # first order: NumPy, reusing the forward's windows
            g2 = rows(gy.data)
            if needs[0]:
                gcols = g2 @ weight_rows(w.data)
                gx = make_tensor(col2im(gcols, self.win, x.shape[0], x.shape[1]))
            if needs[1]:
                gw = make_tensor(weight_unrows(g2.T @ self.cols, w.shape))
            if wants_b:
                gb = make_tensor(g2.sum(axis=0))
        else:  # create_graph: the same maps, recorded
            if needs[0]:
                gx = ConvInputGrad(self.win)(gy, w)
            if needs[1]:
                gw = ConvWeightGrad(self.win, w.shape)(x, gy)
            if wants_b:
                gb = gy.sum((0, *range(2, gy.ndim)))
        return (gx, gw) if len(needs) == 2 else (gx, gw, gb)


class ConvInputGrad(Function):
    """(G, W) ↦ col2im(G W₂): the gradient of a convolution with respect to its input.

    Shapes: G (N, O, *L), W (O, C, *K) → (N, C, *S). Linear in each
    argument; for a gradient H of the result, dL/dG = H ⋆ W (a
    convolution) and dL/dW = ConvWeightGrad(H, G).
    """

    def __init__(self, win: Window) -> None:
        self.win = win

    def forward(self, g, w):
        return col2im(rows(g) @ weight_rows(w), self.win, g.shape[0], w.shape[1])

    def backward(self, h):
        g, w = self.inputs
        dg = ConvNd(self.win)(h, w) if self.needs_input_grad[0] else None
        dw = ConvWeightGrad(self.win, w.shape)(h, g) if self.needs_input_grad[1] else None
        return dg, dw


class ConvWeightGrad(Function):
    """(x, G) ↦ Gᵀ im2col(x): the gradient of a convolution with respect to its weight.

    Shapes: x (N, C, *S), G (N, O, *L) → (O, C, *K). Linear in each
    argument; for a gradient H of the result, dL/dx = ConvInputGrad(G, H)
    and dL/dG = x ⋆ H (a convolution).
    """

    def __init__(self, win: Window, w_shape: tuple[int, ...]) -> None:
        self.win, self.w_shape = win, w_shape

    def forward(self, x, g):
        return weight_unrows(rows(g).T @ im2col(x, self.win), self.w_shape)

    def backward(self, h):
        x, g = self.inputs
        dx = ConvInputGrad(self.win)(g, h) if self.needs_input_grad[0] else None
        dg = ConvNd(self.win)(x, h) if self.needs_input_grad[1] else None
        return dx, dg


# ----- the functional form, with its checks --------------------------------------------
def conv_padding(padding: Any, n: int, kernel: tuple[int, ...], stride: tuple[int, ...],
                 dilation: tuple[int, ...], name: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(pad_lo, pad_hi) from padding = int, tuple, 'valid' (none) or 'same' (stride 1).

    'same' keeps L_out = L_in: d(k-1) zeros in all, ⌊d(k-1)/2⌋ before and the
    rest after, as PyTorch.
    """
    if isinstance(padding, str):
        if padding == "valid":
            return (0,) * n, (0,) * n
        if padding != "same":
            raise ValueError(f"{name}: padding must be an int, a tuple of {n} ints, 'valid' "
                             f"or 'same', got {padding!r}")
        if any(s != 1 for s in stride):
            raise ValueError(f"{name}: padding='same' is not supported for strided "
                             f"convolutions (stride={stride})")
        total = tuple(d * (k - 1) for k, d in zip(kernel, dilation))
        return tuple(t // 2 for t in total), tuple(t - t // 2 for t in total)
    pads = ntuple(padding, n, "padding", name)
    return pads, pads


def check_input(name: str, x: Tensor, n: int) -> None:
    """Raise unless x is (N, C, *S) or unbatched (C, *S) with n spatial dimensions."""
    if not isinstance(x, Tensor):
        raise TypeError(f"{name}: input must be a gradschool Tensor, got {type(x).__name__}")
    if x.ndim not in (n + 1, n + 2):
        spatial = spatial_names(n)
        raise ValueError(f"{name}: expected a {n + 1}-D (C, {spatial}) or {n + 2}-D "
                         f"(N, C, {spatial}) input, got shape {x.shape}")


def spatial_names(n: int) -> str:
    """'L', 'H, W' or 'D, H, W': how shapes are written in the messages."""
    return "L" if n == 1 else "H, W" if n == 2 else "D, H, W"


def conv(name: str, n: int, input: Tensor, weight: Tensor, bias: Tensor | None,
         stride: int | Sequence[int], padding: Any, dilation: int | Sequence[int],
         groups: int) -> Tensor:
    """The n-d convolution behind conv1d and conv2d: reads the arguments, then `convolve`."""
    check_input(name, input, n)
    if groups != 1:
        raise ValueError(f"{name}: groups={groups} is not supported; gradschool implements "
                         f"groups=1 only")
    if weight.ndim != n + 2:
        raise ValueError(f"{name}: weight must be {n + 2}-D (out_channels, in_channels, "
                         f"*kernel_size), got shape {weight.shape}")
    strides = ntuple(stride, n, "stride", name)
    dilations = ntuple(dilation, n, "dilation", name)
    lo, hi = conv_padding(padding, n, weight.shape[2:], strides, dilations, name)
    return convolve(name, input, weight, bias, strides, lo, hi, dilations)


def convolve(name: str, input: Tensor, weight: Tensor, bias: Tensor | None,
             stride: tuple[int, ...], pad_lo: tuple[int, ...], pad_hi: tuple[int, ...],
             dilation: tuple[int, ...]) -> Tensor:
    """One ConvNd node, for an input checked by `check_input` and tuple arguments."""
    if input.ndim == weight.ndim - 1:  # unbatched: one sample
        y = convolve(name, reshape(input, (1,) + input.shape), weight, bias, stride, pad_lo,
                     pad_hi, dilation)
        return reshape(y, y.shape[1:])
    if input.shape[1] != weight.shape[1]:
        raise ValueError(f"{name}: input of shape {input.shape} has {input.shape[1]} channels, "
                         f"but weight of shape {weight.shape} expects {weight.shape[1]} "
                         f"(in_channels)")
    win = window(name, input.shape[2:], weight.shape[2:], stride, pad_lo, pad_hi, dilation)
    if bias is None:
        return ConvNd(win)(input, weight)
    if bias.shape != (weight.shape[0],):
        raise ValueError(f"{name}: bias of shape {bias.shape} does not fit weight of shape "
                         f"{weight.shape}: expected ({weight.shape[0]},)")
    return ConvNd(win)(input, weight, bias)


def conv1d(input: Tensor, weight: Tensor, bias: Tensor | None = None,
           stride: int | Sequence[int] = 1, padding: Any = 0,
           dilation: int | Sequence[int] = 1, groups: int = 1) -> Tensor:
    """y[n, o, l] = b[o] + Σ_c Σ_j W[o, c, j] · xp[n, c, l·s + j·d], as torch's conv1d.

    Shapes: input (N, C_in, L_in) or (C_in, L_in), weight (C_out, C_in, k),
    bias (C_out,) → (N, C_out, L_out), L_out = ⌊(L_in + 2p − d(k−1) − 1)/s⌋ + 1.
    padding: int, (p,), 'valid' or 'same' (stride 1). groups=1 only.
    """
    return conv("conv1d", 1, input, weight, bias, stride, padding, dilation, groups)


def conv2d(input: Tensor, weight: Tensor, bias: Tensor | None = None,
           stride: int | Sequence[int] = 1, padding: Any = 0,
           dilation: int | Sequence[int] = 1, groups: int = 1) -> Tensor:
    """y[n, o, h, w] = b[o] + Σ_c Σ_{i,j} W[o, c, i, j] · xp[n, c, h·s₀ + i·d₀, w·s₁ + j·d₁].

    Shapes: input (N, C_in, H, W) or (C_in, H, W), weight (C_out, C_in, k₀, k₁),
    bias (C_out,) → (N, C_out, H_out, W_out), each as L_out in conv1d.
    stride, padding, dilation: an int or a pair (padding also 'valid' or
    'same'). groups=1 only.
    """
    return conv("conv2d", 2, input, weight, bias, stride, padding, dilation, groups)
