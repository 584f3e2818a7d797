"""Lab `double-descent`: test error against model size with noisy labels (UDL notebook 8.3).

The notebook's set-up: MNIST-1D, 8000 samples split 4000/4000
(corr_noise_scale 0.25, iid_noise_scale 2e-2), 15% of the training labels
replaced by a uniformly random class; an MLP 40 → h → h → 10 with ReLU
(h² + 52h + 10 parameters), kaiming_uniform_ weights and zero biases, trained
by SGD (lr 0.01, momentum 0.9, batches of 100) for 1000 epochs, for 28 widths
h = 2 ... 400. Each (width, seed) is one cell of a `gradschool.sweep` study,
so the study resumes after an interruption and runs on a process pool or a
Ray cluster.

As h grows, the test error first falls (the classical regime), then rises to
a peak near the *interpolation threshold*, the first width whose training
error is below 1% (it fits the noisy labels, and only just), and falls again
for the largest widths: double descent.

Metrics (errors in %, as the notebook prints them): `hidden`, `params`,
`train_error`, `test_error` (lists over widths; with several seeds, one list
per seed, plus `*_mean`), `labels_changed`, `interpolation_width`,
`first_minimum_width` and `first_minimum_test_error` (least test error below
the threshold), `peak_width` and `peak_test_error` (greatest test error past
the first minimum), `final_test_error` (the largest width), `cell_seconds`
(per width).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.sweep import STUDY_DIR, SweepOptions

from .analysis import by_seed, landmarks, seed_mean
from .cell import STUDY_KEYS, make_cell, train_cell
from .data import notebook_data
from .published import HIDDEN as NOTEBOOK_WIDTHS
from .training import param_count


@dataclass
class Config(LabConfig):
    """The study (defaults: UDL notebook 8.3).

    hidden: the widths h, increasing; seeds: runs per width (seeds seed, seed+1, ...:
    each sets the weights and the batches). n_train, n_test: how many of the
    notebook's 4000 training and 4000 test samples to use (the first ones).
    epochs, batch_size, lr, momentum: the SGD training. label_noise: the chance that
    a training label is replaced by a uniformly random class. data_seed: the
    generator's seed (mnist1d's default, 42), which also drives the label noise.
    eval_every: epochs between evaluations of the whole train and test sets.
    """

    hidden: tuple[int, ...] = NOTEBOOK_WIDTHS
    seeds: int = 1
    n_train: int = 4000
    n_test: int = 4000
    epochs: int = 1000
    batch_size: int = 100
    lr: float = 0.01
    momentum: float = 0.9
    label_noise: float = 0.15
    data_seed: int = 42
    eval_every: int = 10


# The quick preset keeps the notebook's data and model and trains for 200 epochs
# instead of 1000, at 11 widths: the threshold moves to h ≈ 70, the peak stays.
# Widths 8-14 are left out: at 200 epochs their test error swings by ±4% with the
# seed, as much as the peak's height, and could pass for the first minimum.
PRESETS = {
    "quick": Config(hidden=(2, 4, 6, 18, 26, 35, 45, 55, 70, 100, 200), epochs=200),
    "full": Config(),
}


def _check(config: Config) -> None:
    """Reject settings the study cannot use, naming the field and its value."""
    h = config.hidden
    if (not h or any(isinstance(v, bool) or not isinstance(v, int) or v < 1 for v in h)
            or list(h) != sorted(set(h))):
        raise ValueError(f"double-descent: hidden must be increasing widths >= 1, got {h!r}")
    at_least_one = {"seeds": config.seeds, "n_train": config.n_train,
                    "n_test": config.n_test, "epochs": config.epochs,
                    "batch_size": config.batch_size, "eval_every": config.eval_every}
    for name, value in at_least_one.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"double-descent: {name} must be an int >= 1, got {value!r}")
    if not config.lr > 0:
        raise ValueError(f"double-descent: lr must be > 0, got {config.lr!r}")
    if not 0 <= config.momentum < 1:
        raise ValueError(f"double-descent: momentum must be in [0, 1), got {config.momentum!r}")
    if not 0 <= config.label_noise <= 1:
        raise ValueError(f"double-descent: label_noise must be in [0, 1], "
                         f"got {config.label_noise!r}")
    if not 0 <= config.data_seed < 2**32:
        raise ValueError(f"double-descent: data_seed must be in [0, 2**32), "
                         f"got {config.data_seed!r}")


def cells_of(config: Config) -> list[dict[str, Any]]:
    """One cell per (width, seed), the widest first so the slowest cells start first."""
    study = {k: getattr(config, k) for k in STUDY_KEYS}
    seeds = [config.seed + k for k in range(config.seeds)]
    return [make_cell(h, s, study) for h in sorted(config.hidden, reverse=True) for s in seeds]


def _curves(results: list[dict[str, Any]], hidden: tuple[int, ...], seeds: list[int]
            ) -> tuple[list[int], dict[int, dict[str, list[float]]]]:
    """The evaluation epochs and, per width, the seed-mean train and test error curves."""
    train = by_seed(results, hidden, seeds, "train_error_curve")  # [seed][width][epoch]
    test = by_seed(results, hidden, seeds, "test_error_curve")
    curves = {h: {"train": seed_mean([row[i] for row in train]),
                  "test": seed_mean([row[i] for row in test])} for i, h in enumerate(hidden)}
    return results[0]["epochs"], curves


def summarize(config: Config, results: list[dict[str, Any]], seconds: list[float | None],
              labels_changed: int) -> dict[str, Any]:
    """The lab's metrics from the cell results (any order) and their seconds (same order)."""
    hidden = tuple(config.hidden)
    seeds = [config.seed + k for k in range(config.seeds)]
    timed = [{**r, "cell_seconds": s if s is not None else float("nan")}
             for r, s in zip(results, seconds)]
    table = {k: by_seed(timed, hidden, seeds, k)
             for k in ("train_error", "test_error", "train_loss", "test_loss", "cell_seconds")}
    means = {k: seed_mean(v) for k, v in table.items()}
    metrics: dict[str, Any] = {"hidden": list(hidden),
                               "params": [param_count(h) for h in hidden], "seeds": seeds}
    for k in ("train_error", "test_error", "train_loss", "test_loss"):
        metrics[k] = table[k][0] if len(seeds) == 1 else table[k]
        if len(seeds) > 1:
            metrics[f"{k}_mean"] = means[k]
    metrics["labels_changed"] = labels_changed
    metrics["noisy_label_fraction"] = labels_changed / config.n_train
    metrics.update(landmarks(hidden, means["train_error"], means["test_error"]))
    metrics["cell_seconds"] = means["cell_seconds"]
    metrics["study_cell_seconds"] = float(np.nansum(table["cell_seconds"]))
    epochs, curves = _curves(results, hidden, seeds)
    metrics["curve_epochs"] = epochs
    metrics["test_error_curve"] = {str(h): c["test"] for h, c in curves.items()}
    metrics["train_error_curve"] = {str(h): c["train"] for h, c in curves.items()}
    return metrics


