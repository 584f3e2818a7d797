"""Run planned labs: seed, time, write `metrics.json`, the lab's page and the report.

Every lab runs in a hidden staging directory next to its final place
(`DIR/.<id>.partial-XXXX/`). Only when its `metrics.json` and page are
written does the staging directory replace `DIR/<id>/` (two renames). So an
interrupted run (Ctrl-C, a crash) leaves every lab directory either as it was
before or complete, never a mix of new figures and old numbers; leftovers of
an interrupted swap are cleaned up (or restored) by the next run.

A sweep lab keeps its cells in `DIR/<id>/study/`, outside the staging
directory, written as they finish: the study folder is moved into the new
result at the swap and never deleted, so an interrupted study resumes and a
finished one only redraws its figures.

A lab that raises is recorded with `"status": "failed"` and the error; the
other labs still run.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import os
import platform
import secrets
import shutil
import sys
import time
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..jsonfiles import atomic_write_json, to_jsonable
from ..labs import Lab, Progress, Result, SilentProgress
from ..labs.quiz import has_quiz, load_quiz
from ..random import fork_rng, seed_everything
from ..report.builder import METRICS_FILE, rebuild_report, write_index, write_lab_page
from ..report.order import Curriculum
from ..sweep import STUDY_DIR, SweepOptions
from .plan import PlannedLab, UsageError, curriculum, plan_run

FIGURE_SUFFIXES = (".svg", ".png", ".gif", ".jpg", ".jpeg", ".webp")


class ResultError(ValueError):
    """A lab returned something the runner cannot record (wrong type, missing figure)."""


def versions() -> dict[str, str]:
    """The versions that produced a result: python, numpy, gradschool, matplotlib, platform."""
    from .. import __version__

    out = {"python": platform.python_version(), "numpy": np.__version__,
           "gradschool": __version__}
    if "matplotlib" in sys.modules:
        out["matplotlib"] = str(sys.modules["matplotlib"].__version__)
    out["platform"] = platform.platform()
    return out


def use_agg_backend() -> None:
    """Make matplotlib draw off-screen (Agg) unless pyplot is already in use (a notebook)."""
    if "matplotlib.pyplot" in sys.modules:
        return
    import matplotlib

    matplotlib.use("Agg")


def _check_result(lab: Lab, result: Any, lab_dir: Path) -> tuple[dict, list[str], dict]:
    """(metrics, figures, headline) from a lab's Result, checked; raises ResultError."""
    if not isinstance(result, Result):
        raise ResultError(f"lab {lab.id!r}: run() must return a gradschool.labs.Result, "
                          f"got {type(result).__name__}")
    if not isinstance(result.metrics, Mapping):
        raise ResultError(f"lab {lab.id!r}: Result.metrics must be a dict, "
                          f"got {type(result.metrics).__name__}")
    figures = [str(name) for name in result.figures]
    for name in figures:
        path = Path(name)
        if path.is_absolute() or ".." in path.parts or not (lab_dir / path).is_file():
            raise ResultError(
                f"lab {lab.id!r}: figure {name!r} is not a file in its output directory "
                f"(save it with gradschool.viz.save_figure(fig, out_dir / {path.name!r}))")
    if not figures:  # none listed: every image the lab wrote, by name
        figures = sorted(p.name for p in lab_dir.iterdir()
                         if p.suffix.lower() in FIGURE_SUFFIXES and not p.name.startswith("."))
    if not isinstance(result.headline, Mapping):
        raise ResultError(f"lab {lab.id!r}: Result.headline must be a dict of label -> text")
    headline = {str(k): v if isinstance(v, str) else str(to_jsonable(v))
                for k, v in result.headline.items()}
    return dict(result.metrics), figures, headline


def sweep_options(item: PlannedLab, final_dir: Path) -> SweepOptions | None:
    """What a sweep lab's `run` gets: its study folder in `final_dir` and its backend."""
    if item.backend is None:
        return None
    b = item.backend
    return SweepOptions(final_dir / STUDY_DIR, b.name, b.workers, b.address)


def execute(item: PlannedLab, preset: str, lab_dir: Path, progress: Progress,
            sweep: SweepOptions | None = None) -> dict[str, Any]:
    """Seed, run and time one lab writing into `lab_dir`; returns its JSON-safe record."""
    lab = item.lab
    metrics: dict[str, Any] = {}
    figures: list[str] = []
    headline: dict[str, str] = {}
    error = tb = None
    quiz: list[dict[str, Any]] = []
    seed_everything(item.seed)
    start = time.perf_counter()
    try:
        quiz = quiz_of(lab)  # first: a broken quiz fails the lab before it runs
        if sweep is None:
            result = lab.run(item.config, lab_dir, progress)
        else:
            result = lab.run(item.config, lab_dir, progress, sweep=sweep)
        metrics, figures, headline = _check_result(lab, result, lab_dir)
    except Exception as exc:  # a failing lab is recorded, the others still run
        error = f"{type(exc).__name__}: {exc}"
        tb = traceback.format_exc()
    wall = time.perf_counter() - start
    return to_jsonable({
        "lab": lab.id, "title": lab.title, "part": lab.part, "summary": lab.summary,
        "preset": preset, "seed": item.seed,
        "config": dataclasses.asdict(item.config), "overrides": item.overrides,
        "metrics": metrics, "headline": headline, "figures": figures,
        "wall_seconds": round(wall, 4), "versions": versions(),
        "status": "ok" if error is None else "failed", "error": error, "traceback": tb,
        "finished_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "explanation": lab.explanation,
        "quiz": quiz,
    })


