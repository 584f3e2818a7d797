"""The search space of the lab: five hyperparameters of an MLP trained with Adam.

    lr            log-uniform on [1e-4, 1e-1]   Adam's step size
    batch_size    integer, log scale, 16 … 512  examples per gradient step
    width         integer, log scale, 16 … 512  units in each of the two hidden layers
    weight_decay  log-uniform on [1e-6, 1e-2]   L2 penalty λ: Adam sees g + λ W
    dropout       uniform on [0, 0.5]           probability of zeroing a hidden unit

A log scale gives each factor of 10 (or 2) the same share of the trials:
lr = 1e-4 and 1e-3 are as different as 1e-3 and 1e-2, which a uniform draw
on [1e-4, 1e-1] would ignore (90% of its draws would land above 1e-2).
"""
from __future__ import annotations

from gradschool.tuning import Int, LogUniform, Uniform

SPACE = {
    "lr": LogUniform(1e-4, 1e-1),
    "batch_size": Int(16, 512, log=True),
    "width": Int(16, 512, log=True),
    "weight_decay": LogUniform(1e-6, 1e-2),
    "dropout": Uniform(0.0, 0.5),
}
NAMES = tuple(SPACE)
LOG_SCALE = {"lr": True, "batch_size": True, "width": True, "weight_decay": True,
             "dropout": False}
LABELS = {"lr": "learning rate", "batch_size": "batch size", "width": "width",
          "weight_decay": "weight decay", "dropout": "dropout p"}
METHOD_LABELS = {"grid": "grid", "random": "random", "bayes": "TPE (Bayesian)"}
