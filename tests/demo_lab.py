"""Two tiny labs for testing the runner, the CLI and the report (not part of the curriculum).

Importing this module registers them, as a real lab module registers its lab.
The tests add it through the runner's hook: `GRADSCHOOL_EXTRA_LABS=tests.demo_lab`.

- `demo-sine`: fits a sine with noise, writes an SVG and a PNG figure, and
  returns metrics of every shape the report must show (numbers, NaN, inf,
  NumPy scalars and arrays, a long series, a matrix, records, nested dicts).
- `demo-fragile`: a lab that raises (`--set fail=true`), is interrupted
  (`--set interrupt=true`) or lists a figure it never wrote
  (`--set missing_figure=true`) on demand.
- `demo-sweep`: a study of `n_cells` cells run by `gradschool.sweep`; the cell
  named by $DEMO_SWEEP_FAIL raises, to test that the others are kept.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gradschool.labs import Lab, LabConfig, Progress, Result, register
from gradschool.random import default_generator
from gradschool.report import save_figure
from gradschool.sweep import STUDY_DIR, SweepOptions


@dataclass
class SineConfig(LabConfig):
    """Config of the sine demo: every field type `--set` can parse."""

    n_points: int = 50
    noise: float = 0.1
    label: str = "sine"
    degrees: tuple[int, ...] = (1, 3)
    show_fit: bool = True


def run_sine(config: SineConfig, out_dir: Path, progress: Progress) -> Result:
    """Fit polynomials of `config.degrees` to a noisy sine; plot data and fits."""
    import matplotlib.pyplot as plt

    rng = default_generator()
    x = np.linspace(0.0, 2 * np.pi, config.n_points)
    y = np.sin(x) + config.noise * rng.standard_normal(config.n_points)
    errors = {}
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot(x, y, ".", label=config.label)
    for degree in progress.track(config.degrees, "fitting"):
        coef = np.polyfit(x, y, degree)
        errors[f"degree {degree}"] = float(np.mean((np.polyval(coef, x) - y) ** 2))
        if config.show_fit:
            ax.plot(x, np.polyval(coef, x), label=f"degree {degree}")
    ax.legend()
    save_figure(fig, out_dir / "fit.svg")
    fig2, ax2 = plt.subplots(figsize=(4, 3))
    ax2.hist(y, bins=10)
    save_figure(fig2, out_dir / "histogram.png", dpi=60)
    series = np.cumsum(rng.standard_normal(300))
    metrics = {
        "mse": errors,
        "best_mse": np.float64(min(errors.values())),
        "n_points": np.int64(config.n_points),
        "not_a_number": float("nan"),
        "overflow": float("inf"),
        "walk": series,
        "short": [1, 2.5, 3],
        "matrix": np.eye(3),
        "table": [{"model": "linear", "acc": 0.5}, {"model": "cubic", "acc": 0.9}],
        "nested": {"a": {"b": [1, 2, {"c": "<script>alert(1)</script>"}]}},
    }
    return Result(metrics=metrics, figures=["fit.svg", "histogram.png"],
                  headline={"best MSE": f"{min(errors.values()):.3f}",
                            "points": str(config.n_points)})


@dataclass
class FragileConfig(LabConfig):
    """Config of the fragile demo: it fails or is interrupted when asked to."""

    fail: bool = False
    interrupt: bool = False
    missing_figure: bool = False


def run_fragile(config: FragileConfig, out_dir: Path, progress: Progress) -> Result:
    """Write a partial file, then fail or be interrupted if the config says so."""
    (out_dir / "partial.txt").write_text("half of a result")
    if config.interrupt:
        raise KeyboardInterrupt
    if config.fail:
        raise RuntimeError("the fragile demo lab failed, as asked")
    figures = ["never-written.svg"] if config.missing_figure else []
    return Result(metrics={"value": 1.0}, figures=figures, headline={"value": "1.0"})


FAIL_ENV = "DEMO_SWEEP_FAIL"


@dataclass
class SweepConfig(LabConfig):
    """Config of the sweep demo: how many cells."""

    n_cells: int = 6


def square_cell(cell: dict) -> dict:
    """One cell: x² and a draw from a generator seeded by the cell's own settings."""
    if os.environ.get(FAIL_ENV) == str(cell["x"]):
        raise ValueError(f"cell x={cell['x']} fails, as asked")
    rng = np.random.default_rng(cell["x"])
    return {"square": cell["x"] ** 2, "draw": float(rng.standard_normal())}


def run_sweep(config: SweepConfig, out_dir: Path, progress: Progress,
              sweep: SweepOptions | None = None) -> Result:
    """Run the cells and sum their squares."""
    import matplotlib.pyplot as plt

    sweep = sweep or SweepOptions(out_dir / STUDY_DIR, backend="serial")
    cells = [{"x": x} for x in range(config.n_cells)]
    results = sweep.run(square_cell, cells, progress)
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([r["square"] for r in results], "o")
    save_figure(fig, out_dir / "squares.svg")
    return Result(metrics={"sum_of_squares": sum(r["square"] for r in results),
                           "draws": [r["draw"] for r in results]},
                  figures=["squares.svg"])


SINE = Lab(
    id="demo-sine", title="Demo: fitting a sine", part="demo", Config=SineConfig,
    presets={"quick": SineConfig(), "full": SineConfig(n_points=500, degrees=(1, 3, 5, 7))},
    run=run_sine, summary="Polynomials of growing degree fit a noisy sine better.",
    explanation="<p>A <em>demo</em> lab used by the tests.</p>", quick_seconds=1.0,
)
FRAGILE = Lab(
    id="demo-fragile", title="Demo: a lab that fails on demand", part="demo",
    Config=FragileConfig, presets={"quick": FragileConfig(), "full": FragileConfig()},
    run=run_fragile, summary="Fails or is interrupted when asked to.",
    explanation="<p>Used to test failures.</p>", quick_seconds=0.1,
)

SWEEP = Lab(
    id="demo-sweep", title="Demo: a study of cells", part="demo", Config=SweepConfig,
    presets={"quick": SweepConfig(), "full": SweepConfig(n_cells=12)}, run=run_sweep,
    summary="Squares computed cell by cell.", explanation="Used to test sweeps.",
    quick_seconds=0.5, sweep=True,
)

for _lab in (SINE, FRAGILE, SWEEP):
    register(_lab)
