"""From the searches to the lab's metrics: best values, curves, test scores, pruning savings."""
from __future__ import annotations

from typing import Any

import numpy as np

from gradschool.tuning import SearchResult, importance

from .mlp import accuracy, train, trial_seed
from .objective import context_data
from .studies import best_so_far_stats, pooled_study


def test_accuracy(result: SearchResult, context: dict[str, Any], x_test: np.ndarray,
                  y_test: np.ndarray) -> float:
    """Retrain the best configuration of `result` and score it once on the test set.

    The retrained network is the one the trial trained (same params, same
    seed, same data), so its validation accuracy is the trial's value.
    """
    params = result.best_params
    model, _ = train(params, context_data(context), context["epochs"],
                     trial_seed(context["seed"], params))
    return accuracy(model, x_test.astype(np.float32), y_test.astype(np.int64))


def search_metrics(results: dict[str, list[SearchResult]],
                   tests: dict[str, list[float]]) -> dict[str, Any]:
    """best_val, best_test, curves (and their spread), distinct_values of repeat 0."""
    stats = {m: best_so_far_stats(rs) for m, rs in results.items()}
    return {
        "best_val": {m: [r.best_value for r in rs] for m, rs in results.items()},
        "best_test": {m: float(np.mean(t)) for m, t in tests.items()},
        "best_test_per_repeat": tests,
        "best_params": {m: [r.best_params for r in rs] for m, rs in results.items()},
        "curves": {m: s["mean"] for m, s in stats.items()},
        "curves_min": {m: s["min"] for m, s in stats.items()},
        "curves_max": {m: s["max"] for m, s in stats.items()},
        "distinct_values": {m: rs[0].distinct_values() for m, rs in results.items()},
        "trials": {m: len(rs[0].trials) for m, rs in results.items()},
    }


def mlp_importance(results: list[SearchResult], seed: int) -> dict[str, float]:
    """fANOVA importance of each hyperparameter from the COMPLETE trials of `results`."""
    return importance(pooled_study(results), seed=seed)


def pruning_metrics(pruned: list[SearchResult], plain: list[SearchResult],
                    pruner: str) -> dict[str, Any]:
    """Epochs trained and best validation accuracy, with and without the pruner.

    Both lists hold random searches of the same seeds, so repeat r of each
    tried the same configurations in the same order.
    """
    with_, without = sum(r.steps for r in pruned), sum(r.steps for r in plain)
    return {
        "pruner": pruner, "method": "random",
        "epochs_with": with_, "epochs_without": without,
        "saved_fraction": 1.0 - with_ / without,
        "best_with": float(np.mean([r.best_value for r in pruned])),
        "best_without": float(np.mean([r.best_value for r in plain])),
        "best_with_per_repeat": [r.best_value for r in pruned],
        "best_without_per_repeat": [r.best_value for r in plain],
        "pruned_trials": sum(t.state == "PRUNED" for r in pruned for t in r.trials),
        "trials": sum(len(r.trials) for r in pruned),
    }


def two_of_five_metrics(records: dict[str, list[dict[str, Any]]], budget: int,
                        importance_of_random: dict[str, float]) -> dict[str, Any]:
    """The Bergstra-Bengio study's numbers, from its sweep cells (method -> per repeat)."""
    curves = {m: np.array([rec["curve"] for rec in recs], dtype=float)
              for m, recs in records.items()}
    return {
        "budget": budget, "repeats": len(next(iter(records.values()))),
        "best": {m: [rec["best"] for rec in recs] for m, recs in records.items()},
        "mean_best": {m: float(np.mean([rec["best"] for rec in recs]))
                      for m, recs in records.items()},
        "curves": {m: c.mean(axis=0).tolist() for m, c in curves.items()},
        "distinct_values": {m: recs[0]["distinct_values"] for m, recs in records.items()},
        "distinct_pairs": {m: recs[0]["distinct_pairs"] for m, recs in records.items()},
        "importance": importance_of_random,
    }
