"""The `gradschool` command: list the labs, run them, rebuild the report.

    gradschool list
    gradschool run <id>... | all [--preset quick|full] [--out DIR] [--seed N] [--set key=value]...
                   [--backend serial|processes|ray] [--workers N] [--address HOST:PORT]
    gradschool report [DIR]

A bad request (unknown lab, preset or --set key, a value of the wrong type, a
missing report directory) prints one line, `error: ...`, on stderr and exits
with status 2 before any work starts. A run in which some lab failed exits
with status 1 (the other labs' results are written); Ctrl-C exits with 130.
Extra lab modules can be named in $GRADSCHOOL_EXTRA_LABS (comma-separated).
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as _RichProgressBar
from rich.table import Table

from .labs import Lab
from .report.builder import format_seconds
from .runner import (
    UsageError,
    check_out_dir,
    load_labs,
    parse_assignments,
    plan_run,
    rebuild,
    run_plan,
)

app = typer.Typer(
    name="gradschool",
    help="Deep learning from first principles: run the labs and build their report.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _error(message: Any, code: int = 2) -> NoReturn:
    """Print `error: message` as one line on stderr and exit with `code`."""
    line = " ".join(str(message).split())
    print(f"error: {line}", file=sys.stderr, flush=True)
    raise typer.Exit(code)


def rough_time(seconds: float) -> str:
    """A rough duration for people: "~5 s", "~3 min", "~2 h"."""
    if seconds < 1:
        return "<1 s"
    if seconds < 90:
        return f"~{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"~{seconds / 60:.0f} min"
    return f"~{seconds / 3600:.1f} h"


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


@app.command("list")
def list_labs() -> None:
    """List the labs: id, part, title and rough time of the quick preset."""
    try:
        labs = load_labs()
    except UsageError as exc:
        _error(exc)
    if not labs:
        print("no labs are registered yet")
        return
    table = Table(title="gradschool labs")
    table.add_column("id", no_wrap=True, style="bold")
    table.add_column("part", no_wrap=True)
    table.add_column("title")
    table.add_column("quick", justify="right", no_wrap=True)
    for lab in labs.values():
        table.add_row(lab.id, lab.part, lab.title, rough_time(lab.quick_seconds))
    total = sum(lab.quick_seconds for lab in labs.values())
    table.caption = f"{len(labs)} labs; the whole quick suite: {rough_time(total)}"
    Console(soft_wrap=False).print(table)


@app.command()
def run(
    ids: Annotated[list[str], typer.Argument(
        metavar="LAB", show_default=False,
        help="Lab ids to run (see `gradschool list`), or 'all'.")],
    preset: Annotated[str, typer.Option(
        "--preset", "-p", metavar="quick|full",
        help="quick (minutes for the whole suite) or full (published scale).")] = "quick",
    out: Annotated[Path, typer.Option(
        "--out", "-o", metavar="DIR", help="Directory for results and the report.")] = Path("runs"),
    seed: Annotated[str | None, typer.Option(
        "--seed", metavar="N", help="Seed for every lab (default: each config's own seed).",
        show_default=False)] = None,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", "-s", metavar="KEY=VALUE", show_default=False,
        help="Override a config field of every named lab that has it; repeatable.")] = None,
    backend: Annotated[str | None, typer.Option(
        "--backend", metavar="serial|processes|ray", show_default=False,
        help="Where sweep labs run their cells (default: processes, one per core).")] = None,
    workers: Annotated[str | None, typer.Option(
        "--workers", metavar="N", show_default=False,
        help="Cells run at once by a sweep lab (default: one per core).")] = None,
    address: Annotated[str | None, typer.Option(
        "--address", metavar="HOST:PORT", show_default=False,
        help="A running Ray cluster for --backend ray (default: $RAY_ADDRESS, "
             "else a local Ray).")] = None,
) -> None:
    """Run labs and write DIR/<id>/metrics.json, figures, pages and DIR/index.html."""
    try:
        labs = load_labs()
        plan = plan_run(ids, preset, seed, parse_assignments(set_ or []), labs,
                        backend, workers, address)
        check_out_dir(out)
    except UsageError as exc:
        _error(exc)
    err = Console(stderr=True)
    try:
        with RichProgress(err) as progress:
            records = run_plan(plan, preset, out, progress)
    except KeyboardInterrupt:
        _error(f"interrupted; labs that finished are in {out / 'index.html'}", 130)
    except OSError as exc:
        _error(exc, 1)
    _print_summary(records, out)
    failed = [r for r in records if r["status"] != "ok"]
    for record in failed:
        first = (record.get("error") or "unknown error").splitlines()[0]
        print(f"error: lab {record['lab']!r} failed: {first}", file=sys.stderr)
    if failed:
        raise typer.Exit(1)


def _print_summary(records: list[dict[str, Any]], out: Path) -> None:
    """A table of what ran, then where the report is."""
    table = Table(show_edge=False, box=None, pad_edge=False)
    for name in ("lab", "status", "time", "headline"):
        table.add_column(name, no_wrap=name != "headline")
    for r in records:
        headline = ", ".join(f"{k}: {v}" for k, v in (r.get("headline") or {}).items())
        status = "[green]ok[/]" if r["status"] == "ok" else "[red]failed[/]"
        table.add_row(r["lab"], status, format_seconds(r.get("wall_seconds")), headline)
    console = Console(soft_wrap=False)
    console.print(table)
    console.print(f"report: {out / 'index.html'}", markup=False, highlight=False)


@app.command()
def report(
    out: Annotated[Path, typer.Argument(
        help="A run directory (holding <id>/metrics.json files).")] = Path("runs"),
) -> None:
    """Rebuild the HTML report of DIR from its metrics.json files and figures."""
    if not out.is_dir():
        what = "is not a directory" if out.exists() else "does not exist"
        _error(f"report directory {str(out)!r} {what}")
    try:
        records = rebuild(out)
    except OSError as exc:
        _error(exc, 1)
    print(f"report: {out / 'index.html'} ({len(records)} lab{'s' * (len(records) != 1)})")


def main() -> None:
    """Entry point of the `gradschool` console script and `python -m gradschool`."""
    os.environ.setdefault("MPLBACKEND", "Agg")  # before any lab imports pyplot: no windows
    app(prog_name="gradschool")