def run(config: Config, out_dir: Path, progress: Progress,
        sweep: SweepOptions | None = None) -> Result:
    """Train every (width, seed) cell through `sweep`, then draw and measure the curve."""
    _check(config)
    sweep = sweep or SweepOptions(out_dir / STUDY_DIR)
    # Built here first, so the workers find the data set in the cache.
    data = notebook_data(config.label_noise, config.data_seed, config.n_train, config.n_test)
    labels_changed = int(np.sum(data["y"] != data["y_clean"]))
    cells = cells_of(config)
    results = sweep.run(train_cell, cells, progress)
    seconds = [None if r is None else r.get("seconds") for r in sweep.records(train_cell, cells)]
    metrics = summarize(config, results, seconds, labels_changed)
    _draw(config, metrics, out_dir)
    return Result(metrics=metrics, figures=list(FIGURES), headline=_headline(metrics))


FIGURES = ("error_vs_width.svg", "error_vs_params.svg", "error_over_epochs.svg")


def _draw(config: Config, metrics: dict[str, Any], out_dir: Path) -> None:
    from gradschool.viz import save_figure

    from .figures import error_vs_params, error_vs_width, pick_widths, test_error_over_epochs

    hidden = metrics["hidden"]
    several = len(metrics["seeds"]) > 1
    train = metrics["train_error"] if several else [metrics["train_error"]]
    test = metrics["test_error"] if several else [metrics["test_error"]]
    title = (f"MLP 40→h→h→10 on MNIST-1D: {config.n_train} samples, "
             f"{config.label_noise:.0%} noisy labels, {config.epochs} epochs")
    save_figure(error_vs_width(hidden, train, test, metrics, title),
                out_dir / "error_vs_width.svg")
    save_figure(error_vs_params(hidden, metrics["params"], train, test, metrics,
                                config.n_train), out_dir / "error_vs_params.svg")
    curves = {h: {"train": metrics["train_error_curve"][str(h)],
                  "test": metrics["test_error_curve"][str(h)]} for h in hidden}
    save_figure(test_error_over_epochs(metrics["curve_epochs"], curves,
                                       pick_widths(hidden, metrics)),
                out_dir / "error_over_epochs.svg")


def _headline(m: dict[str, Any]) -> dict[str, str]:
    """The card's key numbers: the threshold, the first minimum, the peak and the end."""
    def width(key: str, error: str | None = None) -> str:
        if m[key] is None:
            return "none"
        return f"h = {m[key]}" + (f" ({m[error]:.1f}%)" if error else "")
    return {
        "interpolation threshold": width("interpolation_width"),
        "first minimum of test error": width("first_minimum_width", "first_minimum_test_error"),
        "peak of test error": width("peak_width", "peak_test_error"),
        f"test error at h = {m['hidden'][-1]}": f"{m['final_test_error']:.1f}%",
        "training labels changed": str(m["labels_changed"]),
    }


LAB = register(Lab(
    id="double-descent", title="Double descent", part="generalization",
    Config=Config, presets=PRESETS, run=run,
    summary="With noisy labels, test error falls, peaks where the network can just fit "
            "the training set, and falls again as the network grows.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=20.0, sweep=True,
    check=_check,
))

__all__ = ["LAB", "PRESETS", "Config", "cells_of", "run", "summarize"]
