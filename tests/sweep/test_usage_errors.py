"""A bad request is one readable SweepUsageError before any cell runs or any file is written."""
from __future__ import annotations

import socket
import subprocess
import sys

import numpy as np
import pytest

from gradschool import sweep

from .cells import grid, noisy_cell
from .conftest import ROOT


def _refused(tmp_path, match, *, cells=None, fn=noisy_cell, **kwargs):
    store = tmp_path / "s"
    with pytest.raises(sweep.SweepUsageError, match=match) as info:
        sweep.run(fn, grid(3) if cells is None else cells, store, **kwargs)
    assert "\n" not in str(info.value)
    assert not store.exists()
    return str(info.value)


def test_unknown_backend_lists_the_valid_ones(tmp_path):
    message = _refused(tmp_path, "unknown backend 'threads'", backend="threads")
    assert "serial, processes, ray" in message
    with pytest.raises(sweep.SweepUsageError, match="unknown backend 'gpu'"):
        sweep.check_backend("gpu")


@pytest.mark.parametrize("workers, match", [
    (0, "workers must be at least 1, got 0"),
    (-2, "workers must be at least 1, got -2"),
    ("2", "workers must be a whole number or None, got '2'"),
    (True, "workers must be a whole number or None, got True"),
    (1.5, "workers must be a whole number or None, got 1.5"),
])
def test_bad_worker_counts(tmp_path, workers, match):
    _refused(tmp_path, match, backend="serial", workers=workers)
    with pytest.raises(sweep.SweepUsageError, match=match):
        sweep.check_backend("processes", workers)


def test_an_address_needs_the_ray_backend(tmp_path):
    _refused(tmp_path, "only used by backend 'ray', not 'processes'", address="head:6379")


def test_duplicate_cells_are_named(tmp_path):
    cells = [{"n": 8, "seed": 0}, {"n": 8, "seed": 1}, {"seed": 0, "n": 8}]
    _refused(tmp_path, r"cells 0 and 2 are the same, \{'seed': 0, 'n': 8\}", cells=cells)


@pytest.mark.parametrize("cell, match", [
    ([("n", 8)], r"cell 0 is a list \(\[\('n', 8\)\]\), not a dict of settings"),
    ({"n": (1, 2)}, r"value\['n'\] has type tuple"),
    ({"n": np.int64(8)}, r"value\['n'\] has type int64"),
    ({"lr": float("nan")}, r"value\['lr'\] is nan; cells hold finite numbers only"),
    ({"layers": {1: 4}}, r"value\['layers'\] has the key 1 \(int\); cell keys must be strings"),
    ({"path": object}, r"value\['path'\] has type type"),
])
def test_cells_must_be_dicts_of_json_values(tmp_path, cell, match):
    _refused(tmp_path, match, cells=[cell], backend="serial")


def test_cells_must_be_a_list(tmp_path):
    _refused(tmp_path, "cells must be a list of dicts, got dict", cells={"n": 8})


def test_fn_must_be_a_top_level_function(tmp_path):
    _refused(tmp_path, "fn must be a top-level function, got .*<lambda>", fn=lambda c: c,
             backend="serial")


def test_progress_must_have_a_sweep_bar(tmp_path):
    _refused(tmp_path, "progress must be None or have a sweep_bar", progress=object())


def test_ray_missing_names_the_extra_to_install(tmp_path):
    """With `import ray` failing (None in sys.modules), both entry points say what to install."""
    code = (
        "import sys; sys.modules['ray'] = None\n"
        "from gradschool import sweep\n"
        "from tests.sweep.cells import grid, noisy_cell\n"
        "for call in (lambda: sweep.check_backend('ray'),\n"
        "             lambda: sweep.run(noisy_cell, grid(2), sys.argv[1], backend='ray')):\n"
        "    try:\n"
        "        call()\n"
        "    except sweep.SweepUsageError as exc:\n"
        "        print(exc)\n"
    )
    store = tmp_path / "s"
    done = subprocess.run([sys.executable, "-c", code, str(store)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    for line in lines:
        assert line.startswith("sweep: backend 'ray' needs Ray, which cannot be imported")
        assert 'pip install -e ".[ray]"' in line
    assert not store.exists()


def _ray_not_initialised():
    ray = pytest.importorskip("ray")
    assert not ray.is_initialized(), "these tests need a process where Ray is not running"


def test_an_address_where_nothing_listens_is_named(tmp_path):
    _ray_not_initialised()
    with pytest.raises(sweep.SweepUsageError, match=r"no Ray cluster at 127\.0\.0\.1:1: "):
        sweep.check_backend("ray", address="127.0.0.1:1", timeout=5)
    _refused(tmp_path, r"no Ray cluster at 127\.0\.0\.1:1", backend="ray",
             address="127.0.0.1:1", timeout=5)


def test_an_address_where_no_ray_answers_gives_up_after_the_timeout(tmp_path):
    """Something listens (and never speaks): the check gives up after `timeout` seconds."""
    _ray_not_initialised()
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        address = f"127.0.0.1:{silent.getsockname()[1]}"
        with pytest.raises(sweep.SweepUsageError,
                           match=f"no Ray cluster answered at {address} within 3 s"):
            sweep.check_backend("ray", address=address, timeout=3)
    import ray
    assert not ray.is_initialized()
