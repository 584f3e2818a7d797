"""Lab `hyperparameters`: grid, random and Bayesian (TPE) search, on Optuna.

An MLP with two hidden layers learns MNIST-1D; five hyperparameters decide
how well: the learning rate (log 1e-4 … 1e-1), the batch size (16 … 512), the
width (16 … 512), the weight decay (log 1e-6 … 1e-2) and the dropout rate
(0 … 0.5). A search trains one network per trial and keeps the
configuration with the best accuracy on a validation split carved from the
training set; the test set is used once, at the end, on the winner.

1. Grid, random and TPE search (gradschool.tuning, Optuna's samplers) get the
   same budget of trials and are each repeated with several seeds: the best
   validation accuracy after each trial (mean and spread), and the test
   accuracy of each method's best configuration, retrained.
2. Bergstra and Bengio (2012): when only 2 of the 5 hyperparameters matter
   (a synthetic validation score of lr and width, synthetic.py), a grid of N
   trials tries about N^(1/5) values of each, so only a handful of distinct
   (lr, width) pairs, while random search tries N: random beats grid.
3. Pruning: a pruned random search (median or Hyperband) stops trials whose
   validation accuracy lags; the epochs trained with and without it, and the
   best accuracy each reached.

Metrics: best_val (method -> best validation accuracy per repeat), best_test
(method -> mean test accuracy of the best configurations), curves (method ->
mean best-so-far per trial), distinct_values (method -> hyperparameter ->
distinct values tried, repeat 0 of the MLP study), importance
(hyperparameter -> fANOVA share of variance, from every trial of the MLP study),
pruning (epochs and best accuracy with and without the pruner), two_of_five
(the Bergstra-Bengio study: best per repeat, curves, distinct values).

The trials live in one Optuna storage (SQLite in the study folder by
default, or `--set storage=postgresql://...`): an interrupted run resumes
and a finished one runs no trial again. `--workers N` runs each search's
trials on N processes (or `--backend ray` on a Ray cluster), all writing to
that storage.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import gradschool as gs
from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.sweep import STUDY_DIR, SweepOptions
from gradschool.tuning import PRUNERS
from gradschool.viz import save_figure

from .analysis import (
    mlp_importance,
    pruning_metrics,
    search_metrics,
    test_accuracy,
    two_of_five_metrics,
)
from .bergstra import IMPORTANCE_SAMPLES, cells, importance_cell, two_of_five_cell
from .figures import (
    best_so_far_figure,
    importance_figure,
    pruning_figure,
    slice_figure,
    two_of_five_figure,
)
from .objective import make_context
from .space import METHOD_LABELS
from .studies import parallel_options, repeat_seed, run_mlp_search, trial_seconds

METHODS = ("grid", "random", "bayes")
MNIST1D_TRAIN = 4000


@dataclass
class Config(LabConfig):
    """train_samples: MNIST-1D training samples used (of 4000), split into train and
    validation; val_fraction: the share held out for validation; epochs: epochs per trial;
    budget: trials per search, the same for every method; repeats: searches per method
    (seeds); pruner: "median" or "hyperband" for the pruned random search;
    two_of_five_budget, two_of_five_repeats: the Bergstra-Bengio study; storage: an
    SQLAlchemy URL for the trials ("" = SQLite in the study folder)."""

    train_samples: int = 800
    val_fraction: float = 0.2
    epochs: int = 6
    budget: int = 16
    repeats: int = 2
    pruner: str = "median"
    two_of_five_budget: int = 32
    two_of_five_repeats: int = 20
    storage: str = ""


def _check(config: Config) -> None:
    ints = {"train_samples": 50, "epochs": 1, "budget": 2, "repeats": 1,
            "two_of_five_budget": 2, "two_of_five_repeats": 1}
    for name, low in ints.items():
        value = getattr(config, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"hyperparameters: {name} must be an int >= {low}, got {value!r}")
    if config.train_samples > MNIST1D_TRAIN:
        raise ValueError(f"hyperparameters: train_samples {config.train_samples} > the "
                         f"{MNIST1D_TRAIN} MNIST-1D training samples")
    if not 0 < config.val_fraction < 1:
        raise ValueError(f"hyperparameters: val_fraction must be in (0, 1), "
                         f"got {config.val_fraction!r}")
    if config.pruner not in PRUNERS:
        raise ValueError(f"hyperparameters: unknown pruner {config.pruner!r}; choose one of "
                         f"{', '.join(PRUNERS)}")


def default_storage(store: Path) -> str:
    """sqlite:///<store>/study.db (the folder is created)."""
    store.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(store / 'study.db').resolve()}"


