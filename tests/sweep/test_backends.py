"""The same results on every backend, worker count and finishing order; one BLAS thread each."""
from __future__ import annotations

import os

import pytest

from gradschool import sweep

from .cells import expected, grid, noisy_cell, thread_env_cell

ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@pytest.fixture(scope="module")
def local_ray():
    """A local Ray instance with 2 CPUs for this module, shut down at its end."""
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             configure_logging=False)
    yield ray
    ray.shutdown()


def test_results_do_not_depend_on_backend_workers_or_order(tmp_path, monkeypatch, local_ray):
    cells = grid(8)
    oracle = expected(noisy_cell, cells)
    monkeypatch.setenv("SWEEP_TEST_SLEEP", "0.05")   # cells end out of submission order
    runs = {
        "serial": sweep.run(noisy_cell, cells, tmp_path / "serial", backend="serial"),
        "processes x1": sweep.run(noisy_cell, cells, tmp_path / "p1", workers=1),
        "processes x2": sweep.run(noisy_cell, cells, tmp_path / "p2", workers=2),
        "processes x2, reversed": sweep.run(noisy_cell, cells[::-1], tmp_path / "rev",
                                            workers=2)[::-1],
        "ray x2": sweep.run(noisy_cell, cells, tmp_path / "ray", backend="ray", workers=2),
        "ray, cluster's CPUs": sweep.run(noisy_cell, cells, tmp_path / "ray-all",
                                         backend="ray"),
    }
    for name, results in runs.items():
        assert results == oracle, name
    assert len({str(r["weight"]) for r in oracle}) == len(cells)   # the seeds differ per cell


def test_workers_run_with_one_blas_thread_and_the_parent_keeps_its_environment(
        tmp_path, local_ray):
    pytest.importorskip("threadpoolctl")
    before = {name: os.environ.get(name) for name in ONE_THREAD}
    for backend in ("processes", "ray"):
        results = sweep.run(thread_env_cell, grid(2), tmp_path / backend, backend=backend,
                            workers=2)
        for result in results:
            assert result["env"] == ONE_THREAD, backend
            assert result["blas_threads"] == [1], backend
            assert result["pid"] != os.getpid()
    assert {name: os.environ.get(name) for name in ONE_THREAD} == before


def test_serial_cells_also_compute_with_one_blas_thread(tmp_path):
    from threadpoolctl import threadpool_info

    threads_before = sorted(pool["num_threads"] for pool in threadpool_info())
    results = sweep.run(thread_env_cell, grid(2), tmp_path, backend="serial")
    assert all(result["blas_threads"] == [1] for result in results)
    assert sorted(pool["num_threads"] for pool in threadpool_info()) == threads_before


def test_ray_backend_reuses_the_initialised_ray(tmp_path, local_ray):
    job = local_ray.get_runtime_context().get_job_id()
    sweep.check_backend("ray", workers=2)
    sweep.run(noisy_cell, grid(2), tmp_path / "s", backend="ray")
    assert local_ray.is_initialized()
    assert local_ray.get_runtime_context().get_job_id() == job
    assert local_ray.cluster_resources()["CPU"] == 2


def test_progress_with_ray_names_running_cells(tmp_path, local_ray):
    progress = sweep.PlainSweepProgress(stream=None)
    sweep.run(noisy_cell, grid(4), tmp_path / "s", backend="ray", workers=2, progress=progress)
    assert progress.updates[-1] == (4, 4, "")
    running = {text for _, _, text in progress.updates if text}
    assert any(text.startswith("2 running; slowest: n=8, seed=0 (") for text in running)


@pytest.mark.parametrize("backend", ["serial", "processes", "ray"])
def test_a_failing_cell_is_reported_the_same_way_on_every_backend(tmp_path, backend, local_ray):
    cells = [*grid(3), {"n": -1, "seed": 9}]           # NumPy refuses a negative size
    with pytest.raises(sweep.SweepError) as info:
        sweep.run(noisy_cell, cells, tmp_path / "s", backend=backend, workers=2)
    assert [f["cell"] for f in info.value.failures] == [cells[3]]
    assert info.value.failures[0]["error"] == "ValueError: negative dimensions are not allowed"
    assert sweep.load_results(noisy_cell, cells, tmp_path / "s") == \
        [*expected(noisy_cell, cells[:3]), None]
