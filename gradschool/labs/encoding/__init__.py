"""Lab `encoding`: turning reality into numbers, and what each choice does to learning.

Five measurements, each next to the theory that predicts it:

1. Coding a category (4 seasons, ice-cream sales): with an intercept, one-hot coding's
   design [1 | e_1 .. e_k] has k + 1 columns but rank k (the indicators sum to the
   intercept), so least squares has infinitely many solutions (β + t v, X v = 0, same
   fitted values) and XᵀX is singular; dummy coding [1 | e_2 .. e_k] has full rank and
   one solution: the first level's mean and the other levels' differences from it.
2. Scaling: x_1 ~ U[0, 1] next to x_2 ~ U[0, s]. The Hessian H = XᵀX / n of least
   squares has condition number κ growing like s²; gradient descent at its best fixed step
   lr = 2 / (λ_max + λ_min) shrinks the error by ρ = (κ - 1)/(κ + 1) per step, so it needs
   about (κ / 2) ln(1 / tol) steps. Min-max scaling removes the s² but leaves κ ≈ 30
   (uncentred features fight the intercept); z-scores give κ ≈ 1 and a handful of steps.
3. Missing values: features driven by one latent variable, 20 % removed at random; mean,
   median and kNN imputation scored by RMSE against the removed values.
4. Outliers: Gaussian data with planted moderate and gross outliers; precision and recall
   of the z-score rule (|z| > 3) and Tukey's IQR rule (k = 1.5), and masking: gross
   outliers inflate σ and hide the moderate ones from the z-score rule, not from IQR.
5. Augmentation: the MNIST-1D paper's CNN trained on 500 signals, with and without shifted,
   rescaled and noisier copies, scored on 1000 test signals.

Metrics: `onehot_rank`, `dummy_rank`, `design_columns` {coding: columns with the
intercept}, `condition_number` and `gd_steps` {raw, minmax, scaled}, `imputation_rmse`
{mean, median, knn}, `outlier_precision` and `outlier_recall` {zscore, iqr},
`augmentation_accuracy` {with, without} (mean test accuracy over seeds); and the
series behind the figures (see `run`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import gradschool as gs
from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.viz import save_figure

from .augmentation import Augmentation, augment_signals, small_subset, with_and_without
from .coding import design_matrix, group_means, least_squares, season_sales
from .figures import (
    augmentation_figure,
    coding_figure,
    imputation_figure,
    outlier_figure,
    scaling_figure,
)
from .imputation import METHODS, imputation_errors, latent_data
from .outliers import RULES, cutoffs, masking_curve, planted_outliers, score_rules
from .scaling import (
    condition_by_scale,
    condition_number,
    designs,
    gradient_descent,
    least_squares_solution,
    loss_gradient,
    lr_scan,
    optimal_lr,
    rate,
    steps_bound,
    steps_exact,
    two_scale_data,
)


@dataclass
class Config(LabConfig):
    """Sizes of the five experiments.

    n_days: rows of the season data set (coding).
    n_regression, feature_scale: rows and the range s of x_2 ~ U[0, s] for gradient descent;
    tol: stop when ||w_t - w*|| <= tol ||w_0 - w*||; max_steps: the most steps allowed;
    lr_factors: the scan's step sizes, as multiples of 2 / (λ_max + λ_min);
    scales: the ranges s at which κ is computed for the figure.
    n_impute, impute_features: rows and features of the latent-variable data;
    missing_fraction: the share removed for `imputation_rmse`; missing_fractions: the
    figure's shares; n_neighbors: k of kNN imputation.
    n_inliers, n_moderate, n_gross, gross_size: the outlier data (N(0, 1) inliers,
    |x| ~ U[4, 8] moderate, |x| ~ U[size, 1.2 size] gross outliers); z_threshold, iqr_k:
    the rules; masking_sizes, masking_counts: the gross outliers' sizes (n_gross of them)
    and counts (of size masking_count_size) in the masking curves; masking_repeats: data
    sets per point.
    aug_train, aug_test: MNIST-1D training signals (a random subset) and test signals;
    aug_steps, lr, batch_size: the CNN's Adam training; aug_seeds: runs (seed + k);
    aug_copies, aug_noise, aug_max_shift, aug_scale: the augmentation.
    """

    n_days: int = 200
    n_regression: int = 200
    feature_scale: float = 10.0
    tol: float = 1e-6
    max_steps: int = 1_000_000
    lr_factors: tuple[float, ...] = (0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0)
    scales: tuple[float, ...] = (1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0)
    n_impute: int = 500
    impute_features: int = 6
    missing_fraction: float = 0.2
    missing_fractions: tuple[float, ...] = (0.1, 0.2, 0.3, 0.4, 0.5)
    n_neighbors: int = 5
    n_inliers: int = 1000
    n_moderate: int = 30
    n_gross: int = 10
    gross_size: float = 50.0
    z_threshold: float = 3.0
    iqr_k: float = 1.5
    masking_sizes: tuple[float, ...] = (3.0, 5.0, 7.5, 10.0, 15.0, 20.0, 30.0, 50.0, 100.0)
    masking_counts: tuple[int, ...] = (0, 1, 2, 3, 5, 10, 20, 40)
    masking_count_size: float = 15.0
    masking_repeats: int = 20
    aug_train: int = 500
    aug_test: int = 1000
    aug_steps: int = 300
    aug_seeds: int = 1
    aug_copies: int = 4
    aug_noise: float = 0.1
    aug_max_shift: int = 3
    aug_scale: tuple[float, float] = (0.8, 1.2)
    lr: float = 1e-2
    batch_size: int = 100


PRESETS = {
    "quick": Config(),
    "full": Config(n_days=1000, n_regression=1000, feature_scale=100.0, n_impute=2000,
                   masking_repeats=200, aug_steps=2000, aug_seeds=5),
}


def _check(config: Config) -> None:
    """Reject values the experiments cannot use, naming the field and its value."""
    at_least = {"n_days": 4, "n_regression": 3, "max_steps": 1, "n_impute": 2,
                "impute_features": 2, "n_neighbors": 1, "n_inliers": 4, "n_moderate": 1,
                "n_gross": 0, "masking_repeats": 1, "aug_train": 1, "aug_test": 1,
                "aug_steps": 1, "aug_seeds": 1, "aug_copies": 0, "aug_max_shift": 0,
                "batch_size": 1}
    for name, low in at_least.items():
        value = getattr(config, name)
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            raise ValueError(f"encoding: {name} must be an int >= {low}, got {value!r}")
    positive = {"feature_scale": config.feature_scale, "gross_size": config.gross_size,
                "masking_count_size": config.masking_count_size,
                "z_threshold": config.z_threshold, "iqr_k": config.iqr_k, "lr": config.lr}
    for name, value in positive.items():
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"encoding: {name} must be a finite number > 0, got {value!r}")
    if not 0 < config.tol < 1:
        raise ValueError(f"encoding: tol must be in (0, 1), got {config.tol!r}")
    fractions = (config.missing_fraction, *config.missing_fractions)
    if not all(0 < f < 1 for f in fractions):
        raise ValueError(f"encoding: missing fractions must be in (0, 1), got "
                         f"missing_fraction={config.missing_fraction!r}, "
                         f"missing_fractions={config.missing_fractions!r}")
    if not config.lr_factors or min(config.lr_factors) <= 0 or 1.0 not in config.lr_factors:
        raise ValueError(f"encoding: lr_factors must be positive and include 1.0, "
                         f"got {config.lr_factors!r}")
    if not config.scales or min(config.scales) <= 0:
        raise ValueError(f"encoding: scales must be positive, got {config.scales!r}")
    if not config.masking_sizes or not config.masking_counts or min(config.masking_sizes) <= 0 \
            or min(config.masking_counts) < 0:
        raise ValueError(f"encoding: masking_sizes must be > 0 and masking_counts >= 0, got "
                         f"{config.masking_sizes!r} and {config.masking_counts!r}")
    low, high = config.aug_scale
    if not 0 < low <= high or config.aug_noise < 0:
        raise ValueError(f"encoding: need 0 < aug_scale[0] <= aug_scale[1] and aug_noise >= 0, "
                         f"got aug_scale={config.aug_scale!r}, aug_noise={config.aug_noise!r}")


def _scaling_data(config: Config) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The three designs (raw, minmax, scaled) and the target of the scaling experiment."""
    F, y = two_scale_data(config.n_regression, config.feature_scale,
                          np.random.default_rng([config.seed, 1]))
    return designs(F), y


