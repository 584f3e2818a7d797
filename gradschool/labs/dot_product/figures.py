"""The three figures of the `dot-product` lab (matplotlib; each returns a Figure)."""
from __future__ import annotations

from typing import Any

import numpy as np

from .identities import zscore

ROW, COL = 1, 3  # the entry C[ROW, COL] highlighted in the grid figure


def _grid(ax: Any, M: np.ndarray, x0: float, y0: float, name: str,
          highlight: Any = None) -> None:
    """Draw matrix M as boxes with its top-left corner at (x0, y0); highlight(i, j) -> bool."""
    import matplotlib.pyplot as plt

    rows, cols = M.shape
    for (i, j), v in np.ndenumerate(M):
        on = highlight is not None and highlight(i, j)
        ax.add_patch(plt.Rectangle((x0 + j, y0 - i - 1), 1, 1, ec="black", lw=0.8,
                                   fc="#f6c343" if on else "white"))
        ax.text(x0 + j + 0.5, y0 - i - 0.5, f"{v:g}", ha="center", va="center", fontsize=9)
    ax.text(x0 + cols / 2, y0 + 0.3, f"{name}  ({rows}×{cols})", ha="center", va="bottom",
            fontsize=10)


def grid_figure(A: np.ndarray, B: np.ndarray) -> Any:
    """C = AB as a grid of dot products: row ROW of A times column COL of B gives C[ROW, COL]."""
    import matplotlib.pyplot as plt

    C = A @ B
    (m, k), n = A.shape, B.shape[1]
    fig, ax = plt.subplots(figsize=(10, 4.6))
    _grid(ax, A, 0, 0, "A", lambda i, j: i == ROW)
    _grid(ax, B, k + 1.5, k + 1.5, "B", lambda i, j: j == COL)
    _grid(ax, C, k + 1.5, 0, "C = AB", lambda i, j: (i, j) == (ROW, COL))
    terms = " + ".join(f"({A[ROW, p]:g})({B[p, COL]:g})" for p in range(k))
    ax.text(0, -m - 1.0, f"C[{ROW}, {COL}] = row {ROW} of A · column {COL} of B = {terms} "
                         f"= {C[ROW, COL]:g}", fontsize=10, va="top")
    cost = f"{m * n} dot products of length {k}, 2·{m}·{n}·{k} = {2 * m * n * k} flop"
    ax.text(0, -m - 1.9, f"shapes: ({m}×{k})({k}×{n}) → {m}×{n}: the inner sizes must agree; "
                         + cost, fontsize=10, va="top")
    ax.set(xlim=(-0.5, k + n + 2.5), ylim=(-m - 2.6, k + 2.6), aspect="equal")
    ax.axis("off")
    ax.set_title("Matrix multiplication is an ordered grid of dot products")
    fig.tight_layout()
    return fig


def speed_figure(gflops: dict[str, dict[str, float]], numpy_gflops: dict[str, dict[str, float]],
                 ratio: dict[str, dict[str, float]], loop_gflops: dict[str, float]) -> Any:
    """Left: GFLOP/s of gs.matmul, NumPy's @ and the Python loop against n. Right: the time
    ratio gs.matmul / NumPy per dtype (1 = no overhead)."""
    import matplotlib.pyplot as plt

    fig, (ax_speed, ax_ratio) = plt.subplots(1, 2, figsize=(11, 4.2))
    for k, dtype in enumerate(gflops):
        ns = [int(n) for n in gflops[dtype]]
        ax_speed.plot(ns, list(numpy_gflops[dtype].values()), "--", color=f"C{k}", lw=1.5,
                      label=f"NumPy @, {dtype}")
        ax_speed.plot(ns, list(gflops[dtype].values()), "o", color=f"C{k}",
                      label=f"gs.matmul, {dtype}")
        ax_ratio.plot(ns, list(ratio[dtype].values()), "o-", color=f"C{k}", label=dtype)
    loop_ns = [int(n) for n in loop_gflops]
    ax_speed.plot(loop_ns, list(loop_gflops.values()), "s-", color="C3",
                  label="Python triple loop, float64")
    ax_speed.set(xscale="log", yscale="log", xlabel="n (n×n times n×n)",
                 ylabel="GFLOP/s = 2n³ / seconds / 10⁹", title="Speed of a matrix product")
    ax_speed.set_xscale("log", base=2)
    ax_speed.legend(fontsize=8)
    ax_ratio.axhline(1.0, color="gray", ls=":")
    ax_ratio.set_xscale("log", base=2)
    ax_ratio.set(xlabel="n", ylabel="time of gs.matmul / time of NumPy @ (median)",
                 title="gradschool adds only its dispatch")
    ax_ratio.set_ylim(bottom=0)
    ax_ratio.legend()
    fig.tight_layout()
    return fig


def geometry_figure(rng: np.random.Generator) -> Any:
    """Left: a·b = |a||b| cos θ as b turns around a. Right: the correlation r as the mean
    product of z-scores, on a correlated sample."""
    import matplotlib.pyplot as plt

    fig, (ax_cos, ax_r) = plt.subplots(1, 2, figsize=(11, 4.2))
    a = np.array([2.0, 0.0])
    theta = np.linspace(0, 2 * np.pi, 400)
    b = 1.5 * np.stack([np.cos(theta), np.sin(theta)], axis=1)
    ax_cos.plot(np.degrees(theta), b @ a, lw=2, label="a · b (dot product)")
    marks = np.radians([0, 60, 90, 135, 180, 270])
    b_marks = 1.5 * np.stack([np.cos(marks), np.sin(marks)], axis=1)
    ax_cos.plot(np.degrees(marks), 2.0 * 1.5 * np.cos(marks), "o",
                label="|a| |b| cos θ")
    for deg, v in zip(np.degrees(marks), b_marks @ a):
        ax_cos.annotate(f"{round(v, 2) + 0.0:.2f}", (deg, v), xytext=(4, 6),
                        textcoords="offset points", fontsize=8)
    ax_cos.axhline(0, color="gray", lw=0.8)
    ax_cos.set(xlabel="angle θ between a and b (degrees)", ylabel="a · b",
               title="|a| = 2, |b| = 1.5: largest when aligned, 0 when orthogonal")
    ax_cos.set_xticks([0, 90, 180, 270, 360])
    ax_cos.legend(fontsize=8)

    n = 300
    x = rng.standard_normal(n)
    y = 0.7 * x + np.sqrt(1 - 0.7**2) * rng.standard_normal(n)
    zx, zy = zscore(x), zscore(y)
    r = float(zx @ zy / n)
    ax_r.scatter(zx, zy, s=8, c=np.sign(zx * zy), cmap="coolwarm", vmin=-1.5, vmax=1.5)
    ax_r.axhline(0, color="gray", lw=0.8)
    ax_r.axvline(0, color="gray", lw=0.8)
    ax_r.set(xlabel="z-score of x", ylabel="z-score of y", aspect="equal",
             title=f"r = z_x · z_y / n = {r:.4f}   (np.corrcoef: {np.corrcoef(x, y)[0, 1]:.4f})")
    ax_r.text(0.02, 0.98, "red: z_x z_y > 0 (pushes r up)\nblue: z_x z_y < 0",
              transform=ax_r.transAxes, va="top", fontsize=8)
    fig.tight_layout()
    return fig
