"""The four figures of the `tensors` lab (matplotlib; each returns a Figure)."""
from __future__ import annotations

from typing import Any

import numpy as np

PATCH = 8  # side of the patch of grey levels printed as numbers


def image_figure(image: np.ndarray, gray: np.ndarray) -> Any:
    """The photo as a tensor (H, W, 3), its three channels, its grey matrix (H, W), a patch of
    that matrix as numbers, and two views: the transpose and every 8th pixel."""
    import matplotlib.pyplot as plt

    H, W, _ = image.shape
    fig, axes = plt.subplots(2, 4, figsize=(12, 6.6))
    panels = [
        (image, None, f"x: tensor {H}×{W}×3 (uint8)"),
        (image[:, :, 0], "Reds_r", "x[:, :, 0]: red channel, a matrix"),
        (image[:, :, 1], "Greens_r", "x[:, :, 1]: green channel"),
        (image[:, :, 2], "Blues_r", "x[:, :, 2]: blue channel"),
        (gray, "gray", f"grey = x @ (0.299, 0.587, 0.114): {H}×{W}"),
        (None, None, ""),
        (image.transpose(1, 0, 2), None, "x.transpose(1, 0, 2): W×H×3 (a view)"),
        (image[::8, ::8], None, f"x[::8, ::8]: {image[::8, ::8].shape[0]}×"
                                f"{image[::8, ::8].shape[1]}×3 (a view)"),
    ]
    for ax, (data, cmap, title) in zip(axes.flat, panels):
        if data is not None:
            ax.imshow(data, cmap=cmap, vmin=0, vmax=255)
            ax.set_title(title, fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    i0, j0 = H // 3, W // 2
    patch = gray[i0:i0 + PATCH, j0:j0 + PATCH]
    ax = axes[1, 1]
    ax.imshow(patch, cmap="gray", vmin=0, vmax=255)
    for (i, j), v in np.ndenumerate(patch):
        ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=7,
                color="white" if v < 128 else "black")
    ax.set_title(f"grey[{i0}:{i0 + PATCH}, {j0}:{j0 + PATCH}]: numbers", fontsize=9)
    axes[1, 0].add_patch(plt.Rectangle((j0 - 0.5, i0 - 0.5), PATCH, PATCH, fill=False,
                                       ec="red", lw=1.5))
    fig.suptitle("A photo is a 3rd-order tensor; each channel and the grey image are matrices")
    fig.tight_layout()
    return fig


def _cells(ax: Any, values: np.ndarray, x0: float, y0: float, title: str, color: Any) -> None:
    """Draw a 2-D array of numbers as a grid of boxes with its top-left at (x0, y0)."""
    rows, cols = values.shape
    for (i, j), v in np.ndenumerate(values):
        ax.add_patch(_box(x0 + j, y0 - i, color(v)))
        ax.text(x0 + j + 0.5, y0 - i + 0.5, str(v), ha="center", va="center", fontsize=9)
    ax.text(x0, y0 + 1.3, title, fontsize=9, va="bottom", family="monospace")


def _box(x: float, y: float, color: Any) -> Any:
    import matplotlib.pyplot as plt

    return plt.Rectangle((x, y), 1, 1, fc=color, ec="black", lw=0.8)


def memory_figure() -> Any:
    """One buffer of 12 int64 numbers read as a 3×4 matrix (strides (32, 8)) and as its
    transpose (strides (8, 32)): the same memory, other strides, no copy."""
    import matplotlib.pyplot as plt

    x = np.arange(12, dtype=np.int64).reshape(3, 4)
    cmap = plt.get_cmap("tab20")

    def color(v: int) -> Any:
        return cmap(v % 20)

    fig, ax = plt.subplots(figsize=(10, 5.2))
    _cells(ax, x.ravel()[None, :], 0, 6, "memory: 12 numbers × 8 bytes, one after the other",
           color)
    _cells(ax, x, 0, 2.5, f"x = np.arange(12).reshape(3, 4)\nshape {x.shape}, "
                          f"strides {x.strides}", color)
    _cells(ax, x.T, 7, 2.5, f"x.T (a view)\nshape {x.T.shape}, strides {x.T.strides}",
           color)
    ax.text(12.5, 2.5, "x: next column +8 bytes,\n    next row +32 bytes\n\nx.T: the two steps\n"
                       "swapped; nothing moves\nin memory", fontsize=9, va="top")
    ax.set(xlim=(-0.5, 16), ylim=(-2, 8.2), aspect="equal")
    ax.axis("off")
    ax.set_title("A view is the same memory read with other strides")
    fig.tight_layout()
    return fig


def dtype_figure(megabytes: dict[str, dict[str, float]], eps: dict[str, float]) -> Any:
    """Left: MB of an n × n matrix per dtype and n (log scale). Right: machine epsilon."""
    import matplotlib.pyplot as plt

    fig, (ax_mem, ax_eps) = plt.subplots(1, 2, figsize=(11, 4),
                                         gridspec_kw={"width_ratios": [2.2, 1]})
    sizes = list(megabytes)
    dtypes = list(megabytes[sizes[0]])
    width = 0.8 / len(sizes)
    for k, n in enumerate(sizes):
        values = [megabytes[n][d] for d in dtypes]
        pos = np.arange(len(dtypes)) + (k - (len(sizes) - 1) / 2) * width
        bars = ax_mem.bar(pos, values, width, label=f"{int(n):,} × {int(n):,}")
        ax_mem.bar_label(bars, labels=[f"{v:,.3g}" for v in values], fontsize=7)
    ax_mem.set_xticks(np.arange(len(dtypes)), dtypes)
    top = max(max(v.values()) for v in megabytes.values())
    ax_mem.set(yscale="log", ylim=(None, 8 * top), ylabel="MB (10⁶ bytes)",
               title="Memory of a square matrix")
    ax_mem.legend(loc="upper left", ncol=len(sizes))
    names = list(eps)
    ax_eps.bar(names, [eps[d] for d in names], color="C2")
    for i, d in enumerate(names):
        ax_eps.text(i, eps[d], f"{eps[d]:.2g}", ha="center", va="bottom", fontsize=8)
    ax_eps.set(yscale="log", ylabel="eps = gap between 1 and the next float",
               title="Machine epsilon")
    fig.tight_layout()
    return fig


def summation_figure(curves: dict[str, dict[str, Any]]) -> Any:
    """|error| against n for naive, pairwise and Kahan sums, one panel per data set.

    curves: {data label: {"n": [...], "naive": [...], "pairwise": [...], "kahan": [...],
    "ulp": [...]}}; zero errors are drawn at the bottom of the axis.
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(curves), figsize=(5.5 * len(curves), 4), squeeze=False)
    for ax, (label, c) in zip(axes.flat, curves.items()):
        n = np.array(c["n"])
        floor = 0.1 * min([v for m in ("naive", "pairwise", "kahan") for v in c[m] if v > 0]
                          + c["ulp"])
        for method, style in (("naive", "o-"), ("pairwise", "s-"), ("kahan", "^-")):
            ax.plot(n, np.maximum(c[method], floor), style, ms=4, label=method)
        ax.plot(n, np.array(c["ulp"]) / 2, "k:", label="half an ulp of the sum")
        ax.set(xscale="log", yscale="log", xlabel="n numbers summed in float32",
               ylabel="|sum - exact sum|", title=label)
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
