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


class _GradMode:
    """Context manager (and decorator) that sets grad mode to `self.mode`."""

    mode: bool

    def __enter__(self) -> None:
        self.previous = state.enabled
        state.enabled = self.mode

    def __exit__(self, *exc: Any) -> None:
        state.enabled = self.previous

    def __call__(self, fn: Callable) -> Callable:
        mode = self.mode

        @functools.wraps(fn)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            with set_grad_enabled(mode):
                return fn(*args, **kwargs)

        return wrapped


class set_grad_enabled(_GradMode):
    """Set grad mode to `mode`: at once when called, as `torch.set_grad_enabled`
    does, and back to the previous mode at the end of a `with` block or of a
    decorated function."""

    def __init__(self, mode: bool) -> None:
        self.mode = bool(mode)
        self.previous = state.enabled
        state.enabled = self.mode

    def __enter__(self) -> None:
        state.enabled = self.mode  # `previous` was taken when it was created

    def __call__(self, fn: Callable) -> Callable:
        state.enabled = self.previous  # used as a decorator: only the calls change it
        return super().__call__(fn)


class no_grad(_GradMode):
    """Operations inside do not record a graph: `with gs.no_grad(): ...`."""

    def __init__(self) -> None:
        self.mode = False


class enable_grad(_GradMode):
    """Operations inside record a graph, even within `no_grad()`."""

    def __init__(self) -> None:
        self.mode = True