def quiz_of(lab: Lab) -> list[dict[str, Any]]:
    """The lab's quiz for its page (answers computed now), or [] when it has none."""
    with fork_rng():  # computing the answers must not move the lab's random streams
        return load_quiz(lab).to_json() if has_quiz(lab) else []


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def clean_leftovers(out_dir: Path, lab_id: str) -> None:
    """Remove staging dirs of an interrupted run of `lab_id`; restore a half-swapped result
    (and a study folder caught inside a staging dir)."""
    final = out_dir / lab_id
    for stale in sorted(out_dir.glob(f".{lab_id}.old-*")):
        if not final.exists():
            os.replace(stale, final)  # interrupted between the two renames: put it back
        else:
            _remove(stale)
    for stale in out_dir.glob(f".{lab_id}.partial-*"):
        _discard_stage(stale, final)


def _discard_stage(stage: Path, final: Path) -> None:
    """Remove an unfinished staging dir, first giving a study folder in it back to `final`.

    A complete stage whose swap was interrupted after the old result moved away
    (`final` missing) is put in place instead: that finishes the swap.
    """
    if not final.exists() and (stage / METRICS_FILE).is_file():
        os.replace(stage, final)
        return
    if (stage / STUDY_DIR).is_dir() and not (final / STUDY_DIR).exists():
        final.mkdir(exist_ok=True)
        os.replace(stage / STUDY_DIR, final / STUDY_DIR)
    _remove(stage)


def _swap_into_place(stage: Path, final: Path) -> None:
    """Make `stage` the new `final` directory (two renames); the old one is removed."""
    old = None
    if final.exists() or final.is_symlink():
        old = final.parent / f".{final.name}.old-{secrets.token_hex(4)}"
        os.replace(final, old)
    os.replace(stage, final)
    if old is not None:
        _remove(old)


def run_one(item: PlannedLab, preset: str, out_dir: Path, progress: Progress,
            order: Curriculum | None = None) -> dict[str, Any]:
    """Run one planned lab into `out_dir/<id>/` and refresh `out_dir/index.html`
    (its cards in the `order` given, default: the curriculum of the labs loaded)."""
    lab_id = item.lab.id
    clean_leftovers(out_dir, lab_id)
    stage = out_dir / f".{lab_id}.partial-{secrets.token_hex(4)}"
    stage.mkdir()
    final = out_dir / lab_id
    try:
        record = execute(item, preset, stage, progress, sweep_options(item, final))
        atomic_write_json(stage / METRICS_FILE, record)
        write_lab_page(stage, record)
        if (final / STUDY_DIR).is_dir():  # the study goes with the new result
            os.replace(final / STUDY_DIR, stage / STUDY_DIR)
        _swap_into_place(stage, final)
    finally:
        if stage.exists():
            _discard_stage(stage, final)
    write_index(out_dir, curriculum=order if order is not None else curriculum())
    return record


def _hook(progress: Any, name: str, *args: Any) -> None:
    method = getattr(progress, name, None)
    if callable(method):
        method(*args)


def check_out_dir(out_dir: str | os.PathLike[str]) -> Path:
    """`out_dir` as a Path, if it is a directory or does not exist yet; else UsageError."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {str(out)!r} exists and is not a directory")
    return out


def run_plan(plan: Sequence[PlannedLab], preset: str, out_dir: str | os.PathLike[str],
             progress: Progress | None = None) -> list[dict[str, Any]]:
    """Run labs already checked by `plan_run` into `out_dir`; returns their records.

    `progress` is handed to each lab; if it also has `lab_started(lab, index,
    total)` and `lab_finished(record)` methods, they are called around each lab.
    A KeyboardInterrupt stops the run; finished labs keep their results.
    """
    out = check_out_dir(out_dir)
    use_agg_backend()
    progress = progress if progress is not None else SilentProgress()
    out.mkdir(parents=True, exist_ok=True)
    records = []
    order = curriculum()
    for index, item in enumerate(plan):
        _hook(progress, "lab_started", item.lab, index, len(plan))
        record = run_one(item, preset, out, progress, order)
        records.append(record)
        _hook(progress, "lab_finished", record)
    return records


def run_labs(ids: Sequence[str], preset: str = "quick", out_dir: str | os.PathLike[str] = "runs",
             seed: int | str | None = None, overrides: Mapping[str, Any] | None = None,
             progress: Progress | None = None,
             labs: Mapping[str, Lab] | None = None, backend: str | None = None,
             workers: int | None = None, address: str | None = None) -> list[dict[str, Any]]:
    """Run the labs `ids` (or ["all"]) into `out_dir`; returns one record per lab.

    Everything is checked first (`plan_run`: lab ids, preset, seed, overrides
    and their types, and `out_dir`); a bad request raises UsageError before any
    directory is made or any lab runs. Then, for each lab: seed everything with
    the seed (`seed`, else the config's own), run it, write
    `DIR/<id>/metrics.json` (status "ok" or "failed"), `DIR/<id>/index.html`
    and `DIR/index.html`. `labs` defaults to `load_labs()`. backend, workers,
    address: where sweep labs run their cells (default: local processes).
    """
    plan = plan_run(ids, preset, seed, overrides, labs, backend, workers, address)
    check_out_dir(out_dir)
    return run_plan(plan, preset, out_dir, progress)


def rebuild(out_dir: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Rewrite every lab page and the front page of `out_dir` from its files alone.

    The labs are imported only to hand the report their curriculum order; if a
    lab module is broken, the report is still rebuilt, its cards ordered by id.
    """
    try:
        order = curriculum()
    except Exception:  # a broken lab module must not stop a rebuild
        order = None
    return rebuild_report(Path(out_dir), order)
