r"""Lab `sgd`: full-batch gradient descent against stochastic gradient descent on the Gabor model.

The model of UDL notebooks 6.3-6.4, f[x, φ] = sin(φ0 + 0.06 φ1 x) exp(-(φ0 + 0.06 φ1 x)²/32),
fitted to N noisy points (`gabor_data`) by least squares, L(φ) = Σ_i (f[x_i, φ] - y_i)². Its
surface is not convex: besides the global minimum near the parameters that made the data,
valleys at other shifts φ0 and frequencies φ1 hold local minima.

From each start of a fixed list (the product start_phi0 × start_phi1: the flanks of the
global valley, in the basins of its neighbours), three methods train φ
(`_sgd_training`): full-batch gradient descent with a fixed, cosine-annealed step
(gs.optim.SGD on all the data), full-batch descent with a line search, and SGD on
mini-batches of `batch_size` from a gs.data.DataLoader, with the same learning rate, the
same schedule and the same number of updates as the fixed step.

The global minimum comes from a fine grid refined by Newton's method (`_sgd_surface`). A
run ends **in the global basin** when its final loss is within `basin_tolerance` (10%) of
the global minimum's. The gap makes this unambiguous: every other minimum of the surface
lies more than ten times higher (the next lowest, ≈ 2.8 against ≈ 0.25 on the default
data), so a run within 10% has converged into the global valley and a run outside it
sits in (or on the way to) another minimum.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import gradschool as gs
from gradschool.data.functions import gabor_data
from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register

from .figures import plot_final_losses, plot_loss_curves, plot_paths, plot_surface
from .surface import find_minima, loss_surface
from .training import (
    Run,
    full_batch_fixed_step,
    full_batch_line_search,
    steps_per_epoch,
    stochastic,
)

METHODS = {"full_batch_fixed": "full batch, fixed step",
           "full_batch_line_search": "full batch, line search",
           "sgd": "SGD"}


@dataclass
class SgdConfig(LabConfig):
    """Data: n_points noisy samples (std noise) of the Gabor model from data_seed.
    Starts: every (φ0, φ1) of start_phi0 × start_phi1. Training: `epochs` of
    batch_size mini-batches for SGD and as many full-batch steps, peak learning rate lr
    (cosine-annealed to 0); line search on α ∈ [0, alpha_max] to a bracket of
    line_search_tol, at most line_search_steps steps. Surface: an n_grid × n_grid
    grid over phi0_range × phi1_range. A run is in the global basin when its final
    loss ≤ (1 + basin_tolerance) × the global minimum."""

    n_points: int = 30
    noise: float = 0.1
    data_seed: int = 0
    start_phi0: tuple[float, ...] = (-4.0, -3.5, 3.5, 4.0)
    start_phi1: tuple[float, ...] = (7.0, 10.0, 13.0, 16.0, 19.0)
    lr: float = 0.12
    epochs: int = 300
    batch_size: int = 5
    alpha_max: float = 0.5
    line_search_tol: float = 1e-5
    line_search_steps: int = 300
    phi0_range: tuple[float, float] = (-10.0, 10.0)
    phi1_range: tuple[float, float] = (0.0, 45.0)
    n_grid: int = 301
    basin_tolerance: float = 0.1


def train_all(config: SgdConfig, x: np.ndarray, y: np.ndarray, starts: np.ndarray,
              progress: Progress) -> dict[str, list[Run]]:
    """Every method from every start (rows of `starts`): {method: [Run per start]}."""
    x_t, y_t = gs.tensor(x, dtype=gs.float64), gs.tensor(y, dtype=gs.float64)
    loader = gs.data.DataLoader(gs.data.TensorDataset(x_t, y_t), batch_size=config.batch_size,
                                shuffle=True)
    per_epoch = steps_per_epoch(len(x), config.batch_size)
    runs = {"full_batch_fixed": full_batch_fixed_step(x_t, y_t, starts, config.lr,
                                                      config.epochs, per_epoch),
            "full_batch_line_search": [],
            "sgd": stochastic(x_t, y_t, starts, config.lr, config.epochs, loader)}
    for start in progress.track(starts, "line search, start by start"):
        runs["full_batch_line_search"].append(
            full_batch_line_search(x_t, y_t, start, config.alpha_max, config.line_search_tol,
                                   config.line_search_steps))
    return runs


def in_global_basin(final_loss: float, global_min_loss: float, tolerance: float) -> bool:
    """final loss ≤ (1 + tolerance) · global minimum (see the module doc)."""
    return final_loss <= (1.0 + tolerance) * global_min_loss


def run(config: SgdConfig, out_dir: Path, progress: Progress) -> Result:
    """Find the minima of the surface, train three ways from every start, compare."""
    x, y = gabor_data(config.n_points, noise=config.noise, seed=config.data_seed)
    surface = loss_surface(x, y, config.phi0_range, config.phi1_range, config.n_grid)
    minima = find_minima(x, y, surface)
    best = minima[0]
    starts = np.array(list(itertools.product(config.start_phi0, config.start_phi1)))
    runs = train_all(config, x, y, starts, progress)
    final_loss = {name: [r.final_loss for r in rs] for name, rs in runs.items()}
    share = {name: float(np.mean([in_global_basin(v, best.loss, config.basin_tolerance)
                                  for v in values])) for name, values in final_loss.items()}
    threshold = (1.0 + config.basin_tolerance) * best.loss
    plot_paths(surface, runs, METHODS, best.phi, threshold, out_dir / "paths.svg")
    plot_surface(surface, minima, x, y, out_dir / "surface.svg")
    plot_final_losses(final_loss, METHODS, starts, best.loss, threshold,
                      out_dir / "final_loss.svg")
    plot_loss_curves(runs, METHODS, starts, best.loss, threshold, out_dir / "loss_curves.svg")
    metrics: dict[str, Any] = {
        "final_loss": final_loss,
        "global_min_loss": best.loss,
        "global_basin_share": share,
        "global_min_params": list(best.phi),
        "basin_threshold": threshold,
        "starts": starts.tolist(),
        "final_params": {name: [r.final_params.tolist() for r in rs]
                         for name, rs in runs.items()},
        "local_minima": [{"phi": list(m.phi), "loss": m.loss} for m in minima[1:]],
    }
    headline = {f"{label}: in global basin": f"{share[name]:.0%} of {len(starts)} starts"
                for name, label in METHODS.items()}
    headline["global minimum"] = f"L = {best.loss:.4f} at ({best.phi[0]:.3f}, {best.phi[1]:.3f})"
    headline["next lowest minimum"] = f"L = {minima[1].loss:.3f}" if len(minima) > 1 else "none"
    return Result(metrics=metrics, headline=headline,
                  figures=["paths.svg", "surface.svg", "final_loss.svg", "loss_curves.svg"])


LAB = register(Lab(
    id="sgd", title="SGD against full-batch descent on the Gabor model", part="optimization",
    Config=SgdConfig,
    presets={"quick": SgdConfig(),
             "full": SgdConfig(start_phi0=(-4.0, -3.5, -3.0, 3.0, 3.5, 4.0),
                               start_phi1=(6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0),
                               n_grid=501)},
    run=run,
    summary="From the flanks of the global valley of the Gabor model, full-batch gradient "
            "descent stops in local minima while SGD, with the same steps, reaches the "
            "global minimum from many more starts.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=6.0,
))
