"""The objective the searches maximise: train the MLP of `params`, return its validation accuracy.

`train_mlp(params, report)` is a top-level function so that parallel workers
(other processes, other machines of a Ray cluster) can import it by name.
They get nothing from the lab but the storage URL and the study's name, so
the fixed settings of a study (the data, the epochs, the seed) travel *in the
study*: the lab writes them as a user attribute of the study before the
search starts (`prepare_study`), and every trial reads them back from the
storage (`report.trial.study.user_attrs`). A study whose settings differ has
another name (`study_name` hashes them), so two searches never mix.
"""
from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

import numpy as np
import optuna

import gradschool as gs
from gradschool.tuning import Reporter
from gradschool.tuning.search import quiet
from gradschool.tuning.storage import open_storage

from .mlp import split, train, trial_seed

CONTEXT_ATTR = "hyperparameters:context"


def make_context(train_samples: int, val_fraction: float, epochs: int, data_seed: int,
                 seed: int) -> dict[str, Any]:
    """The fixed settings of a study, as JSON: the split, the epochs, the training seed."""
    return {"train_samples": int(train_samples), "val_fraction": float(val_fraction),
            "epochs": int(epochs), "data_seed": int(data_seed), "seed": int(seed)}


def study_name(kind: str, context: dict[str, Any], **extra: Any) -> str:
    """`kind-<16 hex>`: a name that changes whenever the settings do."""
    text = json.dumps({"context": context, **extra}, sort_keys=True)
    return f"{kind}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def prepare_study(storage: str, name: str, context: dict[str, Any]) -> None:
    """Create study `name` in `storage` (if new) carrying `context` for the workers."""
    with quiet():
        study = optuna.create_study(storage=open_storage(storage), study_name=name,
                                    direction="maximize", load_if_exists=True)
    stored = study.user_attrs.get(CONTEXT_ATTR)
    if stored is None:
        study.set_user_attr(CONTEXT_ATTR, context)
    elif stored != context:
        raise ValueError(f"study {name!r} in {storage!r} holds settings {stored}, not {context}")


@functools.lru_cache(maxsize=4)
def load_split(train_samples: int, val_fraction: float, data_seed: int) -> dict[str, np.ndarray]:
    """MNIST-1D's training set cut into train and validation (cached per process)."""
    data = gs.data.load_mnist1d()
    return split(data["x"], data["y"], train_samples, val_fraction, data_seed)


def context_data(context: dict[str, Any]) -> dict[str, np.ndarray]:
    return load_split(context["train_samples"], context["val_fraction"], context["data_seed"])


def train_mlp(params: dict[str, Any], report: Reporter) -> float:
    """Validation accuracy of the MLP of `params` after the study's epochs.

    Reports the validation accuracy after every epoch, so a pruner can stop
    the trial early (then `report` raises gradschool.tuning.Pruned).
    """
    context = report.trial.study.user_attrs[CONTEXT_ATTR]
    _, accuracies = train(params, context_data(context), context["epochs"],
                          trial_seed(context["seed"], params), report)
    return accuracies[-1]
