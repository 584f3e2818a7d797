"""One progress bar over a sweep's cells: done / total, and the slowest running cell.

The protocol, which the CLI's progress (and anything else) implements:

    progress.sweep_bar(total, done)   -> a context manager; entering it gives a bar
    bar.update(done, running)         done: cells finished (those found in the store
                                      count); running: one line such as
                                      "2 running; slowest: hidden=400, seed=0 (1m05s)"
                                      or "" when none runs

`run(..., progress=None)` shows nothing. `update` is called at least every
`TICK_SECONDS` while cells run (from a helper thread, never two calls at once)
and whenever a cell starts or ends. Two implementations live here:
`RichSweepProgress` (a rich bar, for scripts and notebooks) and
`PlainSweepProgress` (a line per finished cell, or just a record: logs, tests).
"""
from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol, TextIO

TICK_SECONDS = 0.5


class SweepBar(Protocol):
    def update(self, done: int, running: str) -> None:
        ...


class SweepProgress(Protocol):
    def sweep_bar(self, total: int, done: int) -> AbstractContextManager[SweepBar]:
        ...


def format_elapsed(seconds: float) -> str:
    """`42s`, `3m05s`, `1h02m`."""
    s = int(seconds)
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


def running_text(running: dict[str, tuple[str, float]], now: float) -> str:
    """"N running; slowest: LABEL (ELAPSED)" for {key: (label, start time)}; "" if none."""
    if not running:
        return ""
    label, start = min(running.values(), key=lambda item: item[1])
    return f"{len(running)} running; slowest: {label} ({format_elapsed(now - start)})"


class Ticker:
    """Keeps a bar up to date: on each start and end of a cell, and every `interval` s."""

    def __init__(self, bar: SweepBar, done: int, interval: float = TICK_SECONDS) -> None:
        self.bar, self.done, self.interval = bar, done, interval
        self.running: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, name="sweep-progress", daemon=True)

    def __enter__(self) -> Ticker:
        self._push()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.running.clear()
        self._push()

    def started(self, key: str, label: str) -> None:
        with self._lock:
            self.running[key] = (label, time.monotonic())
        self._push()

    def finished(self, key: str) -> None:
        with self._lock:
            self.running.pop(key, None)
            self.done += 1
        self._push()

    def _push(self) -> None:
        with self._lock:
            self.bar.update(self.done, running_text(self.running, time.monotonic()))

    def _tick(self) -> None:
        while not self._stop.wait(self.interval):
            self._push()


class PlainSweepProgress:
    """Prints `sweep: 3/10 cells done; ...` when a cell ends; keeps every update in `updates`.

    stream: where the lines go (None: print nothing, only record).
    """

    def __init__(self, stream: TextIO | None = sys.stderr) -> None:
        self.stream = stream
        self.updates: list[tuple[int, int, str]] = []

    @contextmanager
    def sweep_bar(self, total: int, done: int) -> Iterator[PlainSweepProgress._Bar]:
        yield self._Bar(self, total, done)

    class _Bar:
        def __init__(self, owner: PlainSweepProgress, total: int, done: int) -> None:
            self.owner, self.total, self.last = owner, total, done

        def update(self, done: int, running: str) -> None:
            self.owner.updates.append((done, self.total, running))
            if self.owner.stream is not None and done != self.last:
                tail = f"; {running}" if running else ""
                print(f"sweep: {done}/{self.total} cells done{tail}", file=self.owner.stream,
                      flush=True)
            self.last = done


class RichSweepProgress:
    """A rich bar for a sweep in a script or notebook.

        sweep.run(fn, cells, store, progress=RichSweepProgress())
    """

    def __init__(self, console: Any = None, description: str = "cells") -> None:
        self.console, self.description = console, description

    @contextmanager
    def sweep_bar(self, total: int, done: int) -> Iterator[RichSweepProgress._Bar]:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), TextColumn("{task.fields[running]}"))
        with Progress(*columns, console=self.console) as bars:
            task = bars.add_task(self.description, total=total, completed=done, running="")
            yield self._Bar(bars, task)

    class _Bar:
        def __init__(self, bars: Any, task: Any) -> None:
            self.bars, self.task = bars, task

        def update(self, done: int, running: str) -> None:
            self.bars.update(self.task, completed=done, running=running)
