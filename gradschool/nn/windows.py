"""Sliding windows: the geometry shared by convolution and pooling.

A layer with kernel k, stride s, padding p and dilation d looks, for output
position l of each spatial dimension, at the padded input positions

    l·s + j·d,   j = 0 … k-1,

so a dimension of length L_in gives (as torch/nn/modules/conv.py writes it)

    L_out = ⌊(L_in + 2p − d(k−1) − 1) / s⌋ + 1

(p_lo + p_hi instead of 2p where the two sides differ, as for padding='same').

`Window` holds those numbers for every spatial dimension. `windows()` shows
the padded input as an array of windows without copying it (a strided view:
a window steps s elements per output position and d per kernel offset), and
`scatter_add()` is its adjoint: it adds a value per window and offset back
onto the positions it came from, one strided add per kernel offset (k, or
k_h·k_w, of them; never a loop over output positions). Convolution and
pooling are both built from these two.
"""
from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence

import numpy as np
from numpy.lib.stride_tricks import as_strided

_ALL = slice(None)


def ntuple(value: int | Sequence[int], n: int, what: str, name: str) -> tuple[int, ...]:
    """An int or a length-n sequence of ints as a tuple of n ints."""
    items = (value,) * n if isinstance(value, (int, np.integer)) else tuple(value)
    if len(items) != n or not all(isinstance(v, (int, np.integer)) for v in items):
        raise ValueError(f"{name}: {what} must be an int or a tuple of {n} ints, got {value!r}")
    return tuple(int(v) for v in items)


class Window:
    """The geometry of sliding windows over n spatial dimensions.

    Attributes (tuples of n ints, one per spatial dimension): in_size,
    kernel, stride, dilation, pad_lo and pad_hi (zeros added before and
    after), padded (in_size + pad_lo + pad_hi), out_size (L_out above);
    `offsets` lists every kernel offset (j₁, …, jₙ) and `slices[i]` selects,
    in a padded array, the positions l·s + j·d that offset i reads for all
    output positions l; `crop` selects the unpadded input inside the padded one.
    """

    def __init__(self, name: str, in_size: tuple[int, ...], kernel: tuple[int, ...],
                 stride: tuple[int, ...], pad_lo: tuple[int, ...], pad_hi: tuple[int, ...],
                 dilation: tuple[int, ...]) -> None:
        self.name, self.in_size, self.kernel = name, in_size, kernel
        self.stride, self.pad_lo, self.pad_hi, self.dilation = stride, pad_lo, pad_hi, dilation
        for what, values, least in (("kernel_size", kernel, 1), ("stride", stride, 1),
                                    ("dilation", dilation, 1), ("padding", pad_lo, 0),
                                    ("padding", pad_hi, 0)):
            if min(values) < least:
                raise ValueError(f"{name}: {what} must be at least {least}, got {values}")
        self.padded = tuple(n + lo + hi for n, lo, hi in zip(in_size, pad_lo, pad_hi))
        span = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation))
        if any(e > n for e, n in zip(span, self.padded)):
            raise ValueError(
                f"{name}: kernel of size {kernel} (spanning {span} with dilation {dilation}) "
                f"is larger than the padded input of size {self.padded} (input {in_size} "
                f"+ padding {tuple(a + b for a, b in zip(pad_lo, pad_hi))})")
        self.out_size = tuple((n - e) // s + 1 for n, e, s in zip(self.padded, span, stride))
        self.padding = any(pad_lo) or any(pad_hi)
        self.offsets = list(itertools.product(*(range(k) for k in kernel)))
        self.slices = [tuple(slice(j * d, j * d + s * (m - 1) + 1, s) for j, d, s, m in
                             zip(offset, dilation, stride, self.out_size))
                       for offset in self.offsets]
        self.crop = tuple(slice(lo, lo + n) for lo, n in zip(pad_lo, in_size))


@functools.lru_cache(maxsize=512)
def window(name: str, in_size: tuple[int, ...], kernel: tuple[int, ...],
           stride: tuple[int, ...], pad_lo: tuple[int, ...], pad_hi: tuple[int, ...],
           dilation: tuple[int, ...]) -> Window:
    """The (cached) Window for these sizes: a training loop builds each one once."""
    return Window(name, in_size, kernel, stride, pad_lo, pad_hi, dilation)


def pad(x: np.ndarray, win: Window, first: int, value: float = 0.0) -> np.ndarray:
    """x with `value` added around spatial axes first … first+n-1 (x itself if no padding)."""
    if not win.padding:
        return x
    n = len(win.in_size)
    shape = x.shape[:first] + win.padded + x.shape[first + n:]
    xp = np.zeros(shape, x.dtype) if value == 0 else np.full(shape, value, x.dtype)
    xp[(_ALL,) * first + win.crop] = x
    return xp


def windows(xp: np.ndarray, win: Window, first: int, channels_last: bool = False) -> np.ndarray:
    """A read-only strided view of every window of the padded array xp.

    xp's spatial axes are first … first+n-1. The view has shape
    xp.shape[:first] + out_size + rest + kernel, where rest are the axes
    after the spatial ones, and view[…, l, …, j] = xp[…, l·s + j·d, …]; with
    channels_last=True the kernel axes come before rest instead (for an
    (N, *S, C) array, windows (N, *L, *K, C) whose k·C entries are contiguous
    in memory when d = 1). Nothing is copied.
    """
    n = len(win.kernel)
    st = xp.strides
    spatial = st[first:first + n]
    lead = xp.shape[:first] + win.out_size
    lead_st = st[:first] + tuple(a * s for a, s in zip(spatial, win.stride))
    kernel_st = tuple(a * d for a, d in zip(spatial, win.dilation))
    rest, rest_st = xp.shape[first + n:], st[first + n:]
    if channels_last:
        shape, strides = lead + win.kernel + rest, lead_st + kernel_st + rest_st
    else:
        shape, strides = lead + rest + win.kernel, lead_st + rest_st + kernel_st
    return as_strided(xp, shape, strides, writeable=False)


def scatter_add(part: Callable[[int], np.ndarray], win: Window, shape: tuple[int, ...],
                first: int, dtype: np.dtype) -> np.ndarray:
    """The adjoint of `windows`: Σ over kernel offsets i of part(i) put back where it was read.

    part(i) has the shape of the output positions (shape[:first] + out_size +
    the axes after the spatial ones); the result is the unpadded array of
    `shape`, whose spatial axes are first … first+n-1. Overlapping windows
    (stride < kernel) add up.
    """
    n = len(win.kernel)
    padded = shape[:first] + win.padded + shape[first + n:]
    g = np.zeros(padded, dtype)
    lead = (_ALL,) * first
    for i, where in enumerate(win.slices):
        g[lead + where] += part(i)
    return g[lead + win.crop] if win.padding else g
