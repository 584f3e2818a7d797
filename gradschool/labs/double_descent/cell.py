"""One cell of the double-descent study: train the MLP of one width from one seed.

A cell is a dict of JSON settings,

    {"hidden": h, "seed": s, "study": {"n_train", "n_test", "epochs", "batch_size",
                                       "lr", "momentum", "label_noise", "data_seed",
                                       "eval_every"}}

and `train_cell(cell)` returns its results as a dict of numbers and lists.
Everything random is drawn from generators made from the cell's own settings
(the data and label noise from `data_seed`, the weights from
`default_rng([seed, 0])`, the batches from `default_rng([seed, 1])`, so every
width of one seed sees the same batches), so a cell gives the same numbers on
every backend, worker and machine. The module imports only NumPy and
gradschool: worker processes start fast.
"""
from __future__ import annotations

from typing import Any

import numpy as np

import gradschool as gs

from .data import notebook_data
from .training import build_mlp, epoch_order, evaluate, param_count, train_epoch

STUDY_KEYS = ("n_train", "n_test", "epochs", "batch_size", "lr", "momentum", "label_noise",
              "data_seed", "eval_every")


def make_cell(hidden: int, seed: int, study: dict[str, Any]) -> dict[str, Any]:
    """The cell for width `hidden` and seed `seed` of the study `study` (its settings)."""
    missing = sorted(set(STUDY_KEYS) - set(study))
    if missing:
        raise ValueError(f"double-descent: study settings lack {missing}")
    return {"hidden": int(hidden), "seed": int(seed),
            "study": {k: study[k] for k in STUDY_KEYS}}


def train_cell(cell: dict[str, Any]) -> dict[str, Any]:
    """Train width `cell["hidden"]` from seed `cell["seed"]` for `epochs` epochs.

    Every `eval_every` epochs (and after the last) the whole training and test
    sets are scored. Returns hidden, seed, params (h² + 52h + 10), the final
    train/test error (%) and loss (mean cross-entropy), and the curves
    `epochs`, `train_error_curve`, `test_error_curve`, `test_loss_curve`.
    """
    h, seed, s = cell["hidden"], cell["seed"], cell["study"]
    data = notebook_data(s["label_noise"], s["data_seed"], s["n_train"], s["n_test"])
    model = build_mlp(h, np.random.default_rng([seed, 0]))
    optimizer = gs.optim.SGD(model.parameters(), lr=s["lr"], momentum=s["momentum"])
    shuffle = np.random.default_rng([seed, 1])

    curves: dict[str, list[float]] = {"epochs": [], "train_error_curve": [],
                                      "train_loss_curve": [], "test_error_curve": [],
                                      "test_loss_curve": []}
    for epoch in range(1, s["epochs"] + 1):
        order = epoch_order(len(data["y"]), shuffle)
        train_epoch(model, optimizer, data["x"], data["y"], order, s["batch_size"])
        if epoch % s["eval_every"] == 0 or epoch == s["epochs"]:
            train_error, train_loss = evaluate(model, data["x"], data["y"])
            test_error, test_loss = evaluate(model, data["x_test"], data["y_test"])
            for name, value in (("epochs", epoch), ("train_error_curve", train_error),
                                ("train_loss_curve", train_loss),
                                ("test_error_curve", test_error),
                                ("test_loss_curve", test_loss)):
                curves[name].append(value)
    return {
        "hidden": h, "seed": seed, "params": param_count(h),
        "train_error": curves["train_error_curve"][-1],
        "test_error": curves["test_error_curve"][-1],
        "train_loss": curves["train_loss_curve"][-1],
        "test_loss": curves["test_loss_curve"][-1],
        **curves,
    }