def run(config: Config, out_dir: Path, progress: Progress,
        sweep: SweepOptions | None = None) -> Result:
    """Grid, random and TPE searches of the MLP, the 2-of-5 study, and pruning."""
    _check(config)
    sweep = sweep or SweepOptions(out_dir / STUDY_DIR)
    parallel = parallel_options(sweep)
    storage = config.storage or default_storage(sweep.store)
    contexts = [make_context(config.train_samples, config.val_fraction, config.epochs,
                             config.seed, repeat_seed(config.seed, r))
                for r in range(config.repeats)]

    jobs = [(m, r, None) for m in METHODS for r in range(config.repeats)]
    jobs += [("random", r, config.pruner) for r in range(config.repeats)]
    done = {}
    for method, r, pruner in progress.track(jobs, "searches"):
        done[method, r, pruner] = run_mlp_search(method, contexts[r], budget=config.budget,
                                                 storage=storage, pruner=pruner,
                                                 parallel=parallel)
    results = {m: [done[m, r, None] for r in range(config.repeats)] for m in METHODS}
    pruned = [done["random", r, config.pruner] for r in range(config.repeats)]

    test = gs.data.load_mnist1d()
    tests = {m: [test_accuracy(res, contexts[r], test["x_test"], test["y_test"])
                 for r, res in enumerate(runs)] for m, runs in results.items()}
    metrics = search_metrics(results, tests)
    metrics["importance"] = mlp_importance([r for runs in results.values() for r in runs],
                                           config.seed)
    metrics["pruning"] = pruning_metrics(pruned, results["random"], config.pruner)
    metrics["trial_seconds"] = trial_seconds(results["random"])

    synthetic, landscape = run_two_of_five(config, sweep, parallel, progress)
    metrics["two_of_five"] = two_of_five_metrics(synthetic, config.two_of_five_budget,
                                                 landscape)

    _figures(out_dir, metrics, results, pruned, synthetic, config)
    return Result(metrics=metrics, headline=_headline(metrics),
                  figures=["best_so_far.svg", "two_of_five.svg", "trials.svg",
                           "importance.svg", "pruning.svg"])


def run_two_of_five(config: Config, sweep: SweepOptions, parallel: dict[str, Any],
                    progress: Progress) -> tuple[dict[str, list[dict[str, Any]]],
                                                 dict[str, float]]:
    """The 2-of-5 searches (method -> per repeat) and the importance on its landscape,
    as sweep cells kept in the study folder (a second run reads them back).

    They run where the MLP trials run: in this process unless --workers asks for more.
    """
    if parallel["backend"] == "serial":
        sweep = SweepOptions(sweep.store, backend="serial")
    todo = cells(METHODS, config.two_of_five_repeats, config.two_of_five_budget, config.seed)
    records = sweep.run(two_of_five_cell, todo, progress)
    [landscape] = sweep.run(importance_cell,
                            [{"samples": IMPORTANCE_SAMPLES, "seed": config.seed}], progress)
    return {m: [rec for cell, rec in zip(todo, records) if cell["method"] == m]
            for m in METHODS}, landscape


def _figures(out_dir: Path, metrics: dict[str, Any], results: dict[str, list[Any]],
             pruned: list[Any], synthetic: dict[str, list[dict[str, Any]]],
             config: Config) -> None:
    mlp_curves = {m: np.array([r.best_so_far() for r in runs]) for m, runs in results.items()}
    syn_curves = {m: np.array([rec["curve"] for rec in recs]) for m, recs in synthetic.items()}
    save_figure(best_so_far_figure(mlp_curves, syn_curves), out_dir / "best_so_far.svg")
    save_figure(two_of_five_figure({m: recs[0] for m, recs in synthetic.items()}),
                out_dir / "two_of_five.svg")
    save_figure(slice_figure(results), out_dir / "trials.svg")
    save_figure(importance_figure(metrics["importance"], metrics["two_of_five"]["importance"]),
                out_dir / "importance.svg")
    save_figure(pruning_figure(pruned[0], config.epochs, metrics["pruning"]["saved_fraction"]),
                out_dir / "pruning.svg")


def _headline(metrics: dict[str, Any]) -> dict[str, str]:
    """Mean best validation / test accuracy per method, 2-of-5 means, pruning savings."""
    head = {}
    for m in METHODS:
        head[f"{METHOD_LABELS[m]}: val / test"] = (
            f"{np.mean(metrics['best_val'][m]):.1%} / {metrics['best_test'][m]:.1%}")
    two = metrics["two_of_five"]["mean_best"]
    head["2 of 5 matter: grid / random / TPE"] = " / ".join(f"{two[m]:.2f}" for m in METHODS)
    p = metrics["pruning"]
    head[f"{p['pruner']} pruning: epochs saved"] = (
        f"{p['saved_fraction']:.0%} (best {p['best_with']:.1%} vs {p['best_without']:.1%})")
    return head


LAB = register(Lab(
    id="hyperparameters", title="Hyperparameter search: grid, random and Bayesian (TPE)",
    part="generalization", Config=Config,
    presets={"quick": Config(),
             "full": Config(train_samples=4000, epochs=30, budget=48, repeats=5,
                            two_of_five_budget=48, two_of_five_repeats=50)},
    run=run,
    summary="Grid, random and TPE search tune an MLP on MNIST-1D with the same budget; when "
            "only 2 of 5 hyperparameters matter random search beats grid search, and pruning "
            "saves epochs without losing the best trial.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=30.0, sweep=True,
    check=_check,
))
