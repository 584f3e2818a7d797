"""The textbook's MNIST-1D MLP study (Understanding Deep Learning, notebook 8.1): overfitting.

A plain MLP 40 → 100 → 100 → 10 with ReLU, He-initialised weights
(kaiming_uniform_: W ~ U(±√(6 / fan_in))) and zero biases, trained with SGD
(lr 0.05, momentum 0.9), the learning rate halved every 10 epochs (StepLR),
batches of 100, for 50 epochs, and scored on the whole training and test
sets after every epoch. Its 15 k parameters memorise the 4000 training
samples: the training error falls to 0 while the test error stalls near 40 %,
and the test loss, after a minimum, rises again — the network grows ever more
confident on the test samples it gets wrong.
"""
from __future__ import annotations

from typing import Any

import numpy as np

import gradschool as gs
from gradschool.training import History, train_classifier


def he_mlp(in_features: int = 40, hidden: int = 100, num_classes: int = 10) -> gs.nn.Sequential:
    """Linear(40, 100) – ReLU – Linear(100, 100) – ReLU – Linear(100, 10).

    Every W ~ kaiming_uniform_ (He: Var W = 2 / fan_in), every b = 0, as in the textbook.
    """
    model = gs.nn.Sequential(
        gs.nn.Linear(in_features, hidden), gs.nn.ReLU(),
        gs.nn.Linear(hidden, hidden), gs.nn.ReLU(),
        gs.nn.Linear(hidden, num_classes))
    for layer in model:
        if isinstance(layer, gs.nn.Linear):
            gs.nn.init.kaiming_uniform_(layer.weight, nonlinearity="relu")
            gs.nn.init.zeros_(layer.bias)
    return model


def train_overfit(data: dict[str, Any], epochs: int, lr: float = 0.05, momentum: float = 0.9,
                  step_size: int = 10, gamma: float = 0.5, batch_size: int = 100,
                  seed: int = 0) -> History:
    """Train he_mlp() with SGD + momentum and StepLR for `epochs` epochs; one evaluation per epoch.

    Returns the History: History.steps[e] is the step at the end of epoch e + 1.
    """
    gs.manual_seed(seed)
    model = he_mlp(data["x"].shape[1])
    optimizer = gs.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
    scheduler = gs.optim.lr_scheduler.StepLR(optimizer, step_size=step_size, gamma=gamma)
    steps_per_epoch = len(data["x"]) // batch_size
    return train_classifier(model, data, steps=epochs * steps_per_epoch, batch_size=batch_size,
                            eval_every=steps_per_epoch, seed=seed, optimizer=optimizer,
                            scheduler=scheduler)


def overfit_metrics(history: History) -> dict[str, float]:
    """Final train and test error (1 − accuracy), the final and minimum test loss, and the
    step at which the test loss was lowest."""
    best = int(np.argmin(history.test_loss))
    return {"final_train_error": 1.0 - history.train_accuracy[-1],
            "final_test_error": 1.0 - history.test_accuracy[-1],
            "min_test_loss_step": history.steps[best],
            "final_test_loss": history.test_loss[-1],
            "min_test_loss": history.test_loss[best]}
