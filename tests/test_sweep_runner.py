"""`gradschool run` of a sweep lab: cells kept in DIR/<id>/study/, resumed, never lost.

Driven with the demo sweep lab (tests/demo_lab.py) through the real CLI.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gradschool.cli import app
from tests.demo_lab import FAIL_ENV
from tests.demo_support import DEMO_MODULE, demo_labs

ROOT = Path(__file__).resolve().parents[1]
LAB = "demo-sweep"


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch):
    with demo_labs(monkeypatch):
        yield


def gradschool(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def cell_files(out: Path) -> dict[str, int]:
    """Each cell file of the study, by name, with its modification time (ns)."""
    return {p.name: p.stat().st_mtime_ns for p in (out / LAB / "study" / "cells").glob("*.json")}


def record(out: Path) -> dict:
    return json.loads((out / LAB / "metrics.json").read_text())


def test_a_finished_study_is_read_back_not_run_again(demo, tmp_path):
    out = tmp_path / "runs"
    first = gradschool("run", LAB, "--out", out, "--backend", "serial")
    assert first.exit_code == 0, first.output
    files = cell_files(out)
    assert len(files) == 6
    assert record(out)["metrics"]["sum_of_squares"] == sum(x * x for x in range(6))

    again = gradschool("run", LAB, "--out", out, "--backend", "serial")
    assert again.exit_code == 0, again.output
    assert cell_files(out) == files  # not one cell was run (or written) again
    assert record(out)["metrics"] == json.loads(json.dumps(record(out)["metrics"]))
    assert (out / LAB / "squares.svg").is_file() and (out / LAB / "index.html").is_file()


def test_results_do_not_depend_on_the_backend(demo, tmp_path):
    serial, processes = tmp_path / "serial", tmp_path / "processes"
    assert gradschool("run", LAB, "--out", serial, "--backend", "serial").exit_code == 0
    result = gradschool("run", LAB, "--out", processes, "--backend", "processes",
                        "--workers", "2")
    assert result.exit_code == 0, result.output
    assert record(serial)["metrics"] == record(processes)["metrics"]


def test_a_failing_cell_keeps_the_others_and_alone_runs_again(demo, tmp_path, monkeypatch):
    out = tmp_path / "runs"
    monkeypatch.setenv(FAIL_ENV, "3")
    failed = gradschool("run", LAB, "--out", out, "--backend", "serial")
    assert failed.exit_code == 1
    assert "x=3" in failed.stderr and "1 of 6" in failed.stderr
    assert record(out)["status"] == "failed"
    kept = cell_files(out)
    assert len(kept) == 5

    monkeypatch.delenv(FAIL_ENV)
    fixed = gradschool("run", LAB, "--out", out, "--backend", "serial")
    assert fixed.exit_code == 0, fixed.output
    now = cell_files(out)
    assert len(now) == 6 and all(now[name] == mtime for name, mtime in kept.items())
    assert record(out)["status"] == "ok"


@pytest.mark.parametrize("args, words", [
    (["--backend", "nope"], ["unknown backend", "nope", "serial", "processes", "ray"]),
    (["--workers", "0"], ["workers", "0"]),
    (["--workers", "two"], ["--workers", "two"]),
    (["--backend", "ray", "--address", "127.0.0.1:1"], ["127.0.0.1:1"]),
])
def test_bad_backend_requests_fail_in_one_line_and_touch_nothing(demo, tmp_path, args, words):
    out = tmp_path / "runs"
    assert gradschool("run", LAB, "--out", out, "--backend", "serial").exit_code == 0
    before = cell_files(out)
    page = (out / LAB / "metrics.json").read_bytes()
    result = gradschool("run", LAB, "--out", out, *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    assert cell_files(out) == before and (out / LAB / "metrics.json").read_bytes() == page


def test_backend_options_need_a_sweep_lab(demo, tmp_path):
    result = gradschool("run", "demo-sine", "--out", tmp_path, "--backend", "serial")
    assert result.exit_code == 2 and "only sweep labs" in result.stderr
    assert not (tmp_path / "demo-sine").exists()


def test_backend_ray_without_ray_names_the_extra(tmp_path):
    code = ("import sys; sys.modules['ray'] = None\n"
            "from gradschool.cli import main\n"
            f"sys.argv = ['gradschool', 'run', '{LAB}', '--out', {str(tmp_path)!r}, "
            "'--backend', 'ray']\n"
            "main()\n")
    env = {**os.environ, "GRADSCHOOL_EXTRA_LABS": DEMO_MODULE,
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and '.[ray]' in done.stderr, done.stderr
    assert not (tmp_path / LAB).exists()


def test_an_interrupted_swap_gives_the_study_back(demo, tmp_path):
    """A study folder caught in a staging directory returns to the lab on the next run."""
    out = tmp_path / "runs"
    assert gradschool("run", LAB, "--out", out, "--backend", "serial").exit_code == 0
    files = cell_files(out)
    stage = out / f".{LAB}.partial-dead"
    stage.mkdir()
    os.replace(out / LAB / "study", stage / "study")  # as if killed between the renames
    again = gradschool("run", LAB, "--out", out, "--backend", "serial")
    assert again.exit_code == 0, again.output
    assert cell_files(out) == files and not stage.exists()
