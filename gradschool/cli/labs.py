"""`gradschool list`, `gradschool run` and `gradschool report`."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..report.builder import format_seconds
from ..runner import (
    UsageError,
    check_out_dir,
    load_labs,
    parse_assignments,
    plan_run,
    rebuild,
    run_plan,
)
from .app import app, fail
from .progress import RichProgress


def rough_time(seconds: float) -> str:
    """A rough duration for people: "~5 s", "~3 min", "~2 h"."""
    if seconds < 1:
        return "<1 s"
    if seconds < 90:
        return f"~{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"~{seconds / 60:.0f} min"
    return f"~{seconds / 3600:.1f} h"

@app.command("list")
def list_labs() -> None:
    """List the labs: id, part, title and rough time of the quick preset."""
    try:
        labs = load_labs()
    except UsageError as exc:
        fail(exc)
    if not labs:
        print("no labs are registered yet")
        return
    table = Table(title="gradschool labs")
    table.add_column("id", no_wrap=True, style="bold")
    table.add_column("part", no_wrap=True)
    table.add_column("title")
    table.add_column("quick", justify="right", no_wrap=True)
    for lab in labs.values():
        table.add_row(escape(lab.id), escape(lab.part), escape(lab.title),
                      rough_time(lab.quick_seconds))
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
        fail(exc)
    err = Console(stderr=True)
    try:
        with RichProgress(err) as progress:
            records = run_plan(plan, preset, out, progress)
    except KeyboardInterrupt:
        fail(f"interrupted; labs that finished are in {out / 'index.html'}", 130)
    except OSError as exc:
        fail(exc, 1)
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
        table.add_row(escape(r["lab"]), status, format_seconds(r.get("wall_seconds")),
                      escape(headline))
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
        fail(f"report directory {str(out)!r} {what}")
    try:
        records = rebuild(out)
    except OSError as exc:
        fail(exc, 1)
    print(f"report: {out / 'index.html'} ({len(records)} lab{'s' * (len(records) != 1)})")
