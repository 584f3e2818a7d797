"""The five studies as lists of sweep cells, and their results gathered into the metrics.

Every configuration of every study is trained with seeds seed, seed + 1, …;
a metric is the mean over those seeds (the steps to 80%: the step by which
every seed got there), and `per_seed` keeps each seed's value for the spread.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def key(value: float) -> str:
    """A configuration's name in the metrics: 32 → "32", 0.5 → "0.5", 0.0 → "0"."""
    return f"{value:g}"


def make_cells(config: Any) -> list[dict[str, Any]]:
    """Every cell of every study of `config` (an ArchitecturesConfig), seeds innermost."""
    seeds = [config.seed + k for k in range(config.seeds)]

    def budget(steps: int, lr: float | None = None) -> dict[str, Any]:
        """The training settings of a cell (part of its key: presets never share a cell)."""
        return {"steps": steps, "lr": config.lr if lr is None else lr,
                "batch_size": config.batch_size, "eval_every": config.eval_every}

    cells: list[dict[str, Any]] = []
    for kind in ("plain", "residual"):
        for layers in config.depths:
            cells += [{"study": "depth", "kind": kind, "layers": layers,
                       "width": config.depth_width, **budget(config.depth_steps), "seed": s}
                      for s in seeds]
    for batchnorm in (False, True):
        cells += [{"study": "batchnorm", "batchnorm": batchnorm, "layers": max(config.depths),
                   "width": config.depth_width, **budget(config.batchnorm_steps), "seed": s}
                  for s in seeds]
    for units in config.widths:
        cells += [{"study": "width", "units": units, **budget(config.width_steps), "seed": s}
                  for s in seeds]
    for p in config.dropout_ps:
        cells += [{"study": "dropout", "p": float(p), "width": config.dropout_width,
                   "layers": config.dropout_layers, **budget(config.dropout_steps),
                   "seed": s} for s in seeds]
    for variant in config.cnn_variants:
        cells += [{"study": "cnn", "variant": variant,
                   **budget(config.cnn_steps, config.cnn_lr), "seed": s} for s in seeds]
    return cells


def _group(cells: Sequence[dict[str, Any]], results: Sequence[dict[str, Any]], study: str,
           *names: str) -> dict[Any, list[dict[str, Any]]]:
    """{cell[name]: [result per seed]} for the cells of `study`, in cell order; with
    several names the key is the tuple of their values."""
    groups: dict[Any, list[dict[str, Any]]] = {}
    for cell, result in zip(cells, results):
        if cell["study"] == study:
            value = tuple(cell[n] for n in names) if len(names) > 1 else cell[names[0]]
            groups.setdefault(value, []).append(result)
    return groups


def _mean(runs: list[dict[str, Any]], field: str) -> float:
    return float(np.mean([r[field] for r in runs]))


def _bn(batchnorm: bool) -> str:
    return "with" if batchnorm else "without"


def _all_reached(steps: list[int | None]) -> int | None:
    """The step by which every seed reached the threshold; None if one never did."""
    return None if any(s is None for s in steps) else int(max(steps))


def summarise(cells: Sequence[dict[str, Any]],
              results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The lab's metrics (means over seeds), `per_seed` values, and what the figures draw."""
    depth: dict[str, Any] = {"plain": {}, "residual": {}}
    depth_seeds: dict[str, Any] = {"plain": {}, "residual": {}}
    grad_norms: dict[str, Any] = {"plain": {}, "residual": {}}
    for (kind, layers), runs in _group(cells, results, "depth", "kind", "layers").items():
        first = [r["grad_norms"][0] for r in runs]
        depth[kind][key(layers)] = {"train": _mean(runs, "train"), "test": _mean(runs, "test"),
                                    "grad_norm_first_layer": float(np.mean(first))}
        depth_seeds[kind][key(layers)] = {"train": [r["train"] for r in runs],
                                          "test": [r["test"] for r in runs],
                                          "grad_norm_first_layer": first}
        grad_norms[kind][key(layers)] = np.mean([r["grad_norms"] for r in runs],
                                                axis=0).tolist()
    bn_runs = _group(cells, results, "batchnorm", "batchnorm")
    bn_steps = {_bn(bn): [r["steps_to_80"] for r in runs]
                for bn, runs in sorted(bn_runs.items(), reverse=True)}
    width_runs = _group(cells, results, "width", "units")
    dropout_runs = _group(cells, results, "dropout", "p")
    cnn_runs = _group(cells, results, "cnn", "variant")
    return {
        "depth": depth,
        "batchnorm_steps_to_80": {name: _all_reached(s) for name, s in bn_steps.items()},
        "width": {key(u): {"train": _mean(r, "train"), "test": _mean(r, "test")}
                  for u, r in width_runs.items()},
        "dropout": {key(p): {"train": _mean(r, "train"), "test": _mean(r, "test"),
                             "gap": _mean(r, "train") - _mean(r, "test")}
                    for p, r in dropout_runs.items()},
        "cnn": {v: _mean(r, "test") for v, r in cnn_runs.items()},
        "grad_norms": grad_norms,
        "batchnorm_train": {_bn(bn): _mean(runs, "train")
                            for bn, runs in sorted(bn_runs.items(), reverse=True)},
        "batchnorm_grad_norms": {_bn(bn): np.mean([r["grad_norms"] for r in runs],
                                                  axis=0).tolist()
                                 for bn, runs in sorted(bn_runs.items(), reverse=True)},
        "per_seed": {
            "depth": depth_seeds,
            "batchnorm_steps_to_80": bn_steps,
            "width": {key(u): {"train": [x["train"] for x in r], "test": [x["test"] for x in r]}
                      for u, r in width_runs.items()},
            "dropout": {key(p): {"train": [x["train"] for x in r],
                                 "test": [x["test"] for x in r],
                                 "gap": [x["train"] - x["test"] for x in r]}
                        for p, r in dropout_runs.items()},
            "cnn": {v: [x["test"] for x in r] for v, r in cnn_runs.items()},
        },
    }


def curves(cells: Sequence[dict[str, Any]], results: Sequence[dict[str, Any]],
           study: str, name: str) -> dict[Any, list[dict[str, Any]]]:
    """{cell[name]: [{"steps", "train_curve", "test_curve"} per seed]} for one study's figure."""
    return {value: [{k: r[k] for k in ("steps", "train_curve", "test_curve")} for r in runs]
            for value, runs in _group(cells, results, study, name).items()}
