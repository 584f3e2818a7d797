"""Lab `dot-product`: the operation deep learning is made of.

1. The dot product aᵀb = ⟨a, b⟩ = Σ aᵢbᵢ = |a||b| cos θ, the Frobenius product
   ⟨A, B⟩_F = trace(AᵀB) = Σ AᵢⱼBᵢⱼ, and Pearson's r as z_xᵀz_y / n, each identity checked
   on random float64 data.
2. Matrix multiplication as an ordered grid of dot products, Cᵢⱼ = (row i of A)·(column j
   of B), with the shape rule (m×k)(k×n) → m×n and the error a mismatch gets; (AB)ᵀ = BᵀAᵀ
   and AB ≠ BA.
3. Its cost, 2n³ flop for n × n matrices: GFLOP/s of `gs.matmul` and NumPy's `@` in float32
   and float64, and the seconds of a Python triple loop for small n.

Metrics: `identity_errors` {identity: max |left - right|}, `gflops` {dtype: {n: GFLOP/s of
gs.matmul}}, `gs_over_numpy` {n: time of gs.matmul / time of NumPy @, float32; the median
of back-to-back pairs},
`python_loop_seconds` {n: s}; also `numpy_gflops`, `gs_over_numpy_by_dtype`,
`gs_numpy_max_difference`, `python_loop_gflops`, `python_over_numpy`, `python_loop_error`,
`ab_minus_ba`, `shape_error` (gradschool's and NumPy's messages).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.viz import save_figure

from .figures import geometry_figure, grid_figure, speed_figure
from .identities import commutator, identity_errors, shape_error
from .timing import flops, time_matmul, time_python_loop

GRID_A = np.array([[1, 2, 0], [3, -1, 2], [0, 1, 1], [2, 2, -1]])  # small integers to read
GRID_B = np.array([[1, 0, 2, -1, 1], [0, 1, 1, 2, 0], [3, 1, 0, 1, 2]])


@dataclass
class Config(LabConfig):
    """What is checked and timed.

    identity_n: vector length (and correlation sample size) of the identity checks.
    sizes: n of the n × n products timed; dtypes: their dtypes.
    repeats, min_seconds: each timing is the best of `repeats` runs of >= min_seconds; the
        gs / NumPy ratio is the median of the `repeats` back-to-back ratios.
    loop_sizes: n of the Python triple-loop products (n³ multiply-adds in Python, best of 3).
    """

    identity_n: int = 1000
    sizes: tuple[int, ...] = (64, 128, 256, 512)
    dtypes: tuple[str, ...] = ("float32", "float64")
    repeats: int = 7
    min_seconds: float = 0.005
    loop_sizes: tuple[int, ...] = (16, 32, 64)


PRESETS = {
    "quick": Config(),
    "full": Config(sizes=(64, 128, 256, 512, 1024, 2048, 4096), repeats=9, min_seconds=0.05,
                   loop_sizes=(16, 32, 64, 128)),
}


def _check(config: Config) -> None:
    for name in ("sizes", "loop_sizes"):
        sizes = getattr(config, name)
        if not sizes or min(sizes) < 1:
            raise ValueError(f"dot-product: {name} must be sizes >= 1, got {sizes!r}")
    bad = [d for d in config.dtypes if d not in ("float32", "float64")]
    if not config.dtypes or bad:
        raise ValueError(f"dot-product: dtypes must be float32 and/or float64, "
                         f"got {config.dtypes!r}")
    if config.repeats < 1:
        raise ValueError(f"dot-product: repeats must be >= 1, got {config.repeats}")
    if config.min_seconds < 0:
        raise ValueError(f"dot-product: min_seconds must be >= 0, got {config.min_seconds}")
    if config.identity_n < 2:
        raise ValueError(f"dot-product: identity_n must be >= 2, got {config.identity_n}")


def _timings(config: Config, rng: np.random.Generator, progress: Progress) -> dict:
    """gflops, numpy_gflops, ratio {dtype: {n: ...}} and the largest gs/NumPy difference."""
    out: dict = {"gflops": {}, "numpy_gflops": {}, "ratio": {}, "difference": {}}
    cells = [(d, n) for d in config.dtypes for n in sorted(config.sizes)]
    for dtype, n in progress.track(cells, "timing matmul"):
        t = time_matmul(n, dtype, rng, config.repeats, config.min_seconds)
        out["gflops"].setdefault(dtype, {})[str(n)] = flops(n) / t["gs_seconds"] / 1e9
        out["numpy_gflops"].setdefault(dtype, {})[str(n)] = flops(n) / t["numpy_seconds"] / 1e9
        out["ratio"].setdefault(dtype, {})[str(n)] = t["gs_over_numpy"]
        out["difference"][dtype] = max(out["difference"].get(dtype, 0.0),
                                       t["max_abs_difference"])
    return out


def run(config: Config, out_dir: Path, progress: Progress) -> Result:
    """Check the identities, time the products, draw three figures."""
    _check(config)
    rng = np.random.default_rng(config.seed)
    errors = identity_errors(rng, config.identity_n)
    timings = _timings(config, rng, progress)
    loops = {n: time_python_loop(n, rng)
             for n in progress.track(sorted(config.loop_sizes), "Python triple loop")}
    loop_gflops = {str(n): flops(n) / t["seconds"] / 1e9 for n, t in loops.items()}

    save_figure(grid_figure(GRID_A, GRID_B), out_dir / "matmul_grid.svg")
    save_figure(speed_figure(timings["gflops"], timings["numpy_gflops"], timings["ratio"],
                             loop_gflops), out_dir / "gflops.svg")
    save_figure(geometry_figure(np.random.default_rng(config.seed + 1)),
                out_dir / "dot_geometry.svg")

    main_dtype = "float32" if "float32" in config.dtypes else config.dtypes[0]
    metrics = {
        "identity_errors": errors,
        "gflops": timings["gflops"],
        "gs_over_numpy": timings["ratio"][main_dtype],
        "python_loop_seconds": {str(n): t["seconds"] for n, t in loops.items()},
        "numpy_gflops": timings["numpy_gflops"],
        "gs_over_numpy_by_dtype": timings["ratio"],
        "gs_numpy_max_difference": timings["difference"],
        "python_loop_gflops": loop_gflops,
        "python_over_numpy": {str(n): t["seconds"] / t["numpy_seconds"]
                              for n, t in loops.items()},
        "python_loop_error": max(t["max_abs_error"] for t in loops.values()),
        "ab_minus_ba": commutator(rng),
        "shape_error": shape_error((2, 3), (4, 5)),
    }
    return Result(metrics=metrics, headline=_headline(config, metrics),
                  figures=["matmul_grid.svg", "gflops.svg", "dot_geometry.svg"])


def _headline(config: Config, metrics: dict) -> dict[str, str]:
    n = str(max(config.sizes))
    loop_n = str(max(config.loop_sizes))
    speed = ", ".join(f"{d} {metrics['gflops'][d][n]:.0f}" for d in metrics["gflops"])
    return {
        "largest identity error": f"{max(metrics['identity_errors'].values()):.1e}",
        f"gs.matmul GFLOP/s at n={n}": speed,
        f"gs / NumPy time at n={n}": f"{metrics['gs_over_numpy'][n]:.2f}",
        f"Python loop at n={loop_n}": f"{metrics['python_loop_seconds'][loop_n]:.3f} s, "
                                      f"{metrics['python_over_numpy'][loop_n]:,.0f}× NumPy",
        "shape error": metrics["shape_error"]["gradschool"],
    }


LAB = register(Lab(
    id="dot-product", title="The dot product and the matrix product", part="maths",
    Config=Config, presets=PRESETS, run=run,
    summary="Dot products, the Frobenius product and correlation are one operation; a matrix "
            "product is a grid of them, costs 2n³ flop, and runs at BLAS speed in gs.matmul.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=5.0,
    check=_check,
))
