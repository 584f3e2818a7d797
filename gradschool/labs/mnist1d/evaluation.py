"""Scoring a trained MNIST-1D model: parameter count, predictions and the confusion matrix."""
from __future__ import annotations

import numpy as np

import gradschool as gs


def count_parameters(model: gs.nn.Module) -> int:
    """The number of scalars in the model's parameters."""
    return int(sum(p.data.size for p in model.parameters()))


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, num_classes: int = 10) -> np.ndarray:
    """C[i, j] = how many samples of true class i were predicted as j; shape (K, K)."""
    C = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(C, (y_true, y_pred), 1)
    return C


def predict(model: gs.nn.Module, x: np.ndarray) -> np.ndarray:
    """argmax_k z_k of the model's logits z, for inputs x (N, 40) → labels (N,)."""
    model.eval()
    with gs.no_grad():
        return model(gs.tensor(x.astype(np.float32))).data.argmax(axis=1)
