"""The 2-of-5 study as sweep cells: one search of the synthetic score per (method, repeat).

Each cell is a whole search of `two_of_five_budget` trials on the score of
synthetic.py, in memory (a trial costs microseconds); the cell's result, the
trials and their best-so-far curve, is what gradschool.sweep keeps in the
study folder, so a second run of the lab reads it back instead of searching
again. The optimum of repeat r is drawn from default_rng([seed, r]): the same
for the three methods, so they are compared on the same landscape.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from gradschool.tuning import importance, search

from .space import SPACE
from .studies import repeat_seed
from .synthetic import draw_optimum

IMPORTANCE_SAMPLES = 200


def cells(methods: tuple[str, ...], repeats: int, budget: int, seed: int) -> list[dict[str, Any]]:
    """The sweep cells: every method × repeat."""
    return [{"method": m, "repeat": r, "budget": budget, "seed": seed}
            for m in methods for r in range(repeats)]


def two_of_five_cell(cell: dict[str, Any]) -> dict[str, Any]:
    """Search the synthetic score of repeat cell["repeat"] with cell["method"]."""
    f = draw_optimum(np.random.default_rng([cell["seed"], cell["repeat"]]))
    result = search(f, SPACE, method=cell["method"], budget=cell["budget"],
                    seed=repeat_seed(cell["seed"], cell["repeat"]))
    return {"optimum": {"lr": f.lr_star, "width": f.width_star},
            "best": result.best_value, "curve": result.best_so_far(),
            "distinct_values": result.distinct_values(),
            "distinct_pairs": len({(t.params["lr"], t.params["width"]) for t in result.trials}),
            "params": [t.params for t in result.trials],
            "values": [t.value for t in result.trials]}


def importance_cell(cell: dict[str, Any]) -> dict[str, Any]:
    """fANOVA importance on repeat 0's landscape, from cell["samples"] random trials.

    The random search of repeat 0, continued to `samples` trials (same seed,
    so its first trials are that search's): a single search's 32 trials of a
    narrow bump are too few for the forest to see which inputs matter.
    """
    f = draw_optimum(np.random.default_rng([cell["seed"], 0]))
    result = search(f, SPACE, method="random", budget=cell["samples"],
                    seed=repeat_seed(cell["seed"], 0))
    return importance(result, seed=cell["seed"])
