"""Lab `high-dim`: the geometry of high-dimensional spaces.

Five phenomena, each measured by Monte Carlo next to its closed form:

1. distances concentrate: for each of N Gaussian points, the ratio of its
   nearest to its farthest neighbour's distance tends to 1 as D grows;
2. the ball of diameter 1 (radius 1/2) fills a vanishing share of the unit cube:
   V_D(1/2) = pi^(D/2) (1/2)^D / Gamma(D/2 + 1) -> 0;
3. a ball's volume sits in a thin outer shell: 1 - 0.99^D of it lies in the
   outer 1%;
4. random vectors are nearly orthogonal: E|cos| ~ sqrt(2 / (pi D));
5. norms concentrate: std/mean of ||x|| ~ 1 / sqrt(2 D) for x ~ N(0, I_D).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.random import default_generator
from gradschool.viz import save_figure

from .figures import (
    cosine_figure,
    distance_figure,
    norm_figure,
    shell_figure,
    volume_figure,
)
from .geometry import (
    ball_in_cube_fraction,
    ball_volume,
    coefficient_of_variation,
    gaussian_norms,
    mean_abs_cosine_asymptotic,
    nearest_farthest_ratio,
    norm_cv_asymptotic,
    outer_shell_fraction,
    pairwise_distances,
    random_cosines,
    shell_fraction_monte_carlo,
)

HISTOGRAM_POINTS = 600  # distances among this many points are enough for a histogram


@dataclass
class Config(LabConfig):
    """Sample sizes and dimensions of the five experiments.

    n_points, ratio_dims: Gaussian points and dimensions for the distance ratio.
    n_volume, max_volume_dim: cube points per D and D = 1..max for the ball volume.
    shell, max_shell_dim: relative shell width and D = 1..max for the shell share;
    n_shell, shell_check_dims: ball points per D and the D's checked by Monte Carlo.
    n_vectors, vector_dims: vectors (and pairs) per D for cosines and norms.
    """

    n_points: int = 1000
    ratio_dims: tuple[int, ...] = (2, 100, 1000)
    n_volume: int = 50_000
    max_volume_dim: int = 20
    shell: float = 0.01
    max_shell_dim: int = 300
    n_shell: int = 20_000
    shell_check_dims: tuple[int, ...] = (2, 10, 30, 69, 150, 300)
    n_vectors: int = 2000
    vector_dims: tuple[int, ...] = (2, 3, 5, 10, 20, 50, 100, 200, 500, 1000)


PRESETS = {
    "quick": Config(),
    "full": Config(n_points=2000, ratio_dims=(2, 10, 100, 1000, 10_000), n_volume=1_000_000,
                   max_volume_dim=25, n_shell=200_000,
                   shell_check_dims=(1, 2, 5, 10, 20, 30, 50, 69, 100, 150, 200, 300),
                   n_vectors=20_000,
                   vector_dims=(2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000)),
}


def _check(config: Config) -> None:
    """Reject sizes the experiments cannot use, naming the field and its value."""
    positive = {"n_points": config.n_points - 2, "n_volume": config.n_volume,
                "max_volume_dim": config.max_volume_dim, "max_shell_dim": config.max_shell_dim,
                "n_shell": config.n_shell, "n_vectors": config.n_vectors - 1}
    for name, value in positive.items():
        if value <= 0:
            raise ValueError(f"high-dim: {name} = {getattr(config, name)} is too small")
    for name in ("ratio_dims", "shell_check_dims", "vector_dims"):
        dims = getattr(config, name)
        if not dims or min(dims) < 1:
            raise ValueError(f"high-dim: {name} must be dimensions >= 1, got {dims!r}")
    if not 0.0 < config.shell < 1.0:
        raise ValueError(f"high-dim: shell must be in (0, 1), got {config.shell!r}")


def _distances(config: Config, rng: np.random.Generator, progress: Progress
               ) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """Per D: distances among the first points (for the histogram) and per-point ratios."""
    distances, ratios = {}, {}
    k = min(config.n_points, HISTOGRAM_POINTS)
    for D in progress.track(sorted(config.ratio_dims), "distance ratios"):
        dist = pairwise_distances(rng.standard_normal((config.n_points, D)))
        ratios[D] = nearest_farthest_ratio(dist)
        distances[D] = dist[:k, :k][np.triu_indices(k, 1)]
    return distances, ratios


def run(config: Config, out_dir: Path, progress: Progress) -> Result:
    """Measure the five phenomena, draw one figure each, return the six metric series."""
    _check(config)
    rng = default_generator()
    distances, ratios = _distances(config, rng, progress)
    volume_dims = range(1, config.max_volume_dim + 1)
    volume_mc = {D: ball_in_cube_fraction(config.n_volume, D, rng)
                 for D in progress.track(volume_dims, "ball volume")}
    shell_mc = {D: shell_fraction_monte_carlo(config.n_shell, D, rng, config.shell)
                for D in progress.track(sorted(config.shell_check_dims), "outer shell")}
    vector_dims = sorted(config.vector_dims)
    cosines = {D: random_cosines(config.n_vectors, D, rng)
               for D in progress.track(vector_dims, "cosines")}
    norms = {D: gaussian_norms(config.n_vectors, D, rng)
             for D in progress.track(vector_dims, "norms")}

    save_figure(distance_figure(distances, ratios), out_dir / "distance_ratio.svg")
    save_figure(volume_figure(volume_mc, config.n_volume), out_dir / "sphere_volume.svg")
    save_figure(shell_figure(config.max_shell_dim, shell_mc, config.n_shell, config.shell),
                out_dir / "outer_shell.svg")
    save_figure(cosine_figure(cosines), out_dir / "cosines.svg")
    save_figure(norm_figure(norms), out_dir / "norm_cv.svg")

    metrics = {
        "distance_ratio": {str(D): float(r.mean()) for D, r in ratios.items()},
        "sphere_volume": {str(D): ball_volume(D, 0.5) for D in volume_dims},
        "sphere_volume_monte_carlo": {str(D): p for D, p in volume_mc.items()},
        "outer_shell_fraction": {str(D): outer_shell_fraction(D, config.shell)
                                 for D in range(1, config.max_shell_dim + 1)},
        "mean_abs_cosine": {str(D): float(np.abs(c).mean()) for D, c in cosines.items()},
        "norm_cv": {str(D): coefficient_of_variation(v) for D, v in norms.items()},
    }
    return Result(metrics=metrics, figures=["distance_ratio.svg", "sphere_volume.svg",
                                            "outer_shell.svg", "cosines.svg", "norm_cv.svg"],
                  headline=_headline(config, metrics))


def _headline(config: Config, metrics: dict) -> dict[str, str]:
    """The card's key numbers: each phenomenon at the largest dimension measured."""
    lo, hi = min(config.ratio_dims), max(config.ratio_dims)
    D_vol, D_shell, D_vec = config.max_volume_dim, config.max_shell_dim, max(config.vector_dims)
    ratio = metrics["distance_ratio"]
    half = math.log(0.5) / math.log(1.0 - config.shell)
    return {
        f"nearest/farthest, D={lo} → {hi}": f"{ratio[str(lo)]:.3f} → {ratio[str(hi)]:.3f}",
        f"V_{D_vol}(1/2)": f"{metrics['sphere_volume'][str(D_vol)]:.2e}",
        f"outer {config.shell:.0%} shell at D={D_shell}":
            f"{metrics['outer_shell_fraction'][str(D_shell)]:.1%} (half at D ≈ {half:.0f})",
        f"mean |cos| at D={D_vec}": f"{metrics['mean_abs_cosine'][str(D_vec)]:.4f} "
                                    f"(√(2/πD) = {mean_abs_cosine_asymptotic(D_vec):.4f})",
        f"norm std/mean at D={D_vec}": f"{metrics['norm_cv'][str(D_vec)]:.4f} "
                                       f"(1/√(2D) = {norm_cv_asymptotic(D_vec):.4f})",
    }


LAB = register(Lab(
    id="high-dim", title="The geometry of high-dimensional spaces", part="generalization",
    Config=Config, presets=PRESETS, run=run,
    summary="In high dimensions distances and norms concentrate, random vectors are nearly "
            "orthogonal, and a ball's volume vanishes and sits in a thin outer shell.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=3.0,
    check=_check,
))