def _check_steps(config: Config) -> None:
    """Refuse a feature_scale whose gradient descent would need more than max_steps."""
    X, _ = _scaling_data(config)
    kappa = condition_number(X["raw"])
    if steps_bound(kappa, config.tol) > config.max_steps:
        raise ValueError(f"encoding: feature_scale = {config.feature_scale:g} makes κ = "
                         f"{kappa:.3g}: gradient descent needs about "
                         f"{steps_bound(kappa, config.tol)} steps, more than max_steps = "
                         f"{config.max_steps}")


def _coding(config: Config, out_dir: Path) -> dict[str, Any]:
    """One-hot against dummy coding: ranks, the second solution, the dummy coefficients."""
    seasons, y = season_sales(config.n_days, np.random.default_rng([config.seed, 0]))
    X = {"onehot": design_matrix(seasons, None), "dummy": design_matrix(seasons, "first")}
    fits = {coding: least_squares(X[coding], y) for coding in X}
    levels = sorted(set(seasons))
    names = {"onehot": ["1", *levels], "dummy": ["1", *levels[1:]]}
    save_figure(coding_figure(seasons, X, fits, names), out_dir / "coding.svg")
    onehot, dummy = fits["onehot"], fits["dummy"]
    return {
        "onehot_rank": onehot.rank, "dummy_rank": dummy.rank,
        "design_columns": {coding: fit.columns for coding, fit in fits.items()},
        "normal_eigenvalue_ratio": {c: fit.normal_eigenvalue_ratio for c, fit in fits.items()},
        "onehot_fit_difference": onehot.fit_difference,
        "onehot_coefficient_difference": float(np.linalg.norm(onehot.beta - onehot.beta_other)),
        "dummy_coefficients": dict(zip(["intercept", *levels[1:]], map(float, dummy.beta))),
        "group_means": group_means(seasons, y),
    }


