"""The weight variances compared (He, Xavier, fixed normal ones), each as width -> initialiser."""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import gradschool as gs
from gradschool.nn import init

WeightInit = Callable[[gs.Tensor], Any]


def normal_variance(scale: float) -> Callable[[int], WeightInit]:
    """σ² = scale / D: a factory taking the width D, giving W ↦ normal_(W, 0, √(scale/D))."""
    return lambda width: lambda W: init.normal_(W, 0.0, math.sqrt(scale / width))


def he(width: int) -> WeightInit:
    """σ² = 2/D, with gs.nn.init.kaiming_normal_ (fan_in mode, ReLU gain √2)."""
    return lambda W: init.kaiming_normal_(W, nonlinearity="relu")


def xavier(gain: float) -> Callable[[int], WeightInit]:
    """σ² = gain² · 2 / (D_in + D_out), with gs.nn.init.xavier_normal_."""
    return lambda width: lambda W: init.xavier_normal_(W, gain=gain)


def unit_variance(width: int) -> WeightInit:
    """σ² = 1, whatever the width."""
    return lambda W: init.normal_(W, 0.0, 1.0)
