"""The interface between the sweep loop and a backend.

A backend's `run(tasks)` is a generator of events: `Started(key)` when a cell
begins (so the progress bar can name the slowest running cell) and
`Finished(outcome)` when it ends, one per task. Closing the generator early
(Ctrl-C, an error in the loop) stops every worker before it returns.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from ..worker import Outcome


@dataclass(frozen=True)
class Task:
    """One cell to run: its position in the sweep, its key and its settings."""

    index: int
    key: str
    cell: dict[str, Any]


@dataclass(frozen=True)
class Started:
    """The cell `key` has started running."""

    key: str


@dataclass(frozen=True)
class Finished:
    """A cell has ended (its result, or its error)."""

    outcome: Outcome


Event = Started | Finished


class Backend(Protocol):
    """Runs cells; `run` yields a Started and a Finished event for every task."""

    name: str

    def run(self, fn: Callable[[dict[str, Any]], Any], tasks: list[Task]) -> Iterator[Event]:
        ...
