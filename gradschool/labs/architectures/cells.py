"""One cell of the study: build one network, measure its initial gradients, train it.

A cell is a dict of JSON settings, run by `gradschool.sweep` on any backend:

    {"study": "depth", "kind": "residual", "layers": 16, "width": 64,
     "steps": 1500, "lr": 0.001, "batch_size": 100, "eval_every": 250, "seed": 0}

`train_cell` seeds everything it draws from with the cell's own `seed`
(gs.manual_seed: the initial weights and dropout masks; the loader: the
minibatches); `gradschool.sweep` runs every cell with one BLAS thread, on
every backend, so a cell gives the same result wherever it runs. The training
budget is part of the cell, so the quick and the full preset never share a
stored cell.
"""
from __future__ import annotations

from typing import Any

import gradschool as gs
from gradschool import nn
from gradschool.models import CNN
from gradschool.training import History, train_classifier

from .gradients import layer_gradient_norms
from .models import ConvNet, mlp

STUDIES = ("depth", "batchnorm", "width", "dropout", "cnn")
CNN_VARIANTS: dict[str, dict[str, Any]] = {
    "strided": {},  # the mnist1d lab's CNN itself (gs.models.CNN): no pooling
    "max_pool": {"kernel_sizes": (5, 3, 3), "pool": True},
    "kernel_3": {"kernel_sizes": (3, 3, 3)},
    "kernel_5": {"kernel_sizes": (5, 5, 5)},
    "kernel_9": {"kernel_sizes": (9, 9, 9)},
}
THRESHOLD = 0.8  # the training accuracy whose first step the batch-norm study reports


def build_model(cell: dict[str, Any]) -> nn.Module:
    """The network a cell describes (weights drawn from gradschool's generator)."""
    study = cell["study"]
    if study == "depth":
        if cell["kind"] not in ("plain", "residual"):
            raise ValueError(f"depth cell: kind must be 'plain' or 'residual', "
                             f"got {cell['kind']!r}")
        return mlp(cell["width"], cell["layers"], residual=cell["kind"] == "residual")
    if study == "batchnorm":
        return mlp(cell["width"], cell["layers"], batchnorm=cell["batchnorm"])
    if study == "width":
        return mlp(cell["units"], 1)
    if study == "dropout":
        return mlp(cell["width"], cell["layers"], dropout=cell["p"])
    if study == "cnn":
        if cell["variant"] not in CNN_VARIANTS:
            raise ValueError(f"cnn cell: variant must be one of {list(CNN_VARIANTS)}, "
                             f"got {cell['variant']!r}")
        options = CNN_VARIANTS[cell["variant"]]
        return ConvNet(**options) if options else CNN()
    raise ValueError(f"cell: study must be one of {list(STUDIES)}, got {study!r}")


def steps_to(history: History, threshold: float = THRESHOLD) -> int | None:
    """The first evaluated step at which the training accuracy is ≥ threshold (None if never)."""
    return next((step for step, accuracy in zip(history.steps, history.train_accuracy)
                 if accuracy >= threshold), None)


def train_cell(cell: dict[str, Any]) -> dict[str, Any]:
    """Build the cell's network, measure ‖∂L/∂W_l‖ at initialisation, and train it.

    Training: Adam (lr), minibatches of batch_size, `steps` steps, scored on the
    training and test sets every `eval_every` steps (gradschool.training).
    Returns the final train and test accuracy, the initial gradient norm of
    every Linear layer's weights on the first `batch_size` training samples
    (empty for the CNNs), the first step with ≥ 80% training accuracy (or
    None), and the evaluation history.
    """
    data = gs.data.load_mnist1d()
    gs.manual_seed(cell["seed"])
    model = build_model(cell)
    n = cell["batch_size"]
    grad_norms = ([] if cell["study"] == "cnn"
                  else layer_gradient_norms(model, data["x"][:n], data["y"][:n]))
    history = train_classifier(model, data, steps=cell["steps"], lr=cell["lr"],
                               batch_size=n, eval_every=cell["eval_every"],
                               seed=cell["seed"])
    return {
        "train": history.train_accuracy[-1],
        "test": history.test_accuracy[-1],
        "grad_norms": grad_norms,
        "steps_to_80": steps_to(history),
        "steps": history.steps,
        "train_curve": history.train_accuracy,
        "test_curve": history.test_accuracy,
        "train_loss": history.train_loss,
        "test_loss": history.test_loss,
    }
