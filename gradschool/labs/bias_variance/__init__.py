"""Lab `bias-variance`: the bias-variance trade-off of UDL notebook 8.2 (book figure 8.9).

The true function f(x) = exp(sin(2 · 3.1413 · x)) on [0, 1] (the notebook's
constant for 2π), noise σ = 0.3, data sets of 15 points drawn one per interval
[i/15, (i+1)/15). The model of capacity C is a bias plus C ReLU hinges
max(0, x − j/C), fitted in closed form by least squares. For each capacity
1..12, 100 data sets give 100 fits; on the notebook's grid of 100 inputs:

    bias²    = mean over x of (mean fit − f)²
    variance = mean over x of the variance of the fits across data sets
    test error, measured on fresh noisy targets at the same inputs
             = bias² + variance + σ²   (up to Monte-Carlo error)

Few hinges cannot bend to f (high bias); many hinges follow each data set's
noise (high variance); the best capacity balances them, and moves right when
the data sets are larger (15, 50, 200 points).

Metrics: `capacity`, `bias2`, `variance`, `test_error` (lists over capacities,
15 points), `noise` (σ²), `best_capacity` (argmin of bias² + variance),
`decomposition_gap` (max over capacities of |test_error − (bias² + variance + σ²)|),
`best_capacity_by_n` ({points per data set: best capacity}), plus
`decomposition_se` (the gap's standard error per capacity) and `bias2_by_n`,
`variance_by_n`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.viz import save_figure

from .decomposition import (
    Decomposition,
    best_capacity,
    decomposition_gap,
    sweep_capacities,
)
from .figures import data_and_fits, mean_fit_bands, tradeoff, tradeoff_by_n
from .hinges import sample_data


@dataclass
class Config(LabConfig):
    """The study (defaults: UDL notebook 8.2).

    n_points: points per data set of the main study; sigma: the noise's std;
    n_datasets: data sets (fits) per capacity; max_capacity: capacities 1..max;
    n_grid: inputs of the grid on [0, 1] where fits are compared;
    n_test: fresh noisy targets per fit and grid input for the measured test error;
    compare_n_points: the data-set sizes whose trade-offs are compared.
    """

    n_points: int = 15
    sigma: float = 0.3
    n_datasets: int = 100
    max_capacity: int = 12
    n_grid: int = 100
    n_test: int = 10
    compare_n_points: tuple[int, ...] = (15, 50, 200)


PRESETS = {
    "quick": Config(),
    # 10x the data sets: the curves and the best capacities settle (Monte-Carlo error / 3).
    "full": Config(n_datasets=1000),
}


def _check(config: Config) -> None:
    """Reject settings the study cannot use, naming the field and its value."""
    ints = {"n_points": config.n_points, "n_datasets": config.n_datasets - 1,
            "max_capacity": config.max_capacity, "n_grid": config.n_grid - 1,
            "n_test": config.n_test}
    for name, value in ints.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"bias-variance: {name} = {getattr(config, name)!r} is too small "
                             "(n_datasets and n_grid need 2, the others 1)")
    if not config.sigma > 0:
        raise ValueError(f"bias-variance: sigma must be > 0, got {config.sigma!r}")
    sizes = config.compare_n_points
    if not sizes or any(isinstance(n, bool) or not isinstance(n, int) or n < 1 for n in sizes):
        raise ValueError(f"bias-variance: compare_n_points must be sizes >= 1, got {sizes!r}")


def run(config: Config, out_dir: Path, progress: Progress) -> Result:
    """The trade-off for n_points, then for each of compare_n_points; figures and metrics."""
    _check(config)
    x_grid = np.linspace(0.0, 1.0, config.n_grid)
    capacities = list(range(1, config.max_capacity + 1))

    def study(n: int) -> list[Decomposition]:
        rng = np.random.default_rng([config.seed, n])  # one stream per data-set size
        return sweep_capacities(n, capacities, config.n_datasets, config.sigma, x_grid,
                                config.n_test, rng)

    sizes = sorted(set(config.compare_n_points) | {config.n_points})
    by_n = {n: study(n) for n in progress.track(sizes, "data-set sizes")}
    main = by_n[config.n_points]
    best = best_capacity(main)

    x, y = sample_data(config.n_points, config.sigma, np.random.default_rng([config.seed, 0]))
    shown = [capacities[0], best, capacities[-1]]
    save_figure(tradeoff(main, config.sigma), out_dir / "tradeoff.svg")
    save_figure(data_and_fits(x, y, shown, config.sigma, x_grid), out_dir / "fits.svg")
    save_figure(mean_fit_bands([main[c - 1] for c in shown], x_grid, config.n_points),
                out_dir / "mean_fits.svg")
    save_figure(tradeoff_by_n({n: by_n[n] for n in config.compare_n_points}, config.sigma),
                out_dir / "tradeoff_by_n.svg")

    metrics = {
        "capacity": capacities,
        "bias2": [r.bias2 for r in main],
        "variance": [r.variance for r in main],
        "test_error": [r.test_error for r in main],
        "noise": config.sigma**2,
        "best_capacity": best,
        "decomposition_gap": decomposition_gap(main, config.sigma),
        "decomposition_se": [r.gap_se for r in main],
        "best_capacity_by_n": {str(n): best_capacity(by_n[n]) for n in config.compare_n_points},
        "bias2_by_n": {str(n): [r.bias2 for r in by_n[n]] for n in config.compare_n_points},
        "variance_by_n": {str(n): [r.variance for r in by_n[n]]
                          for n in config.compare_n_points},
    }
    return Result(metrics=metrics,
                  figures=["tradeoff.svg", "fits.svg", "mean_fits.svg", "tradeoff_by_n.svg"],
                  headline=_headline(config, metrics))


def _headline(config: Config, m: dict) -> dict[str, str]:
    best = m["best_capacity"]
    by_n = ", ".join(f"{n}: {c}" for n, c in m["best_capacity_by_n"].items())
    return {
        "best capacity": f"{best} (bias² {m['bias2'][best - 1]:.3f} + variance "
                         f"{m['variance'][best - 1]:.3f})",
        "test error − (bias² + variance + σ²)": f"at most {m['decomposition_gap']:.4f}",
        "best capacity by points per data set": by_n,
        "noise σ²": f"{m['noise']:.2f}",
    }


LAB = register(Lab(
    id="bias-variance", title="The bias-variance trade-off", part="generalization",
    Config=Config, presets=PRESETS, run=run,
    summary="Test error = bias² + variance + noise: too few parameters miss the function, "
            "too many follow the noise, and more data moves the best size up.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=2.0,
    check=_check,
))
