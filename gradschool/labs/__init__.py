"""The labs: one module per lab, each registering itself in REGISTRY.

The order of the curriculum is the order of `LAB_MODULES`.
"""
from __future__ import annotations

import importlib

from .contract import REGISTRY, Lab, LabConfig, Progress, Result, SilentProgress, register

LAB_MODULES: list[str] = []


def load_all() -> dict[str, Lab]:
    """Import every lab module (registering its lab) and return the registry."""
    for name in LAB_MODULES:
        importlib.import_module(f"{__name__}.{name}")
    return REGISTRY


__all__ = ["LAB_MODULES", "REGISTRY", "Lab", "LabConfig", "Progress", "Result",
           "SilentProgress", "load_all", "register"]
