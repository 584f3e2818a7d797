"""The serial backend: every cell in this process, one after the other.

Useful for debugging (a breakpoint in the cell function works) and where
processes cannot be started. The global generators the cells reseed are put
back as they were afterwards, so code after a serial sweep draws the same
numbers as after a sweep on processes.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ...random import fork_rng
from ..worker import execute_cell
from .base import Event, Finished, Started, Task


class SerialBackend:
    """Run the cells here, in order."""

    name = "serial"

    def run(self, fn: Callable[[dict[str, Any]], Any], tasks: list[Task]) -> Iterator[Event]:
        with fork_rng():
            for task in tasks:
                yield Started(task.key)
                yield Finished(execute_cell(fn, task.cell, task.key))
