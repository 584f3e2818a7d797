"""The ray backend: cells as Ray tasks, on a local Ray instance or a Ray cluster.

    ray.init(address=address or $RAY_ADDRESS)    # no address: a local instance

Ray is an optional extra (`pip install -e ".[ray]"`), imported only when this
backend is asked for. If Ray is already initialised in this process (a
notebook, a test, an earlier sweep), it is used as it is. Each task asks for
one CPU and runs with `OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=MKL_NUM_THREADS=1`
(a task `runtime_env`, so the worker starts with them). At most `workers` tasks
are in flight (by default, the cluster's CPUs), so the cells handed to Ray are
the running ones and the progress bar can time them. gradschool and the cell
function's module must be importable on every node of a cluster.

Before connecting to an address, a bounded check says whether a Ray cluster
answers there: a TCP connection to HOST:PORT, then a throw-away `ray.init` in a
child process killed after `timeout` seconds (a `ray.init` in this process can
hang for minutes on an address where something else listens).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

from ..errors import SweepUsageError
from ..worker import ONE_THREAD_ENV, execute_cell, failure
from .base import Event, Finished, Started, Task

INSTALL_HINT = 'pip install -e ".[ray]" (or pip install "gradschool[ray]")'
CONNECT_TIMEOUT = 20.0
POLL_SECONDS = 0.25
_PROBE = (
    "import sys, ray\n"
    "ray.init(address=sys.argv[1], log_to_driver=False, configure_logging=False)\n"
    "ray.shutdown()\n"
)


def import_ray() -> ModuleType:
    """The `ray` module, or a SweepUsageError saying how to install it."""
    try:
        import ray
    except ImportError as exc:
        raise SweepUsageError(f"sweep: backend 'ray' needs Ray, which cannot be imported "
                              f"({exc}); install it with {INSTALL_HINT}") from None
    return ray


def _host_port(address: str) -> tuple[str, int] | None:
    """(host, port) of `HOST:PORT` or `ray://HOST:PORT`; None for `auto`, `local`, etc."""
    rest = address.removeprefix("ray://")
    host, sep, port = rest.rpartition(":")
    if not sep or not port.isdigit():
        return None
    return host.strip("[]"), int(port)


def probe(address: str, timeout: float = CONNECT_TIMEOUT) -> None:
    """Raise SweepUsageError unless a Ray cluster answers at `address` within `timeout` s."""
    deadline = time.monotonic() + timeout
    where = _host_port(address)
    if where is not None:
        try:
            socket.create_connection(where, timeout=timeout).close()
        except OSError as exc:
            raise SweepUsageError(f"sweep: no Ray cluster at {address}: cannot connect "
                                  f"({exc.strerror or exc})") from None
    try:
        done = subprocess.run([sys.executable, "-c", _PROBE, address], capture_output=True,
                              text=True, timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        raise SweepUsageError(f"sweep: no Ray cluster answered at {address} within "
                              f"{timeout:g} s") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        why = lines[-1].strip() if lines else f"exit status {done.returncode}"
        raise SweepUsageError(f"sweep: could not connect to a Ray cluster at {address}: {why}")


def connect(address: str | None = None, timeout: float = CONNECT_TIMEOUT) -> ModuleType:
    """Ray, initialised: as it is if already initialised, else at `address` or $RAY_ADDRESS,
    else a new local instance."""
    ray = import_ray()
    if ray.is_initialized():
        return ray
    target = address or os.environ.get("RAY_ADDRESS") or None
    if target is None:
        ray.init(include_dashboard=False)
    else:
        probe(target, timeout)
        ray.init(address=target)
    return ray


class RayBackend:
    """Run cells as Ray tasks, at most `workers` at a time (default: the cluster's CPUs)."""

    name = "ray"

    def __init__(self, workers: int | None = None, address: str | None = None,
                 timeout: float = CONNECT_TIMEOUT) -> None:
        self.workers, self.address, self.timeout = workers, address, timeout

    def run(self, fn: Callable[[dict[str, Any]], Any], tasks: list[Task]) -> Iterator[Event]:
        ray = connect(self.address, self.timeout)
        limit = self.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        remote = ray.remote(execute_cell).options(
            num_cpus=1, runtime_env={"env_vars": dict(ONE_THREAD_ENV)})
        fn_ref = ray.put(fn)
        waiting = deque(tasks)
        in_flight: dict[Any, Task] = {}
        try:
            while waiting or in_flight:
                while waiting and len(in_flight) < limit:
                    task = waiting.popleft()
                    in_flight[remote.remote(fn_ref, task.cell, task.key)] = task
                    yield Started(task.key)
                ready, _ = ray.wait(list(in_flight), num_returns=len(in_flight),
                                    timeout=POLL_SECONDS)
                for ref in sorted(ready, key=lambda r: in_flight[r].index):
                    task = in_flight.pop(ref)
                    try:
                        outcome = ray.get(ref)
                    except ray.exceptions.RayError as exc:  # a lost worker or node
                        outcome = failure(task.key, getattr(exc, "cause", None) or exc)
                    yield Finished(outcome)
        finally:
            for ref in in_flight:
                try:
                    ray.cancel(ref, force=True)
                except Exception:  # already finished, or Ray is shutting down
                    pass