def _scaling(config: Config, out_dir: Path, progress: Progress) -> dict[str, Any]:
    """κ, steps of gradient descent (gs autograd + gs.optim.SGD) and the lr scan."""
    X, y = _scaling_data(config)
    kappa = {name: condition_number(A) for name, A in X.items()}
    bound = {name: steps_bound(k, config.tol) for name, k in kappa.items()}
    lr = {name: optimal_lr(A) for name, A in X.items()}
    runs = {name: gradient_descent(A, y, lr[name], config.tol, config.max_steps)
            for name, A in progress.track(X.items(), "gradient descent", total=len(X))}
    exact = {name: steps_exact(A, -least_squares_solution(A, y), lr[name], config.tol,
                               config.max_steps) for name, A in X.items()}
    scan = {name: lr_scan(A, y, config.lr_factors, config.tol)
            for name, A in progress.track(X.items(), "step-size scan", total=len(X))}
    by_scale = condition_by_scale(config.scales, config.n_regression, config.seed)
    w = np.random.default_rng([config.seed, 2]).standard_normal(X["raw"].shape[1])
    closed_form = X["raw"].T @ (X["raw"] @ w - y) / len(y)
    save_figure(scaling_figure(config.scales, by_scale, config.feature_scale,
                               {name: run.errors for name, run in runs.items()},
                               {name: rate(k) for name, k in kappa.items()}, config.tol, scan),
                out_dir / "scaling.svg")
    return {
        "condition_number": kappa,
        "gd_steps": {name: run.steps for name, run in runs.items()},
        "gd_steps_bound": bound, "gd_steps_exact": exact, "optimal_lr": lr,
        "rate": {name: rate(k) for name, k in kappa.items()},
        "lr_scan": {name: {f"{f:g}": steps for f, steps in s.items()} for name, s in scan.items()},
        "condition_by_scale": {f"{s:g}": {name: values[i] for name, values in by_scale.items()}
                               for i, s in enumerate(config.scales)},
        "gd_steps_bound_by_scale": {f"{s:g}": steps_bound(k, config.tol)
                                    for s, k in zip(config.scales, by_scale["raw"])},
        "gradient_error": float(np.max(np.abs(loss_gradient(X["raw"], y, w) - closed_form))),
    }


