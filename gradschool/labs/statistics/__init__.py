"""Lab `statistics`: summaries, sampling variability and reproducible seeds.

1. Summaries of a sample (min, max, argmin, argmax, mean, var, std) with gs; when the
   extreme is tied, argmax/argmin return its first index, as NumPy and PyTorch do.
2. The variance with ddof 0 is biased: E[Σ(x − x̄)²/n] = (n − 1)/n · σ²; ddof 1
   (Bessel's correction, dividing by n − 1) is unbiased. Measured over many samples.
3. The standard error of the mean, σ/√n, measured as the std of many sample means for
   n = 2 … 1000 (slope −1/2 on log-log axes, fitted); the central limit theorem: the
   means of a skewed population (exponential, skewness 2) approach a normal, their
   skewness falling as 2/√n; and 20 small studies of one population with very
   different means.
4. Seeds: `gs.manual_seed` makes a gs training repeat exactly; seeding only gs leaves
   Python's `random`, NumPy's legacy `np.random` and a fresh `np.random.default_rng()`
   unrepeatable from one run to the next (each run simulated as a new process).

Metrics:
    argmax_tie_index  gs.argmax of a sample whose maximum is tied (the first index)
    variance_bias     {ddof: mean s²_ddof / σ²} at n = variance_n
    sem_slope         fitted slope of log SE against log n (−1/2)
    sem               {n: measured standard error of the mean}
    clt_skewness      {n: skewness of the sample means} (→ 2/√n)
    repeatable        {stream: same draws in two runs seeded with gs.manual_seed only}
and, beside them: argmin_tie_index, tie_indices, summary, variance_n, variance_bias_by_n,
small_sample_means, training_repeats, training_unseeded_difference,
repeatable_after_seed_everything.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

import gradschool as gs
from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.viz import save_figure

from .figures import (
    clt_figure,
    seeding_figure,
    sem_figure,
    small_samples_figure,
    summary_figure,
    variance_figure,
)
from .sampling import clt, fitted_slope, small_samples, standard_errors
from .seeding import draws_after, repeatable, training_runs
from .summaries import TIED_SAMPLE, summary, tie_indices, variance_ratios

POPULATION_SKEWNESS = 2.0  # of the exponential population (σ = 1)
SMALL_MU, SMALL_SIGMA = 100.0, 15.0  # the small-sample population, N(100, 15²)


@dataclass
class Config(LabConfig):
    """Sample sizes and replicate counts of the experiments.

    variance_n: the n of the `variance_bias` metric; variance_sizes: the n's of its figure;
    variance_replicates: samples per n; sigma: the normal population's σ.
    sem_sizes, sem_replicates: the n's of the standard-error study and sample means per n.
    clt_sizes, clt_replicates: the same for the central limit theorem.
    small_n, small_studies: size and number of the small studies.
    train_epochs: epochs of each small gs training; draws: numbers drawn per stream and run.
    """

    variance_n: int = 5
    variance_sizes: tuple[int, ...] = (2, 3, 5, 10, 20, 50)
    variance_replicates: int = 100_000
    sigma: float = 2.0
    sem_sizes: tuple[int, ...] = (2, 5, 10, 20, 50, 100, 200, 500, 1000)
    sem_replicates: int = 2000
    clt_sizes: tuple[int, ...] = (1, 2, 4, 8, 16, 32, 64)
    clt_replicates: int = 50_000
    small_n: int = 5
    small_studies: int = 20
    train_epochs: int = 3
    draws: int = 5


PRESETS = {
    "quick": Config(),
    "full": Config(variance_replicates=1_000_000, sem_replicates=20_000,
                   clt_replicates=500_000, train_epochs=10),
}


def _check(config: Config) -> None:
    """Reject values the experiments cannot use, naming the field and its value."""
    for name in ("variance_n", "small_studies"):
        if getattr(config, name) < 2:
            raise ValueError(f"statistics: {name} must be >= 2, got {getattr(config, name)!r}")
    for name in ("variance_replicates", "sem_replicates", "clt_replicates"):
        if getattr(config, name) < 3:
            raise ValueError(f"statistics: {name} must be >= 3, got {getattr(config, name)!r}")
    for name in ("small_n", "train_epochs", "draws"):
        if getattr(config, name) < 1:
            raise ValueError(f"statistics: {name} must be >= 1, got {getattr(config, name)!r}")
    if not config.sigma > 0:
        raise ValueError(f"statistics: sigma must be > 0, got {config.sigma!r}")
    if not config.variance_sizes or min(config.variance_sizes) < 2:
        raise ValueError(f"statistics: variance_sizes must be sample sizes >= 2, "
                         f"got {config.variance_sizes!r}")
    for name in ("sem_sizes", "clt_sizes"):
        sizes = getattr(config, name)
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"statistics: {name} must be at least two sample sizes >= 1, "
                             f"got {sizes!r}")


def run(config: Config, out_dir: Path, progress: Progress) -> Result:
    """Measure the four phenomena, draw six figures, return the metrics."""
    _check(config)
    rng = np.random.default_rng(config.seed)
    ties, stats = tie_indices(TIED_SAMPLE), summary(TIED_SAMPLE)
    argmax, argmin = ties["gradschool"]["argmax"], ties["gradschool"]["argmin"]
    save_figure(summary_figure(TIED_SAMPLE, stats, argmax, argmin), out_dir / "summary.svg")

    sizes = sorted(set(config.variance_sizes) | {config.variance_n})
    by_n = {n: variance_ratios(n, config.variance_replicates, config.sigma, rng)
            for n in progress.track(sizes, "variance bias")}
    save_figure(variance_figure(by_n, config.variance_replicates), out_dir / "variance_bias.svg")

    sem_sizes = sorted(config.sem_sizes)
    sem = standard_errors(sem_sizes, config.sem_replicates, rng)
    slope = fitted_slope(sem_sizes, [sem[n] for n in sem_sizes])
    save_figure(sem_figure(sem, 1.0, slope, config.sem_replicates), out_dir / "sem.svg")

    means, skew = clt(sorted(config.clt_sizes), config.clt_replicates, rng)
    save_figure(clt_figure(means, skew, POPULATION_SKEWNESS), out_dir / "clt.svg")

    studies = small_samples(config.small_n, config.small_studies, SMALL_MU, SMALL_SIGMA, rng)
    save_figure(small_samples_figure(studies, SMALL_MU), out_dir / "small_samples.svg")

    losses = training_runs(config.seed, config.train_epochs)
    runs = draws_after(gs.manual_seed, config.seed, config.draws)
    everything = draws_after(gs.seed_everything, config.seed, config.draws)
    save_figure(seeding_figure(losses, runs), out_dir / "seeding.svg")

    metrics = {
        "argmax_tie_index": argmax,
        "argmin_tie_index": argmin,
        "tie_indices": ties,
        "summary": stats,
        "variance_n": config.variance_n,
        "variance_bias": by_n[config.variance_n],
        "variance_bias_by_n": by_n,
        "sem_slope": slope,
        "sem": sem,
        "clt_skewness": skew,
        "small_sample_means": studies.mean(axis=1).tolist(),
        "training_repeats": losses["seeded 1"] == losses["seeded 2"],
        "training_unseeded_difference": float(np.max(np.abs(
            np.subtract(losses["seeded 1"], losses["not re-seeded"])))),
        "repeatable": repeatable(runs),
        "repeatable_after_seed_everything": repeatable(everything),
    }
    return Result(metrics=metrics, headline=_headline(metrics),
                  figures=["sem.svg", "summary.svg", "variance_bias.svg", "clt.svg",
                           "small_samples.svg", "seeding.svg"])


def _headline(m: dict) -> dict[str, str]:
    """The card's key numbers."""
    n, skew = m["variance_n"], m["clt_skewness"]
    lo, hi = min(skew), max(skew)
    means = m["small_sample_means"]
    return {
        "argmax of a tie": f"index {m['argmax_tie_index']} (the first)",
        f"mean s²/σ² at n = {n}": f"ddof 0: {m['variance_bias'][0]:.3f} ((n−1)/n = "
                                f"{(n - 1) / n:.3f}), ddof 1: {m['variance_bias'][1]:.3f}",
        "SE of the mean: log-log slope": f"{m['sem_slope']:.3f} (−0.5)",
        "skewness of the mean": f"{skew[lo]:.2f} at n = {lo} → {skew[hi]:.3f} at n = {hi}",
        "small studies' means": f"{min(means):.1f} to {max(means):.1f}",
        "repeat after gs.manual_seed only": ", ".join(k for k, v in m["repeatable"].items() if v),
    }


LAB = register(Lab(
    id="statistics", title="Statistics: summaries, sampling and seeds", part="maths",
    Config=Config, presets=PRESETS, run=run,
    summary="Ties go to the first index, dividing by n underestimates the variance by "
            "(n−1)/n, the mean's error falls like 1/√n and its skewness like 2/√n, and "
            "gs.manual_seed repeats only gradschool's own random stream.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=3.0,
    check=_check,
))
