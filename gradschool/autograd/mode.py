"""Grad mode: whether operations record the graph.

`no_grad()` turns recording off (evaluation, optimizer updates, the backward
walk itself when no higher-order graph is wanted); `enable_grad()` turns it
back on. Both work as context managers and as decorators, as in PyTorch.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any


class _State:
    enabled = True


state = _State()


def is_grad_enabled() -> bool:
    """True when new operations record a graph for backward."""
    return state.enabled


class set_grad_enabled:
    """Context manager (and decorator) that sets grad mode to `mode`."""

    def __init__(self, mode: bool) -> None:
        self.mode = bool(mode)

    def __enter__(self) -> None:
        self.previous = state.enabled
        state.enabled = self.mode

    def __exit__(self, *exc: Any) -> None:
        state.enabled = self.previous

    def __call__(self, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            with set_grad_enabled(self.mode):
                return fn(*args, **kwargs)

        return wrapped


class no_grad(set_grad_enabled):
    """Operations inside do not record a graph: `with gs.no_grad(): ...`."""

    def __init__(self) -> None:
        super().__init__(False)


class enable_grad(set_grad_enabled):
    """Operations inside record a graph, even within `no_grad()`."""

    def __init__(self) -> None:
        super().__init__(True)