def _imputation(config: Config, out_dir: Path, progress: Progress) -> dict[str, Any]:
    """RMSE (and MAE) of mean, median and kNN imputation, at one fraction and a range."""
    rng = np.random.default_rng([config.seed, 3])
    X = latent_data(config.n_impute, config.impute_features, rng)
    errors, imputed, mask = imputation_errors(X, config.missing_fraction, rng,
                                              config.n_neighbors)
    by_fraction = {f: imputation_errors(X, f, rng, config.n_neighbors)[0]
                   for f in progress.track(config.missing_fractions, "imputation")}
    save_figure(imputation_figure(X, imputed, mask, by_fraction), out_dir / "imputation.svg")
    return {
        "imputation_rmse": errors,
        "imputation_mae": {m: float(np.mean(np.abs(imputed[m][mask] - X[mask])))
                           for m in METHODS},
        "imputation_rmse_by_fraction": {f"{f:g}": e for f, e in by_fraction.items()},
    }


def _outliers(config: Config, out_dir: Path) -> dict[str, Any]:
    """Precision and recall of both rules, and the masking curves."""
    rng = np.random.default_rng([config.seed, 4])
    x, kind = planted_outliers(config.n_inliers, config.n_moderate, config.n_gross,
                               config.gross_size, rng)
    scores = score_rules(x, kind != 0, config.z_threshold, config.iqr_k)
    sizes, counts = list(config.masking_sizes), list(config.masking_counts)
    by_size = masking_curve(config.n_inliers, config.n_moderate, [config.n_gross] * len(sizes),
                            sizes, config.masking_repeats, rng, config.z_threshold, config.iqr_k)
    by_count = masking_curve(config.n_inliers, config.n_moderate, counts,
                             [config.masking_count_size] * len(counts), config.masking_repeats, rng,
                             config.z_threshold, config.iqr_k)
    bounds = cutoffs(x, config.z_threshold, config.iqr_k)
    save_figure(outlier_figure(x, kind, bounds, sizes, by_size, config.n_gross, counts,
                               by_count, config.masking_count_size), out_dir / "outliers.svg")
    return {
        "outlier_precision": {rule: scores[rule][0] for rule in RULES},
        "outlier_recall": {rule: scores[rule][1] for rule in RULES},
        "outlier_cutoffs": {rule: list(b) for rule, b in bounds.items()},
        "masking_recall_by_size": {f"{s:g}": {r: by_size[r][i] for r in RULES}
                                   for i, s in enumerate(sizes)},
        "masking_recall_by_count": {str(c): {r: by_count[r][i] for r in RULES}
                                    for i, c in enumerate(counts)},
    }


