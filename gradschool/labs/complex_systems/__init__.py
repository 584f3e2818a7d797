"""Lab `complex-systems`: simple, complicated and complex — Lorenz chaos, a linear map, and
order and chaos in deep random networks.

1. The Lorenz system dx/dt = σ(y − x), dy/dt = x(ρ − z) − y, dz/dt = xy − βz
   (σ = 10, ρ = 28, β = 8/3), integrated with a hand-written RK4 step that
   advances many trajectories as one NumPy array. Three simple equations, yet
   two trajectories started 1e-9 apart separate like e^{λt} until they are as
   far apart as the attractor is wide.
2. λ, the largest Lyapunov exponent, by Benettin's method (the separation
   renormalised every τ, ln-growths averaged along long trajectories after a
   transient), against the published λ = 0.9056 (Sprott).
3. The contrast: a linear map x_{t+1} = W x_t with N coupled parts
   (complicated) — a perturbation grows by exactly |λ|max(W) per step.
4. A deep random tanh network h_l = tanh(W_l h_{l-1}), W ~ N(0, σ_w²/N), as a map
   of its input: nearby inputs converge for σ_w² < 1 (order) and separate for
   σ_w² > 1 (chaos) (Poole et al., 2016).

Metrics:
    lyapunov_exponent         Benettin's λ, mean over trajectories
    lyapunov_published        0.9056
    separation_doubling_time  ln 2 / (fitted growth rate of the 1e-9 separation)
    linear_growth_rate        |δ_{t+1}| / |δ_t| of the linear map at the last step
    linear_top_eigenvalue     |λ|max of its W (np.linalg.eigvals)
    network_separation        {σ_w²: |h_L − h'_L| / |x − x'|} after L layers
and, beside them: lyapunov_stderr, lyapunov_relative_error, separation_rate,
attractor_size, network_chi1 (mean-field χ₁ per σ_w²), rk4_order (fitted on the
harmonic oscillator).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.viz import save_figure

from .figures import (
    attractor_figure,
    contrast_figure,
    lyapunov_figure,
    network_figure,
    separation_figure,
)
from .linear_map import perturbation_growth, random_positive_matrix, top_eigenvalue_modulus
from .lorenz import fitted_order, integrate, lorenz_field, on_attractor, rk4_global_errors
from .lyapunov import (
    LYAPUNOV_PUBLISHED,
    attractor_size,
    benettin,
    doubling_time,
    running_estimate,
    separation,
)
from .random_network import mean_field, network_distances

RK4_DTS = (0.2, 0.1, 0.05, 0.025)  # step sizes for RK4's order (T = 10 on the oscillator)


@dataclass
class Config(LabConfig):
    """The four experiments.

    dt: RK4 step of every Lorenz integration; transient: time run before measuring, so
        that random starts fall onto the attractor.
    n_trajectories: Lorenz trajectories advanced together (Benettin and the separation).
    lyapunov_time: averaging time of Benettin's method per trajectory;
    renorm_every: RK4 steps between renormalisations (τ = renorm_every · dt);
    renorm_distance: the length δ is renormalised to.
    separation_d0, separation_time: initial distance and duration of the twin trajectories.
    attractor_time: length of the trajectory drawn (and used for the attractor's size).
    linear_width, linear_gain, linear_steps: the linear map's N, its row-sum scale
        (≈ |λ|max) and the steps the perturbation is followed.
    sigma_w2s: weight variances σ_w² (× 1/N) of the random tanh networks;
    network_width, network_depth: N and L; network_count, network_pairs: networks and
    input pairs per network averaged over; network_eps: relative distance of the inputs.
    """

    dt: float = 0.01
    transient: float = 20.0
    n_trajectories: int = 16
    lyapunov_time: float = 100.0
    renorm_every: int = 10
    renorm_distance: float = 1e-8
    separation_d0: float = 1e-9
    separation_time: float = 40.0
    attractor_time: float = 50.0
    linear_width: int = 50
    linear_gain: float = 1.05
    linear_steps: int = 40
    sigma_w2s: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)
    network_width: int = 200
    network_depth: int = 30
    network_count: int = 4
    network_pairs: int = 8
    network_eps: float = 1e-3


PRESETS = {
    "quick": Config(),
    "full": Config(dt=0.005, n_trajectories=64, lyapunov_time=1000.0, renorm_every=20,
                   attractor_time=100.0, network_width=500, network_depth=60,
                   network_count=8, network_pairs=16),
}


def _check(config: Config) -> None:
    """Reject values the experiments cannot use, naming the field and its value."""
    positive = ("dt", "transient", "n_trajectories", "lyapunov_time", "renorm_every",
                "renorm_distance", "separation_d0", "separation_time", "attractor_time",
                "linear_gain", "linear_steps", "network_width", "network_depth",
                "network_count", "network_pairs", "network_eps")
    for name in positive:
        if not getattr(config, name) > 0:
            raise ValueError(f"complex-systems: {name} must be > 0, got {getattr(config, name)!r}")
    if config.linear_width < 2:
        raise ValueError(f"complex-systems: linear_width must be >= 2, "
                         f"got {config.linear_width!r}")
    if not config.sigma_w2s or min(config.sigma_w2s) <= 0:
        raise ValueError(f"complex-systems: sigma_w2s must be positive variances, "
                         f"got {config.sigma_w2s!r}")
    if config.separation_d0 >= 1e-3:
        raise ValueError(f"complex-systems: separation_d0 must be tiny (< 1e-3) to show the "
                         f"exponential phase, got {config.separation_d0!r}")


def _lorenz(config: Config, rng: np.random.Generator, out_dir: Path,
            progress: Progress) -> tuple[dict, np.ndarray, np.ndarray]:
    """Attractor, twin trajectories and Benettin's λ; draws three figures.

    Returns the Lorenz metrics, and the renormalisation times with the local stretching
    rates ln(|δ_k|/d0)/τ of the first trajectory (for the contrast figure).
    """
    x0 = on_attractor(config.n_trajectories, config.dt, config.transient, rng)
    steps = int(round(config.attractor_time / config.dt))
    path = integrate(lorenz_field, x0[0], config.dt, steps)
    size = attractor_size(path, 20_000, rng)
    times, log_growth = benettin(x0, config.dt, config.lyapunov_time, config.renorm_every,
                                 config.renorm_distance, rng, progress)
    running = running_estimate(times, log_growth)
    per_trajectory = running[-1]
    lam = float(per_trajectory.mean())
    t_sep, distances = separation(x0, config.separation_d0, config.dt, config.separation_time,
                                  rng)
    doubling, rate = doubling_time(t_sep, distances, 10 * config.separation_d0, 1e-1)

    save_figure(attractor_figure(path, config.dt), out_dir / "attractor.png", dpi=130)
    save_figure(separation_figure(t_sep, distances, config.separation_d0, lam, size, doubling),
                out_dir / "separation.svg")
    save_figure(lyapunov_figure(times, running, LYAPUNOV_PUBLISHED), out_dir / "lyapunov.svg")
    tau = config.renorm_every * config.dt
    stderr = (float(per_trajectory.std(ddof=1) / np.sqrt(len(per_trajectory)))
              if len(per_trajectory) > 1 else None)
    metrics = {"lyapunov_exponent": lam, "lyapunov_stderr": stderr,
               "lyapunov_relative_error": abs(lam - LYAPUNOV_PUBLISHED) / LYAPUNOV_PUBLISHED,
               "separation_doubling_time": doubling, "separation_rate": rate,
               "attractor_size": size}
    return metrics, times, log_growth[:, 0] / tau


def run(config: Config, out_dir: Path, progress: Progress) -> Result:
    """Run the four experiments, draw five figures, return the metrics."""
    _check(config)
    rng = np.random.default_rng(config.seed)
    lorenz_metrics, local_times, local_rates = _lorenz(config, rng, out_dir, progress)

    W = random_positive_matrix(config.linear_width, config.linear_gain, rng)
    growth = perturbation_growth(W, rng.standard_normal(config.linear_width),
                                 config.linear_steps)
    top = top_eigenvalue_modulus(W)
    save_figure(contrast_figure(growth, top, local_times, local_rates,
                                lorenz_metrics["lyapunov_exponent"]), out_dir / "contrast.svg")

    network_seed = int(rng.integers(2**31))
    ratios = {s: network_distances(s, config.network_width, config.network_depth,
                                   config.network_count, config.network_pairs,
                                   config.network_eps, network_seed)
              for s in progress.track(sorted(config.sigma_w2s), "random tanh networks")}
    chi1 = {s: mean_field(s)[1] for s in ratios}
    save_figure(network_figure(ratios, chi1, config.network_width), out_dir / "network.svg")

    dts = np.array(RK4_DTS)
    metrics = {
        **lorenz_metrics,
        "lyapunov_published": LYAPUNOV_PUBLISHED,
        "linear_growth_rate": float(growth[-1]),
        "linear_top_eigenvalue": top,
        "network_separation": {f"{s:g}": float(r[-1]) for s, r in ratios.items()},
        "network_chi1": {f"{s:g}": c for s, c in chi1.items()},
        "rk4_order": fitted_order(dts, rk4_global_errors(dts)),
    }
    return Result(metrics=metrics, headline=_headline(metrics),
                  figures=["attractor.png", "separation.svg", "lyapunov.svg", "contrast.svg",
                           "network.svg"])


def _headline(m: dict) -> dict[str, str]:
    """The card's key numbers."""
    sep = m["network_separation"]
    lo, hi = min(sep, key=float), max(sep, key=float)
    return {
        "Lyapunov exponent λ": f"{m['lyapunov_exponent']:.4f} "
                               f"(published {m['lyapunov_published']})",
        "separation doubles every": f"{m['separation_doubling_time']:.2f} time units",
        "linear map: growth per step": f"{m['linear_growth_rate']:.6f} "
                                       f"(|λ|max = {m['linear_top_eigenvalue']:.6f})",
        "tanh net: final/initial distance": f"σ_w² = {lo}: {sep[lo]:.2g}, "
                                            f"σ_w² = {hi}: {sep[hi]:.2g}",
    }


LAB = register(Lab(
    id="complex-systems", title="Simple, complicated, complex: chaos and its measure",
    part="maths", Config=Config, presets=PRESETS, run=run,
    summary="Three-equation Lorenz dynamics amplify a 1e-9 difference at λ ≈ 0.906 per time "
            "unit, a linear map grows perturbations at exactly |λ|max, and deep random tanh "
            "networks switch from order to chaos at σ_w² = 1.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=4.0,
    check=_check,
))
