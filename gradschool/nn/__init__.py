"""gs.nn: layers, losses and initialisers with PyTorch's names, signatures and layouts.

    import gradschool as gs
    model = gs.nn.Sequential(gs.nn.Linear(2, 16), gs.nn.ReLU(), gs.nn.Linear(16, 1))
    loss = gs.nn.functional.mse_loss(model(x), y)

Submodules: `functional` (F), `init`, `utils`. Weights move to and from
PyTorch through `state_dict()` / `load_state_dict()` (same keys and shapes).
"""
from . import functional, init, utils
from .activation import GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh
from .batchnorm import BatchNorm1d, BatchNorm2d
from .container import ModuleList, Sequential
from .conv import Conv1d, Conv2d
from .dropout import Dropout
from .flatten import Flatten
from .linear import Identity, Linear
from .loss import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, L1Loss, MSELoss, NLLLoss
from .module import Module
from .normalization import LayerNorm
from .parameter import Parameter
from .pooling import (
    AdaptiveAvgPool1d,
    AdaptiveAvgPool2d,
    AvgPool1d,
    AvgPool2d,
    MaxPool1d,
    MaxPool2d,
)
from .residual import Residual
from .rnn import GRU, LSTM, RNN, RNNBase

__all__ = [
    "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AvgPool1d", "AvgPool2d", "BatchNorm2d",
    "Conv1d", "Conv2d", "MaxPool1d", "MaxPool2d", "Residual",
    "GRU", "LSTM", "RNN", "RNNBase",
    "BCELoss", "BCEWithLogitsLoss", "BatchNorm1d", "CrossEntropyLoss", "Dropout", "Flatten",
    "GELU", "Identity", "L1Loss", "LayerNorm", "LeakyReLU", "Linear", "LogSoftmax", "MSELoss",
    "Module", "ModuleList", "NLLLoss", "Parameter", "ReLU", "Sequential", "Sigmoid", "Softmax",
    "Tanh", "functional", "init", "utils",
]
