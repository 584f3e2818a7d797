"""A study resumes after kill -9 or Ctrl-C; failed and lost cells are reported, the rest kept."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from gradschool import sweep

from .cells import dying_cell, expected, flaky_cell, grid, noisy_cell
from .conftest import ROOT, alive, finished_seeds, started_cells

N_CELLS = 16
GUARD_SECONDS = 120   # only against a hang; the steps below take seconds


def _start_study(store, log, **popen):
    """The study of noisy_cell on grid(N_CELLS), 2 worker processes, in a child process."""
    code = "from tests.sweep.cells import run_from_command_line; run_from_command_line()"
    env = dict(os.environ, SWEEP_TEST_LOG=str(log), SWEEP_TEST_SLEEP="0.2")
    return subprocess.Popen([sys.executable, "-c", code, str(store), str(N_CELLS)], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, **popen)


def _wait_for_cells(store, proc, count):
    """Block until `count` cell files exist in the store of the running study."""
    deadline = time.monotonic() + GUARD_SECONDS
    while len(finished_seeds(store)) < count:
        assert proc.poll() is None, f"the study ended early: {proc.stderr.read()}"
        assert time.monotonic() < deadline, "the study made no progress"
        time.sleep(0.02)


def _wait_until_gone(pids):
    deadline = time.monotonic() + GUARD_SECONDS
    while any(alive(pid) for pid in pids):
        assert time.monotonic() < deadline, f"workers still alive: {pids}"
        time.sleep(0.05)


def _resume_runs_only_the_missing_cells(store, log, monkeypatch):
    """Run the same study here; check it ran exactly the unfinished cells, each once."""
    finished = finished_seeds(store)
    assert 0 < len(finished) < N_CELLS
    resumed = log.with_name("resumed.log")
    monkeypatch.setenv("SWEEP_TEST_LOG", str(resumed))
    results = sweep.run(noisy_cell, grid(N_CELLS), store, backend="processes", workers=2)
    ran = sorted(seed for seed, _ in started_cells(resumed))
    assert ran == sorted(set(range(N_CELLS)) - finished)
    assert results == expected(noisy_cell, grid(N_CELLS))
    assert finished_seeds(store) == set(range(N_CELLS))


def test_a_study_killed_with_sigkill_resumes_where_it_stopped(tmp_path, monkeypatch):
    store, log = tmp_path / "study", tmp_path / "first.log"
    proc = _start_study(store, log)
    _wait_for_cells(store, proc, 3)
    proc.kill()
    proc.wait()
    # Orphaned workers notice their parent is gone and exit instead of computing on.
    _wait_until_gone({pid for _, pid in started_cells(log)})
    _resume_runs_only_the_missing_cells(store, log, monkeypatch)


def test_ctrl_c_stops_the_workers_and_keeps_the_finished_cells(tmp_path, monkeypatch):
    store, log = tmp_path / "study", tmp_path / "first.log"
    proc = _start_study(store, log, start_new_session=True)
    _wait_for_cells(store, proc, 3)
    os.killpg(proc.pid, signal.SIGINT)            # what Ctrl-C in a terminal does
    _, stderr = proc.communicate(timeout=GUARD_SECONDS)
    assert "KeyboardInterrupt" in stderr
    # The parent stopped its workers before it exited.
    assert not any(alive(pid) for _, pid in started_cells(log))
    _resume_runs_only_the_missing_cells(store, log, monkeypatch)


def test_a_failing_cell_is_reported_and_retried_alone(tmp_path, monkeypatch, cell_log):
    flag = tmp_path / "fail"
    flag.touch()
    monkeypatch.setenv("SWEEP_TEST_FAIL", str(flag))
    cells, store = grid(6), tmp_path / "s"
    with pytest.raises(sweep.SweepError) as info:
        sweep.run(flaky_cell, cells, store, backend="processes", workers=2)
    message = str(info.value)
    assert message.startswith("sweep: 1 of 6 cells failed; first: {'n': 8, 'seed': 3}: "
                              "ValueError: cell seed 3 fails on purpose")
    assert "running the same sweep again retries only the failed ones" in message
    assert info.value.failures == [{"cell": cells[3], "key": sweep.cell_key(flaky_cell, cells[3]),
                                    "error": "ValueError: cell seed 3 fails on purpose"}]
    error_file = store / "errors" / f"{sweep.cell_key(flaky_cell, cells[3])}.json"
    assert "raise ValueError" in error_file.read_text()
    assert finished_seeds(store) == {0, 1, 2, 4, 5}
    assert sweep.missing(flaky_cell, cells, store) == [cells[3]]

    flag.unlink()
    cell_log.unlink()
    results = sweep.run(flaky_cell, cells, store, backend="processes", workers=2)
    assert [seed for seed, _ in started_cells(cell_log)] == [3]
    assert results == expected(flaky_cell, cells)
    assert not error_file.exists()


def test_a_lost_worker_fails_its_cell_and_the_others_finish(tmp_path, monkeypatch, cell_log):
    flag = tmp_path / "die"
    flag.touch()
    monkeypatch.setenv("SWEEP_TEST_DIE", str(flag))
    monkeypatch.setenv("SWEEP_TEST_SLEEP", "0.1")
    cells, store = grid(8), tmp_path / "s"
    with pytest.raises(sweep.SweepError) as info:
        sweep.run(dying_cell, cells, store, backend="processes", workers=2)
    assert [f["cell"] for f in info.value.failures] == [cells[3]]
    assert info.value.failures[0]["error"].startswith(
        "WorkerLost: the worker process running this cell died (killed by SIGKILL: out of memory")
    assert finished_seeds(store) == set(range(8)) - {3}

    flag.unlink()
    cell_log.unlink()
    results = sweep.run(dying_cell, cells, store, backend="processes", workers=2)
    assert [seed for seed, _ in started_cells(cell_log)] == [3]
    assert results == expected(dying_cell, cells)
