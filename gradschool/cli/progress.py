"""Progress on the terminal for `gradschool run`: a line per lab, bars for its loops and cells."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as _RichProgressBar

from ..labs import Lab
from ..report.builder import format_seconds


class RichProgress:
    """The runner's Progress on the terminal: one line per lab, one bar per `track`.

    When stderr is not a terminal (a CI log, a pipe), it prints one plain line
    as each lab starts and ends instead of redrawing bars.
    """

    def __init__(self, console: Console) -> None:
        self.console = console
        self.live = console.is_terminal
        self._bars = _RichProgressBar(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
            MofNCompleteColumn(), TimeElapsedColumn(), console=console, disable=not self.live)
        self._lab_task: Any = None

    def __enter__(self) -> RichProgress:
        self._bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bars.stop()

    def lab_started(self, lab: Lab, index: int, total: int) -> None:
        """A line for the lab about to run."""
        label = f"[{index + 1}/{total}] {lab.id}"
        if self.live:
            self._lab_task = self._bars.add_task(label, total=1)
        else:
            self.console.print(f"{label} ...", markup=False, highlight=False)

    def lab_finished(self, record: dict[str, Any]) -> None:
        """Mark the lab's line done, with its status and wall time."""
        wall = format_seconds(record.get("wall_seconds"))
        if self.live:
            mark = "✓" if record["status"] == "ok" else "✗"
            self._bars.update(self._lab_task, completed=1,
                              description=f"{mark} {record['lab']} ({wall})")
        else:
            self.console.print(f"    {record['lab']}: {record['status']} ({wall})",
                               markup=False, highlight=False)

    @contextmanager
    def sweep_bar(self, total: int, done: int) -> Iterator[Any]:
        """One bar over a sweep's cells (gradschool.sweep's progress protocol): done / total
        and the slowest running cell; off a terminal, a line each time a cell finishes."""
        if not self.live:
            yield _PlainCells(self.console, total, done)
            return
        task = self._bars.add_task("  cells", total=total, completed=done)
        bars = self._bars

        class Bar:
            def update(self, done: int, running: str) -> None:
                bars.update(task, completed=done, description=f"  cells {running}".rstrip())
        try:
            yield Bar()
        finally:
            self._bars.remove_task(task)

    def track(self, items: Any, description: str, total: int | None = None) -> Iterator[Any]:
        """Yield from `items`, advancing a bar labelled `description`."""
        if not self.live:
            yield from items
            return
        if total is None and hasattr(items, "__len__"):
            total = len(items)
        task = self._bars.add_task(f"  {description}", total=total)
        try:
            for item in items:
                yield item
                self._bars.advance(task)
        finally:
            self._bars.remove_task(task)


class _PlainCells:
    """A sweep's progress in a log: one line whenever the count of finished cells grows."""

    def __init__(self, console: Console, total: int, done: int) -> None:
        self.console, self.total, self.done = console, total, done
        self.console.print(f"    cells: {done}/{total} done", markup=False, highlight=False)

    def update(self, done: int, running: str) -> None:
        if done != self.done:
            self.done = done
            self.console.print(f"    cells: {done}/{self.total} done"
                               + (f" ({running})" if running else ""),
                               markup=False, highlight=False)
