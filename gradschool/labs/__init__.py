"""The labs: one module per lab, each registering itself in REGISTRY.

The order of the curriculum is the order of `LAB_MODULES`: every lab of the
design's curriculum, by module name (the lab id with `-` as `_`). Labs are
written part by part; a module not written yet is not there to import.
"""
from __future__ import annotations

import importlib
import importlib.util

from .contract import REGISTRY, Lab, LabConfig, Progress, Result, SilentProgress, register

LAB_MODULES: list[str] = [
    "tensors", "encoding", "dot_product", "softmax", "statistics", "low_rank",
    "xor", "chain_rule", "backprop", "initialization", "two_moons",
    "line_search", "gradient_descent", "sgd", "momentum", "adam", "rosenbrock",
    "mnist1d", "bias_variance", "double_descent", "high_dim", "architectures",
    "hyperparameters",
]


def load_all() -> dict[str, Lab]:
    """Import every lab module that exists (registering its lab); return the registry."""
    for name in LAB_MODULES:
        module = f"{__name__}.{name}"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)  # a broken module raises, never hides
    return REGISTRY


__all__ = ["LAB_MODULES", "REGISTRY", "Lab", "LabConfig", "Progress", "Result",
           "SilentProgress", "load_all", "register"]
