"""Build the static HTML report from what a run directory holds.

    DIR/index.html          one card per lab run so far, grouped by part
    DIR/<id>/index.html     the lab's page: figures, metrics, explanation
    DIR/<id>/metrics.json   what the runner recorded (the only input)

The pages are self-contained: inline CSS, no fonts or anything else from the
network, no script but the quiz's small inline one; images are referenced by
relative path. Everything is rendered from `metrics.json` (the lab's
explanation is Markdown in it), so `gradschool report DIR` rebuilds the report
from the files alone, without running the labs; this package never imports
them. The order of the cards comes from a `Curriculum` handed in by the caller
(the runner).
"""
from __future__ import annotations

import datetime as _dt
import json
import shlex
import sys
from pathlib import Path
from typing import Any

import jinja2

from ..atomic import atomic_write_text
from .markdown import render_markdown
from .order import Curriculum
from .render import cli_text, format_number, render_dict, render_value

METRICS_FILE = "metrics.json"
PAGE_FILE = "index.html"

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("gradschool.report", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["number"] = format_number
_env.filters["seconds"] = lambda s: format_seconds(s)


def format_seconds(seconds: Any) -> str:
    """A wall time for people: "0.42 s", "12 s", "3 min 05 s", "1 h 02 min"."""
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool):
        return "—"
    if seconds < 0.01:
        return "<0.01 s"
    if seconds < 10:
        return f"{seconds:.2g} s" if seconds < 1 else f"{seconds:.1f} s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        m, s = divmod(round(seconds), 60)
        return f"{m} min {s:02d} s"
    h, m = divmod(round(seconds) // 60, 60)
    return f"{h} h {m:02d} min"


def read_record(lab_dir: Path) -> dict[str, Any] | None:
    """The record in `lab_dir/metrics.json`, or None when it is missing or unreadable."""
    path = lab_dir / METRICS_FILE
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        print(f"warning: skipping {path}: {exc}", file=sys.stderr)
        return None
    if not isinstance(record, dict) or not isinstance(record.get("lab"), str):
        print(f"warning: skipping {path}: not a gradschool metrics file", file=sys.stderr)
        return None
    return record


def read_records(out_dir: Path) -> list[dict[str, Any]]:
    """Every lab record under `out_dir` (one per `<id>/metrics.json`; hidden dirs skipped)."""
    records = []
    for lab_dir in sorted(p for p in Path(out_dir).iterdir()
                          if p.is_dir() and not p.name.startswith(".")):
        record = read_record(lab_dir)
        if record is not None:
            record["_dir"] = lab_dir.name  # where it lies, which links must follow
            records.append(record)
    return records


def _figures(record: dict[str, Any], lab_dir: Path | None) -> list[str]:
    """The record's figure names that are safe relative paths (and exist, when checkable)."""
    names = []
    for name in record.get("figures") or []:
        if not isinstance(name, str) or name.startswith("/") or ".." in Path(name).parts:
            continue
        if lab_dir is None or (lab_dir / name).is_file():
            names.append(name)
    return names


def _context(record: dict[str, Any], lab_dir: Path | None) -> dict[str, Any]:
    """What the templates need to show one lab record."""
    headline = record.get("headline") or {}
    return {
        "id": record["lab"],
        "dir": record.get("_dir") or record["lab"],
        "title": record.get("title") or record["lab"],
        "part": record.get("part") or "other",
        "summary": record.get("summary") or "",
        "status": record.get("status") or "unknown",
        "error": record.get("error"),
        "traceback": record.get("traceback"),
        "preset": record.get("preset"),
        "rerun": _rerun_command(record),
        "seed": record.get("seed"),
        "wall_seconds": record.get("wall_seconds"),
        "finished_at": record.get("finished_at"),
        "headline": headline if isinstance(headline, dict) else {},
        "figures": _figures(record, lab_dir),
        "metrics_html": render_dict(record.get("metrics") or {}),
        "config_html": render_dict(record.get("config") or {}),
        "versions": record.get("versions") or {},
        # The lab's explanation is Markdown written by its author (trusted, as code is).
        "explanation": render_markdown(record.get("explanation") or ""),
        "quiz": [q for q in record.get("quiz") or [] if isinstance(q, dict)],
    }


def render_lab_page(record: dict[str, Any], lab_dir: Path | None = None) -> str:
    """The HTML of one lab's page (`DIR/<id>/index.html`) for `record`."""
    return _env.get_template("lab.html").render(
        lab=_context(record, lab_dir), render_value=render_value, generated=_now())


def write_lab_page(lab_dir: Path, record: dict[str, Any]) -> Path:
    """Write `lab_dir/index.html` for `record` atomically; returns its path."""
    return atomic_write_text(Path(lab_dir) / PAGE_FILE, render_lab_page(record, Path(lab_dir)))


def render_index(records: list[dict[str, Any]], out_dir: Path | None = None,
                 curriculum: Curriculum | None = None) -> str:
    """The HTML of the report's front page: one card per record, grouped by part.

    Cards and parts follow `curriculum` (default: labs by id, parts as first seen).
    """
    groups = []
    for part, items in (curriculum or Curriculum()).group_by_part(records):
        cards = [_context(r, None if out_dir is None else Path(out_dir) / _dir(r))
                 for r in items]
        groups.append({"part": part, "cards": cards})
    total = sum(r.get("wall_seconds") or 0 for r in records
                if isinstance(r.get("wall_seconds"), (int, float)))
    failed = sum(1 for r in records if r.get("status") != "ok")
    return _env.get_template("index.html").render(
        groups=groups, count=len(records), failed=failed, total_seconds=total,
        generated=_now())


def write_index(out_dir: Path, records: list[dict[str, Any]] | None = None,
                curriculum: Curriculum | None = None) -> Path:
    """Write `out_dir/index.html` from `records` (default: read them from disk)."""
    out_dir = Path(out_dir)
    if records is None:
        records = read_records(out_dir)
    return atomic_write_text(out_dir / PAGE_FILE, render_index(records, out_dir, curriculum))


def rebuild_report(out_dir: Path, curriculum: Curriculum | None = None
                   ) -> list[dict[str, Any]]:
    """Rewrite every lab page and the front page under `out_dir`; returns the records."""
    out_dir = Path(out_dir)
    records = read_records(out_dir)
    for record in records:
        write_lab_page(out_dir / _dir(record), record)
    write_index(out_dir, records, curriculum)
    return records


def _rerun_command(record: dict[str, Any]) -> str:
    """The `gradschool run` command line that repeats this record's run."""
    words = ["gradschool", "run", str(record["lab"])]
    if record.get("preset"):
        words += ["--preset", str(record["preset"])]
    if record.get("seed") is not None:
        words += ["--seed", str(record["seed"])]
    overrides = record.get("overrides")
    for key, value in (overrides.items() if isinstance(overrides, dict) else []):
        if key != "seed":
            words += ["--set", shlex.quote(f"{key}={cli_text(value)}")]
    return " ".join(words)


def _dir(record: dict[str, Any]) -> str:
    return str(record.get("_dir") or record["lab"])


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
