"""Lab `tensors`: scalars, vectors, matrices and tensors, and what a dtype costs.

1. The four objects, taken from a photo shipped with matplotlib: a pixel's red value
   (scalar, order 0), its (R, G, B) (vector, order 1), the grey image (matrix (H, W),
   grey = x @ (0.299, 0.587, 0.114)) and the colour image (tensor (H, W, 3)), each in
   NumPy and in gradschool; its channels, reshape, transpose, and which operations are
   views (same memory, other strides) and which copy.
2. dtypes: bytes per element, the memory itemsize · n² / 10⁶ MB (MB = 10⁶ bytes) of a
   768 × 768 and a 10 000 × 10 000 matrix, machine epsilon (found by halving), 0.1 + 0.2,
   and 2²⁴, after which float32 skips integers.
3. Summing 10⁶ float32 numbers (uniform in [0, 1)): naive left-to-right, NumPy's pairwise
   `np.sum` and Kahan's compensated sum, each against the exact sum (`math.fsum`).

Metrics: `bytes_per_element` {dtype: bytes}, `matrix_megabytes` {n: {dtype: MB}},
`eps` {float dtype: machine epsilon}, `sum_error` {method: |error|} on the uniform data
(`sum_error_constant`: on 10⁶ copies of 0.1), `image_shape` [H, W, 3],
`float32_exact_int_limit` (2²⁴); also `exact_int_limit`, `point_one_plus_point_two`,
`objects`, `views` and `gs_views` (shape, strides, shared memory of each operation).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.viz import save_figure

from .dtypes import (
    DTYPES,
    FLOAT_DTYPES,
    bytes_per_element,
    exact_int_limit,
    machine_epsilon,
    matrix_megabytes,
    point_one_plus_point_two,
)
from .figures import dtype_figure, image_figure, memory_figure, summation_figure
from .images import four_objects, grayscale, gs_views, load_image, numpy_views
from .summation import error_curve, sum_errors


@dataclass
class Config(LabConfig):
    """Sizes of the dtype tables and of the summation experiment.

    matrix_sizes: n of the n × n matrices whose memory is tabulated (computed, not allocated).
    n_sum: how many float32 numbers are summed for `sum_error`.
    curve_points: prefixes n (log-spaced from 10 to n_sum) of the error-against-n figure.
    constant: the value repeated n_sum times for `sum_error_constant`.
    """

    matrix_sizes: tuple[int, ...] = (768, 10_000)
    n_sum: int = 1_000_000
    curve_points: int = 16
    constant: float = 0.1


PRESETS = {
    "quick": Config(),
    "full": Config(matrix_sizes=(768, 4096, 10_000), curve_points=41),
}


def _check(config: Config) -> None:
    if not config.matrix_sizes or min(config.matrix_sizes) < 1:
        raise ValueError(f"tensors: matrix_sizes must be sizes >= 1, got {config.matrix_sizes!r}")
    if config.n_sum < 10:
        raise ValueError(f"tensors: n_sum must be >= 10, got {config.n_sum}")
    if config.curve_points < 2:
        raise ValueError(f"tensors: curve_points must be >= 2, got {config.curve_points}")
    if not np.isfinite(config.constant):
        raise ValueError(f"tensors: constant must be finite, got {config.constant}")


def _summation(config: Config, progress: Progress) -> tuple[dict, dict, dict]:
    """sum_error on uniform data and on a repeated constant, and both error curves."""
    rng = np.random.default_rng(config.seed)
    data = {
        "uniform": rng.random(config.n_sum, dtype=np.float32),
        "constant": np.full(config.n_sum, config.constant, dtype=np.float32),
    }
    ns = np.unique(np.geomspace(10, config.n_sum, config.curve_points).round().astype(int))
    labels = {"uniform": f"{config.n_sum:,} numbers uniform in [0, 1)",
              "constant": f"{config.n_sum:,} copies of {config.constant:g}"}
    curves = {}
    for name in progress.track(list(data), "summation error curves"):
        curves[labels[name]] = {"n": ns.tolist(), **error_curve(data[name], ns.tolist())}
    return sum_errors(data["uniform"]), sum_errors(data["constant"]), curves


def run(config: Config, out_dir: Path, progress: Progress) -> Result:
    """Tabulate the dtypes, take the photo apart, measure the three sums; draw four figures."""
    _check(config)
    image = load_image()
    gray = grayscale(image)
    megabytes = {str(n): matrix_megabytes(n) for n in config.matrix_sizes}
    eps = {d: machine_epsilon(d) for d in FLOAT_DTYPES}
    sum_error, sum_error_constant, curves = _summation(config, progress)

    save_figure(image_figure(image, gray), out_dir / "image_tensor.png")
    save_figure(memory_figure(), out_dir / "memory_layout.svg")
    save_figure(dtype_figure(megabytes, eps), out_dir / "dtype_memory.svg")
    save_figure(summation_figure(curves), out_dir / "summation_error.svg")

    metrics = {
        "bytes_per_element": bytes_per_element(DTYPES),
        "matrix_megabytes": megabytes,
        "eps": eps,
        "sum_error": sum_error,
        "sum_error_constant": sum_error_constant,
        "image_shape": list(image.shape),
        "float32_exact_int_limit": exact_int_limit("float32"),
        "exact_int_limit": {d: exact_int_limit(d) for d in FLOAT_DTYPES},
        "point_one_plus_point_two": point_one_plus_point_two(),
        "objects": four_objects(image, gray),
        "views": numpy_views(image),
        "gs_views": gs_views(image),
    }
    return Result(metrics=metrics, headline=_headline(config, metrics),
                  figures=["image_tensor.png", "memory_layout.svg", "dtype_memory.svg",
                           "summation_error.svg"])


def _headline(config: Config, metrics: dict) -> dict[str, str]:
    big = str(max(config.matrix_sizes))
    mb = metrics["matrix_megabytes"][big]
    err = metrics["sum_error"]
    return {
        "image": " × ".join(map(str, metrics["image_shape"])),
        f"{int(big):,}² matrix": f"{mb['float16']:,.0f} MB (float16) … "
                                 f"{mb['float64']:,.0f} MB (float64)",
        "float32 eps": f"{metrics['eps']['float32']:.3g}",
        f"|error| of a float32 sum of {config.n_sum:,}":
            f"naive {err['naive']:.3g}, pairwise {err['pairwise']:.2g}, "
            f"Kahan {err['kahan']:.2g}",
        "float32 exact integers up to": f"2²⁴ = {metrics['float32_exact_int_limit']:,}",
    }


LAB = register(Lab(
    id="tensors", title="Scalars to tensors, and what a dtype costs", part="maths",
    Config=Config, presets=PRESETS, run=run,
    summary="A photo is a 3rd-order tensor; views share memory through strides; a dtype "
            "sets memory, precision and how far a float32 sum drifts.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=3.0,
    check=_check,
))
