"""Keys, the store's files, reading a store, and progress, on the serial backend."""
from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import time

import pytest
from rich.console import Console

import gradschool as gs
from gradschool import sweep
from gradschool.sweep.keys import canonical_json

from .cells import expected, grid, list_cell, noisy_cell
from .conftest import ROOT, finished_seeds, started_cells


def test_key_is_the_documented_hash_of_cell_and_function():
    cell = {"seed": 2, "n": 8}
    name = "tests.sweep.cells:noisy_cell"
    digest = hashlib.sha256(
        json.dumps({"fn": name, "cell": cell}, sort_keys=True, separators=(",", ":"))
        .encode()).hexdigest()
    key = sweep.cell_key(noisy_cell, cell)
    assert key == f"n=8_seed=2-{digest[:16]}"
    assert sweep.cell_seed(key) == int(digest[:16], 16)
    assert sweep.cell_key(noisy_cell, {"n": 8, "seed": 2}) == key      # order of settings
    assert sweep.cell_key(list_cell, cell) != key                      # another function
    assert sweep.cell_key(noisy_cell, {"seed": 3, "n": 8}) != key
    assert canonical_json({"b": [1, 2.5], "a": None}) == '{"a":null,"b":[1,2.5]}'


def test_key_is_the_same_in_another_interpreter():
    """No per-process hash randomisation: a fresh interpreter computes the same key."""
    code = ("from gradschool import sweep; from tests.sweep.cells import noisy_cell; "
            "print(sweep.cell_key(noisy_cell, {'n': 8, 'seed': 2, 'lr': 0.1, 'tag': 'a b'}))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True, env=dict(os.environ, PYTHONHASHSEED="123"))
    assert done.stdout.strip() == sweep.cell_key(noisy_cell,
                                                 {"n": 8, "seed": 2, "lr": 0.1, "tag": "a b"})


def test_results_come_back_in_cell_order_and_as_their_files_read(tmp_path):
    cells = grid(5)
    results = sweep.run(noisy_cell, cells, tmp_path / "s", backend="serial")
    assert results == expected(noisy_cell, cells)
    for cell, result in zip(cells, results):
        record = json.loads((tmp_path / "s" / "cells" /
                             f"{sweep.cell_key(noisy_cell, cell)}.json").read_text())
        assert record["cell"] == cell
        assert record["fn"] == "tests.sweep.cells:noisy_cell"
        assert record["result"] == result
        assert record["seconds"] >= 0
    assert sweep.load_results(noisy_cell, cells, tmp_path / "s") == results


def test_finished_cells_are_not_run_again(tmp_path, cell_log):
    cells = grid(6)
    sweep.run(noisy_cell, cells[:4], tmp_path / "s", backend="serial")
    assert [seed for seed, _ in started_cells(cell_log)] == [0, 1, 2, 3]
    cell_log.unlink()
    results = sweep.run(noisy_cell, cells, tmp_path / "s", backend="serial")
    assert [seed for seed, _ in started_cells(cell_log)] == [4, 5]
    assert results == expected(noisy_cell, cells)


def test_reading_a_store_runs_and_creates_nothing(tmp_path, cell_log):
    cells = grid(4)
    assert sweep.load_results(noisy_cell, cells, tmp_path / "none") == [None] * 4
    assert sweep.missing(noisy_cell, cells, tmp_path / "none") == cells
    assert not (tmp_path / "none").exists()
    sweep.run(noisy_cell, cells[1:3], tmp_path / "s", backend="serial")
    cell_log.unlink()
    results = sweep.load_results(noisy_cell, cells, tmp_path / "s")
    assert results[0] is None and results[3] is None
    assert results[1:3] == expected(noisy_cell, cells[1:3])
    assert sweep.missing(noisy_cell, cells, tmp_path / "s") == [cells[0], cells[3]]
    records = sweep.load_records(noisy_cell, cells, tmp_path / "s")
    assert records[1]["cell"] == cells[1] and records[1]["seconds"] >= 0
    assert not cell_log.exists()


def test_stale_temporary_files_are_ignored_then_removed(tmp_path):
    cells = grid(3)
    folder = tmp_path / "s" / "cells"
    folder.mkdir(parents=True)
    key = sweep.cell_key(noisy_cell, cells[0])
    old = folder / f".{key}.json.0a1b2c3d.tmp"
    old.write_text('{"cell": {"n": 8, "se')          # what a kill mid-write leaves
    long_ago = time.time() - 3600
    os.utime(old, (long_ago, long_ago))
    fresh = folder / f".{key}.json.deadbeef.tmp"      # maybe another sweep writing right now
    fresh.write_text("{")
    assert sweep.missing(noisy_cell, cells, tmp_path / "s") == cells
    sweep.run(noisy_cell, cells, tmp_path / "s", backend="serial")
    assert not old.exists() and fresh.exists()
    assert finished_seeds(tmp_path / "s") == {0, 1, 2}


def test_a_hand_edited_cell_file_counts_as_missing(tmp_path, cell_log):
    cells = grid(2)
    sweep.run(noisy_cell, cells, tmp_path / "s", backend="serial")
    path = tmp_path / "s" / "cells" / f"{sweep.cell_key(noisy_cell, cells[1])}.json"
    path.write_text("not json")
    cell_log.unlink()
    assert sweep.run(noisy_cell, cells, tmp_path / "s", backend="serial") == \
        expected(noisy_cell, cells)
    assert [seed for seed, _ in started_cells(cell_log)] == [1]


def test_a_cell_that_returns_no_dict_is_a_failed_cell(tmp_path):
    with pytest.raises(sweep.SweepError, match="returned a list; a cell function returns a dict"):
        sweep.run(list_cell, grid(2), tmp_path / "s", backend="serial")
    assert not (tmp_path / "s" / "cells").exists()
    assert len(list((tmp_path / "s" / "errors").glob("*.json"))) == 2


def test_serial_sweep_leaves_the_callers_random_state_as_it_was(tmp_path):
    gs.manual_seed(5)
    before = gs.random.default_generator().normal(size=3)
    gs.manual_seed(5)
    sweep.run(noisy_cell, grid(3), tmp_path / "s", backend="serial")
    assert (gs.random.default_generator().normal(size=3) == before).all()


def test_progress_counts_cells_and_names_the_slowest_running_one(tmp_path, monkeypatch):
    cells = grid(4)
    sweep.run(noisy_cell, cells[:1], tmp_path / "s", backend="serial")
    monkeypatch.setenv("SWEEP_TEST_SLEEP", "0.3")     # seed 1 sleeps 0.3 s, seed 2 0.6 s
    log = io.StringIO()
    progress = sweep.PlainSweepProgress(log)
    sweep.run(noisy_cell, cells, tmp_path / "s", backend="serial", progress=progress)
    dones = [done for done, _, _ in progress.updates]
    assert dones[0] == 1 and dones[-1] == 4 and dones == sorted(dones)
    assert {total for _, total, _ in progress.updates} == {4}
    assert "1 running; slowest: n=8, seed=1 (0s)" in {r for _, _, r in progress.updates}
    assert progress.updates[-1][2] == ""
    assert log.getvalue().splitlines()[-1] == "sweep: 4/4 cells done"


def test_rich_progress_draws_a_bar(tmp_path):
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120)
    sweep.run(noisy_cell, grid(3), tmp_path / "s", backend="serial",
              progress=sweep.RichSweepProgress(console, description="study"))
    assert "study" in out.getvalue() and "3/3" in out.getvalue()


def test_serial_sweep_gives_back_the_callers_generator_object(tmp_path):
    held = gs.random.default_generator()
    sweep.run(noisy_cell, grid(2), tmp_path / "s", backend="serial")
    assert gs.random.default_generator() is held