def _augmentation(config: Config, out_dir: Path, progress: Progress) -> dict[str, Any]:
    """Test accuracy of the CNN trained with and without augmentation, per seed."""
    data = gs.data.load_mnist1d()
    subset = small_subset(data, config.aug_train, config.aug_test,
                          np.random.default_rng([config.seed, 5]))
    aug = Augmentation(copies=config.aug_copies, noise=config.aug_noise,
                       max_shift=config.aug_max_shift, low=config.aug_scale[0],
                       high=config.aug_scale[1])
    accuracy: dict[str, list[float]] = {"without": [], "with": []}
    train_accuracy: dict[str, list[float]] = {"without": [], "with": []}
    for k in progress.track(range(config.aug_seeds), "CNN with and without augmentation"):
        runs = with_and_without(subset, aug, config.aug_steps, config.lr, config.batch_size,
                                config.seed + k)
        for name, history in runs.items():
            accuracy[name].append(history.final_test_accuracy)
            train_accuracy[name].append(history.train_accuracy[-1])
    rng = np.random.default_rng([config.seed, 6])
    signal = subset["x"][0]
    copies = augment_signals(np.tile(signal, (5, 1)), aug, rng)
    save_figure(augmentation_figure(data["t"], signal, copies, int(subset["y"][0]), accuracy,
                                    config.aug_train, config.aug_steps),
                out_dir / "augmentation.svg")
    return {
        "augmentation_accuracy": {name: float(np.mean(a)) for name, a in accuracy.items()},
        "augmentation_accuracy_per_seed": accuracy,
        "augmentation_train_accuracy": {n: float(np.mean(a)) for n, a in train_accuracy.items()},
    }


def run(config: Config, out_dir: Path, progress: Progress) -> Result:
    """Run the five experiments, draw one figure each, return their metrics."""
    _check(config)
    _check_steps(config)
    metrics: dict[str, Any] = {}
    metrics.update(_coding(config, out_dir))
    metrics.update(_scaling(config, out_dir, progress))
    metrics.update(_imputation(config, out_dir, progress))
    metrics.update(_outliers(config, out_dir))
    metrics.update(_augmentation(config, out_dir, progress))
    return Result(metrics=metrics, headline=_headline(metrics),
                  figures=["scaling.svg", "coding.svg", "imputation.svg", "outliers.svg",
                           "augmentation.svg"])


def _headline(m: dict[str, Any]) -> dict[str, str]:
    """The card's key numbers, one per experiment."""
    columns, rmse = m["design_columns"], m["imputation_rmse"]
    kappa, steps = m["condition_number"], m["gd_steps"]
    precision, recall = m["outlier_precision"], m["outlier_recall"]
    accuracy = m["augmentation_accuracy"]
    return {
        "rank: one-hot / dummy": f"{m['onehot_rank']} of {columns['onehot']} / "
                                 f"{m['dummy_rank']} of {columns['dummy']} columns",
        "κ: raw → z-scored": f"{kappa['raw']:.0f} → {kappa['scaled']:.2f}",
        "GD steps: raw → z-scored": f"{steps['raw']} → {steps['scaled']}",
        "imputation RMSE: mean / median / kNN": f"{rmse['mean']:.2f} / {rmse['median']:.2f} / "
                                                f"{rmse['knn']:.2f}",
        "z-score: precision / recall": f"{precision['zscore']:.0%} / {recall['zscore']:.0%}",
        "IQR: precision / recall": f"{precision['iqr']:.0%} / {recall['iqr']:.0%}",
        "CNN test accuracy: without → with augmentation": f"{accuracy['without']:.1%} → "
                                                          f"{accuracy['with']:.1%}",
    }


LAB = register(Lab(
    id="encoding", title="Encoding: turning reality into numbers", part="maths",
    Config=Config, presets=PRESETS, run=run,
    summary="Dummy coding avoids the rank-deficient one-hot design, z-scoring turns thousands "
            "of gradient-descent steps into a handful, kNN imputation beats the mean, the "
            "IQR rule resists the masking that blinds the z-score rule, and augmentation "
            "lifts a CNN trained on 500 MNIST-1D signals.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=6.0,
    check=_check,
))
